// Time per page when the product team reads a large directory through /api/v1 (design.md section 8): the first,
// a middle and the last page of users (plain, active=true, updated_since, group_id) and of a large group's members,
// each the median of BENCH_SAMPLES requests over loopback HTTP. A flat directory read shows the same time for all three.
//   npm run build && BENCH_USERS=100000 [BENCH_ENGINE=postgres] node dist/bench/directory-pages.js
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { encodeCursor } from '../src/core/directory/page-cursor.js';
import { createServices } from '../src/core/services.js';
import { buildApp } from '../src/http/build-app.js';
import { createPostgresStore } from '../src/storage/postgres/postgres-store.js';
import { openSqlite } from '../src/storage/sqlite/open-database.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../src/storage/store.js';
import { seedGroups, seedUsers } from './seed.js';
import { preparePostgres } from './seed-postgres.js';

const USERS = Number(process.env['BENCH_USERS'] ?? 100_000);
const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 30);
const ENGINE = process.env['BENCH_ENGINE'] === 'postgres' ? 'postgres' : 'sqlite';
const LIMIT = 100;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A seeded directory, with the row positions the middle and last pages start after (cursors are opaque to clients). */
interface Seeded {
  readonly store: Store;
  readonly orgId: string;
  readonly groupId: string;
  readonly groupSize: number;
  seqAt(offset: number): Promise<number>;
  updatedAt(): Promise<string>;
  memberAt(offset: number): Promise<string>;
  dispose(): Promise<void>;
}

async function seedSqlite(): Promise<Seeded> {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-directory-bench-'));
  const path = join(dir, 'bench.db');
  const orgId = 'bench-org';
  const setup = openSqlite(path);
  setup.prepare("INSERT INTO orgs (id, slug, name, created_at) VALUES (?, 'bench', 'Bench', '2026-01-01T00:00:00.000Z')").run(orgId);
  setup.close();
  const groupSize = Math.min(USERS, 100_000);
  seedUsers(path, orgId, USERS);
  const { bigId } = seedGroups(path, orgId, groupSize);
  const db = openSqlite(path);
  const groupSeq = db.prepare('SELECT seq FROM scim_groups WHERE id = ?').pluck().get(bigId) as number;
  const store = createSqliteStore(path);
  return {
    store,
    orgId,
    groupId: bigId,
    groupSize,
    seqAt: async (offset) => db.prepare('SELECT seq FROM scim_users WHERE org_id = ? ORDER BY seq LIMIT 1 OFFSET ?').pluck().get(orgId, offset) as number,
    updatedAt: async () => db.prepare('SELECT updated_at FROM scim_users WHERE org_id = ? LIMIT 1').pluck().get(orgId) as string,
    memberAt: async (offset) =>
      db.prepare('SELECT member_id FROM scim_group_members WHERE group_seq = ? ORDER BY member_id LIMIT 1 OFFSET ?').pluck().get(groupSeq, offset) as string,
    async dispose() {
      db.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function seedPostgres(): Promise<Seeded> {
  const seeded = await preparePostgres(USERS);
  const store = await createPostgresStore(seeded.url);
  const client = new pg.Client({ connectionString: seeded.url });
  await client.connect();
  const orgId = (await store.orgs.bySlug('bench'))!.id;
  const value = async <T>(sql: string, params: unknown[]) => Object.values((await client.query(sql, params)).rows[0] as object)[0] as T;
  const groupSeq = await value<number>('SELECT seq FROM scim_groups WHERE id = $1', [seeded.groups.bigId]);
  return {
    store,
    orgId,
    groupId: seeded.groups.bigId,
    groupSize: Math.floor(USERS / 10),
    seqAt: (offset) => value<number>('SELECT seq FROM scim_users WHERE org_id = $1 ORDER BY seq LIMIT 1 OFFSET $2', [orgId, offset]).then(Number),
    updatedAt: () => value<Date>('SELECT updated_at FROM scim_users WHERE org_id = $1 LIMIT 1', [orgId]).then((d) => new Date(d).toISOString()),
    memberAt: (offset) => value<string>('SELECT member_id FROM scim_group_members WHERE group_seq = $1 ORDER BY member_id LIMIT 1 OFFSET $2', [groupSeq, offset]),
    async dispose() {
      await client.end();
      await store.close();
      await seeded.drop();
    },
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const seeded = ENGINE === 'postgres' ? await seedPostgres() : await seedSqlite();
  console.log(`${ENGINE}: seeded ${USERS} users and a ${seeded.groupSize}-member group in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  try {
    const users = { middle: Math.floor(USERS / 2), last: USERS - LIMIT / 2 };
    const members = { middle: Math.floor(seeded.groupSize / 2), last: seeded.groupSize - LIMIT / 2 };
    const updatedAt = await seeded.updatedAt();
    const since = encodeURIComponent(updatedAt);
    const g = seeded.groupId;
    const lists: [string, string, (at: 'middle' | 'last') => Promise<string>][] = [
      ['users', `users?limit=${LIMIT}`, async (at) => encodeCursor('user', [await seeded.seqAt(users[at])])],
      ['users?active=true', `users?active=true&limit=${LIMIT}`, async (at) => encodeCursor('user', [await seeded.seqAt(users[at])])],
      ['users?updated_since', `users?updated_since=${since}&limit=${LIMIT}`, async (at) => encodeCursor('user-by-update', [updatedAt, await seeded.seqAt(users[at])])],
      ['users?group_id', `users?group_id=${g}&limit=${LIMIT}`, async (at) => encodeCursor('user-in-group', [await seeded.memberAt(members[at])])],
      ['groups/{id}/members', `groups/${g}/members?limit=${LIMIT}`, async (at) => encodeCursor('member', [await seeded.memberAt(members[at])])],
    ];

    const services = createServices(seeded.store, { publicUrl: 'http://127.0.0.1' });
    const { key } = await services.apiKeys.create('bench');
    const app = await buildApp(services, { logLevel: 'warn' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const time = async (url: string): Promise<{ ms: number; rows: number }> => {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const t0 = process.hrtime.bigint();
        const response = await fetch(`${address}/api/v1/organizations/${seeded.orgId}/${url}`, { headers: { authorization: `Bearer ${key}` } });
        const body = (await response.json()) as { data: unknown[] };
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (response.status !== 200) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
        rows = body.data.length;
      }
      return { ms: median(times), rows };
    };
    try {
      console.log(`median of ${SAMPLES} requests per page, ${LIMIT} per page, loopback HTTP`);
      console.log(['list', 'first ms', 'middle ms', 'last ms (rows)'].join('\t'));
      for (const [name, url, cursor] of lists) {
        const first = await time(url);
        const middle = await time(`${url}&after=${await cursor('middle')}`);
        const last = await time(`${url}&after=${await cursor('last')}`);
        console.log([name, first.ms.toFixed(2), middle.ms.toFixed(2), `${last.ms.toFixed(2)} (${last.rows})`].join('\t'));
      }
    } finally {
      await app.close();
    }
  } finally {
    await seeded.dispose();
  }
}

await main();
