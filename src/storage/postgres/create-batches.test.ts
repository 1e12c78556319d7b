// Single creates that arrive together on PostgreSQL share one statement (user-store.ts, createTogether): each still
// gets the outcome, instant, client, change row, event and console-member answer it would get alone.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScimError } from '../../scim/errors.js';
import type { Store, UserWriteResult } from '../store.js';
import { createPostgresStore } from './postgres-store.js';
import { createTestSchema, requirePostgres, type TestSchema } from './testing/test-schema.js';

const available = await requirePostgres();
const T0 = '2026-01-02T03:04:05.678Z';
const at = (i: number) => new Date(Date.parse(T0) + i * 1000).toISOString();

describe.skipIf(!available)('PostgreSQL single creates that arrive together', () => {
  let schema: TestSchema;
  let store: Store;
  let db: pg.Client;
  beforeEach(async () => {
    schema = await createTestSchema();
    store = await createPostgresStore(schema.url, { poolMax: 4 });
    db = new pg.Client({ connectionString: schema.url });
    await db.connect();
  });
  afterEach(async () => {
    await db.end();
    await store.close();
    await schema.drop();
  });

  async function newOrg() {
    const org = { id: randomUUID(), slug: `o-${randomUUID().slice(0, 8)}`, name: 'O', scimEnabled: true, createdAt: T0 };
    await store.orgs.create(org);
    return org;
  }

  it('gives each create its own outcome, instant, client, change row and event, and shares statements under load', async () => {
    const org = await newOrg();
    const member = randomUUID();
    await store.accounts.create({ id: member, email: 'ann@example.com', passwordHash: 'x', createdAt: T0 });
    await store.accounts.setMembership({ orgId: org.id, accountId: member, role: 'member' }, T0);
    await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'taken@example.com' } }, { at: T0, client: 'setup' });

    // 40 creates at once: a taken userName, a userName twice, a console member, and ordinary people.
    const names = Array.from({ length: 40 }, (_, i) => `person${i}@example.com`);
    names[5] = 'TAKEN@example.com';
    names[7] = 'twice@example.com';
    names[9] = 'Twice@Example.com';
    names[11] = 'ANN@example.com';
    const calls = names.map((userName, i) => ({ id: randomUUID(), userName, change: { at: at(i + 1), client: `client-${i}` } }));
    const outcomes = await Promise.allSettled(
      calls.map((c) => store.users.create(org.id, { id: c.id, doc: { userName: c.userName, emails: [{ value: c.userName, primary: true }] } }, c.change)),
    );

    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [[i, o.reason as unknown]] : []));
    expect(failed.map(([i]) => i)).toEqual([5, 9]);
    for (const [, reason] of failed) expect(reason).toMatchObject({ status: 409, scimType: 'uniqueness' } satisfies Partial<ScimError>);
    const written = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [[i, o.value] as const] : []));
    for (const [i, user] of written) {
      expect(user).toMatchObject({ id: calls[i]!.id, orgId: org.id, createdAt: at(i + 1), updatedAt: at(i + 1), version: 1, doc: { userName: names[i] } });
      expect((user as UserWriteResult).consoleMember, names[i]).toBe(i === 11);
      expect(await store.users.get(org.id, user.id)).toMatchObject({ createdAt: at(i + 1), doc: { userName: names[i] } });
    }

    const changes = await db.query<{ resource_id: string; client: string; at: Date }>(`SELECT resource_id, client, at FROM scim_changes WHERE org_id = $1 AND client <> 'setup'`, [org.id]);
    expect(changes.rows.map((r) => [r.resource_id, r.client, r.at.toISOString()]).sort()).toEqual(
      written.map(([i, user]) => [user.id, `client-${i}`, at(i + 1)]).sort(),
    );
    const events = await db.query<{ resource_id: string; type: string; txid: string; occurred_at: Date }>(
      `SELECT resource_id, type, txid::text AS txid, occurred_at FROM events WHERE org_id = $1 AND resource_id = ANY($2::text[]) ORDER BY seq`,
      [org.id, written.map(([, user]) => user.id)],
    );
    expect(events.rows.map((e) => [e.resource_id, e.type, e.occurred_at.toISOString()]).sort()).toEqual(
      written.map(([i, user]) => [user.id, 'user.created', at(i + 1)]).sort(),
    );
    // Shared statements commit together: several creates carry one transaction id.
    expect(new Set(events.rows.map((e) => e.txid)).size).toBeLessThan(events.rows.length);
  });

  it('runs each create of a statement PostgreSQL refuses again alone, so only the bad one fails', async () => {
    const org = await newOrg();
    // PostgreSQL text cannot hold U+0000: the statement carrying it fails as a whole.
    const names = ['a@example.com', 'b@example.com', 'nul\u0000@example.com', 'c@example.com', 'd@example.com', 'e@example.com'];
    const outcomes = await Promise.allSettled(names.map((userName) => store.users.create(org.id, { id: randomUUID(), doc: { userName } }, { at: T0, client: 'test' })));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    const stored = await db.query<{ user_name: string }>('SELECT user_name FROM scim_users WHERE org_id = $1 ORDER BY user_name', [org.id]);
    expect(stored.rows.map((r) => r.user_name)).toEqual(names.filter((n) => !n.includes('\u0000')));
  });
});
