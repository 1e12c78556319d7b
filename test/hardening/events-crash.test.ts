// The outbox across a crash: a real server under concurrent SCIM writes (users, groups, memberships, Bulk) is killed
// with SIGKILL. After a restart every acknowledged write has its event, every version of every resource has exactly one
// event, and the events replay to what the database holds: no change without its event, no event without its change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../../src/storage/postgres/testing/test-schema.js';
import { cli, serve } from '../support/rollcall-process.js';
import { GROUP_SCHEMA, USER_SCHEMA } from '../support/scim-harness.js';
import { TEST_ENGINE } from '../support/test-store.js';

// As many writers as the bench's connections: SQLite's group commit then batches writes as it does under bench load.
const WORKERS = 16;
const KILL_AFTER_ACKS = 300;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const dir = mkdtempSync(join(tmpdir(), 'rollcall-events-crash-'));
const schema = TEST_ENGINE === 'postgres' ? await createTestSchema() : undefined;
const databaseUrl = schema ? schema.url : `sqlite:${join(dir, 'crash.db')}`;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await schema?.drop();
});

/** A write the server answered with success: the resource and the version it answered with (null: deleted). */
interface Ack {
  readonly type: 'User' | 'Group';
  readonly id: string;
  readonly version: number | null;
}

interface EventRow {
  type: string;
  resource_type: string;
  resource_id: string;
  resource_version: number | null;
  data: string | Record<string, unknown>;
}

const versionOf = (etag: string | null | undefined): number => Number(/(\d+)"$/.exec(etag ?? '')?.[1]);

/** One writer: its own users and groups, so its writes never wait on another writer's precondition. */
async function writer(origin: string, token: string, acks: Ack[], stopped: () => boolean): Promise<void> {
  const users: string[] = [];
  const groups: string[] = [];
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${origin}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, etag: response.headers.get('etag'), body: response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>) };
  };
  const pick = (list: string[]) => list[Math.floor(Math.random() * list.length)]!;
  for (let i = 0; !stopped(); i += 1) {
    const name = `${crypto.randomUUID()}@crash.example`;
    try {
      const step = users.length < 2 ? 0 : i % 6;
      if (step === 0) {
        const r = await send('POST', '/Users', { schemas: [USER_SCHEMA], userName: name });
        if (r.status === 201) {
          users.push(String(r.body['id']));
          acks.push({ type: 'User', id: String(r.body['id']), version: versionOf(r.etag) });
        }
      } else if (step === 1) {
        const id = pick(users);
        const r = await send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: i % 4 === 1 } }] });
        if (r.status === 200) acks.push({ type: 'User', id, version: versionOf(r.etag) });
      } else if (step === 2) {
        const r = await send('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: `g-${name}`, members: [{ value: pick(users) }] });
        if (r.status === 201) {
          groups.push(String(r.body['id']));
          acks.push({ type: 'Group', id: String(r.body['id']), version: versionOf(r.etag) });
        }
      } else if (step === 3 && groups.length > 0) {
        const id = pick(groups);
        const op = i % 12 === 3 ? { op: 'remove', path: `members[value eq "${pick(users)}"]` } : { op: 'add', path: 'members', value: [{ value: pick(users) }] };
        const r = await send('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [op] });
        if (r.status === 200) acks.push({ type: 'Group', id, version: versionOf(r.etag) });
      } else if (step === 4) {
        const r = await send('POST', '/Bulk', {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
          Operations: [
            { method: 'POST', path: '/Users', bulkId: 'a', data: { schemas: [USER_SCHEMA], userName: `a-${name}` } },
            { method: 'POST', path: '/Users', bulkId: 'b', data: { schemas: [USER_SCHEMA], userName: `b-${name}` } },
            { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [GROUP_SCHEMA], displayName: `bulk-${name}`, members: [{ value: 'bulkId:a' }, { value: 'bulkId:b' }] } },
          ],
        });
        const ops = r.status === 200 ? (r.body['Operations'] as { status: string; location?: string; version?: string }[]) : [];
        ops.forEach((op, n) => {
          if (op.status !== '201' || !op.location) return;
          const id = op.location.slice(op.location.lastIndexOf('/') + 1);
          (n < 2 ? users : groups).push(id);
          acks.push({ type: n < 2 ? 'User' : 'Group', id, version: versionOf(op.version) });
        });
      } else {
        const id = users.splice(Math.floor(Math.random() * users.length), 1)[0]!;
        const r = await send('DELETE', `/Users/${id}`);
        if (r.status === 204) acks.push({ type: 'User', id, version: null });
      }
    } catch {
      return; // The server is gone: writes in flight were never acknowledged.
    }
  }
}

/** Reads the database directly (the server is down): every committed row, with events in feed order. */
async function readDatabase() {
  const eventOrder = TEST_ENGINE === 'postgres' ? 'ORDER BY txid, seq' : 'ORDER BY seq';
  const queries = {
    events: `SELECT type, resource_type, resource_id, resource_version, data FROM events ${eventOrder}`,
    users: 'SELECT id, version FROM scim_users',
    groups: 'SELECT id, version FROM scim_groups',
    members: 'SELECT g.id AS group_id, m.member_id FROM scim_group_members m JOIN scim_groups g ON g.seq = m.group_seq',
  };
  const read: Record<keyof typeof queries, unknown[]> = { events: [], users: [], groups: [], members: [] };
  if (TEST_ENGINE === 'postgres') {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    for (const key of Object.keys(queries) as (keyof typeof queries)[]) read[key] = (await client.query(queries[key])).rows;
    await client.end();
  } else {
    const db = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true });
    for (const key of Object.keys(queries) as (keyof typeof queries)[]) read[key] = db.prepare(queries[key]).all();
    db.close();
  }
  return read as { events: EventRow[]; users: { id: string; version: number }[]; groups: { id: string; version: number }[]; members: { group_id: string; member_id: string }[] };
}

describe('events across a SIGKILL', () => {
  it('keeps every acknowledged write with its event, and every event with its change', async () => {
    const first = await serve(databaseUrl);
    await cli(databaseUrl, 'org', 'create', '--slug', 'crash', '--name', 'Crash', '--owner-email', 'o@crash.example', '--owner-password', 'a long enough password');
    const token = (await cli(databaseUrl, 'token', 'generate', '--org', 'crash')).out.trim();
    const acks: Ack[] = [];
    let killed = false;
    const writers = Array.from({ length: WORKERS }, () => writer(first.origin, token, acks, () => killed));
    while (acks.length < KILL_AFTER_ACKS) await new Promise((resolve) => setTimeout(resolve, 10));
    await first.kill();
    killed = true;
    await Promise.all(writers);

    // The restarted server recovers the database and takes writes again.
    const second = await serve(databaseUrl);
    const after = await fetch(`${second.origin}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [USER_SCHEMA], userName: 'after-restart@crash.example' }),
    });
    expect(after.status).toBe(201);
    expect(await second.stop()).toBe(0);

    const { events, users, groups, members } = await readDatabase();
    const scimEvents = events.filter((e) => e.resource_type === 'User' || e.resource_type === 'Group');
    const key = (type: string, id: string) => `${type} ${id}`;
    const versions = new Map<string, number[]>();
    const deleted = new Set<string>();
    for (const e of scimEvents) {
      const k = key(e.resource_type, e.resource_id);
      if (e.type.endsWith('.deleted')) deleted.add(k);
      // Membership events repeat the group's version (one per member); every other event is one version.
      else if (!e.type.startsWith('group.member_') || versions.get(k)?.at(-1) !== Number(e.resource_version)) {
        versions.set(k, [...(versions.get(k) ?? []), Number(e.resource_version)]);
      }
    }

    // Every acknowledged write has its event.
    for (const ack of acks) {
      const k = key(ack.type, ack.id);
      if (ack.version === null) expect(deleted.has(k), `${k} deleted`).toBe(true);
      else expect(versions.get(k), `${k} v${ack.version}`).toContain(ack.version);
    }
    // Every resource in the database has one event per version, 1..current, and no event of a later change.
    const stored = [...users.map((u) => ({ k: key('User', u.id), version: Number(u.version) })), ...groups.map((g) => ({ k: key('Group', g.id), version: Number(g.version) }))];
    for (const { k, version } of stored) {
      expect(versions.get(k), k).toEqual(Array.from({ length: version }, (_, i) => i + 1));
      expect(deleted.has(k), k).toBe(false);
    }
    // Every resource an event speaks of is in the database unless its deletion is in the feed.
    const present = new Set(stored.map((s) => s.k));
    for (const k of versions.keys()) expect(present.has(k) || deleted.has(k), k).toBe(true);
    // Membership events replay to the members the database holds.
    const replayed = new Set<string>();
    for (const e of scimEvents) {
      if (!e.type.startsWith('group.member_')) continue;
      const data = (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as { user?: { id: string }; member_group?: { id: string } };
      const member = `${e.resource_id} ${data.user?.id ?? data.member_group?.id}`;
      if (e.type === 'group.member_added') replayed.add(member);
      else replayed.delete(member);
    }
    for (const e of scimEvents) if (e.type === 'group.deleted') for (const m of [...replayed]) if (m.startsWith(`${e.resource_id} `)) replayed.delete(m);
    expect([...replayed].sort()).toEqual(members.map((m) => `${m.group_id} ${m.member_id}`).sort());
    expect(acks.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
  }, 90_000);
});
