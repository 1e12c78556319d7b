// Single creates, GETs and lookups that arrive together on PostgreSQL share one statement, and replaces of different
// users one transaction (user-batches.ts): each still gets the outcome, instant, client, change row, event and
// console-member answer it would get alone.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScimError } from '../../scim/errors.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import type { Store, StoredResource, UserJson, UserWriteResult } from '../store.js';
import { createPostgresStore } from './postgres-store.js';
import { createTestSchema, requirePostgres, type TestSchema } from './testing/test-schema.js';
import { listQuery } from '../contract/context.js';

const available = await requirePostgres();
const T0 = '2026-01-02T03:04:05.678Z';
const at = (i: number) => new Date(Date.parse(T0) + i * 1000).toISOString();

/** A user read as UserJson, with its document parsed: what the parsed read answers. */
const parsedUser = (user: UserJson) => {
  if (!('docJson' in user)) return user;
  const { docJson, ...rest } = user;
  return { ...rest, doc: JSON.parse(docJson) as JsonObject };
};
const parsedOutcome = (outcome: PromiseSettledResult<UserJson | undefined>) =>
  outcome.status === 'fulfilled' && outcome.value !== undefined ? { ...outcome, value: parsedUser(outcome.value) } : outcome;

describe.skipIf(!available)('PostgreSQL user reads and writes that arrive together', () => {
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

  async function people(orgId: string, count: number) {
    const created: StoredResource[] = [];
    for (let i = 0; i < count; i++) created.push(await store.users.create(orgId, { id: randomUUID(), doc: { userName: `p${i}@example.com`, title: 't0' } }, { at: T0, client: 'setup' }));
    return created;
  }
  const txids = async (orgId: string, ids: readonly string[], type: string) =>
    (await db.query<{ txid: string }>(`SELECT txid::text AS txid FROM events WHERE org_id = $1 AND type = $2 AND resource_id = ANY($3::text[])`, [orgId, type, ids])).rows.map((r) => r.txid);

  it('gives each replace and PATCH of different users its own outcome, instant, client, change row and event', async () => {
    const org = await newOrg();
    const users = await people(org.id, 30);
    const unknown = randomUUID();
    const calls = users.map((user, i) => {
      const change = { at: at(i + 1), client: `client-${i}` };
      if (i === 3) return store.users.replace(org.id, user.id, { userName: user.doc['userName']!, title: 'stale' }, 7, change);
      if (i === 4) return store.users.replace(org.id, user.id, () => { throw ScimError.invalidValue('refused'); }, undefined, change);
      if (i === 5) return store.users.replace(org.id, unknown, { userName: 'nobody@example.com' }, undefined, change);
      if (i % 2 === 0) return store.users.replace(org.id, user.id, { userName: user.doc['userName']!, title: `put ${i}` }, 1, change);
      return store.users.replace(org.id, user.id, (u) => ({ ...u.doc, title: `patch ${i}` }), undefined, change);
    });
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes[3]).toMatchObject({ status: 'rejected', reason: { status: 412 } });
    expect(outcomes[4]).toMatchObject({ status: 'rejected', reason: { status: 400, detail: 'refused' } });
    expect(outcomes[5]).toEqual({ status: 'fulfilled', value: undefined });
    const written = users.flatMap((user, i) => ([3, 4, 5].includes(i) ? [] : [[i, user] as const]));
    for (const [i, user] of written) {
      const title = i % 2 === 0 ? `put ${i}` : `patch ${i}`;
      expect(outcomes[i]).toMatchObject({ status: 'fulfilled', value: { id: user.id, version: 2, updatedAt: at(i + 1), doc: { title }, consoleMember: false, groups: [] } });
      expect(await store.users.get(org.id, user.id)).toMatchObject({ version: 2, updatedAt: at(i + 1), doc: { title } });
    }
    for (const i of [3, 4]) expect(await store.users.get(org.id, users[i]!.id)).toMatchObject({ version: 1, doc: { title: 't0' } });
    const changes = await db.query<{ resource_id: string; client: string; at: Date }>(`SELECT resource_id, client, at FROM scim_changes WHERE org_id = $1 AND action = 'replace'`, [org.id]);
    expect(changes.rows.map((r) => [r.resource_id, r.client, r.at.toISOString()]).sort()).toEqual(written.map(([i, user]) => [user.id, `client-${i}`, at(i + 1)]).sort());
    const ids = written.map(([, user]) => user.id);
    const updated = await txids(org.id, ids, 'user.updated');
    expect(updated).toHaveLength(ids.length);
    // Replaces that went together committed together.
    expect(new Set(updated).size).toBeLessThan(updated.length);
  });

  it('runs each replace of a batch PostgreSQL refuses again alone, so only the one taking a taken userName fails', async () => {
    const org = await newOrg();
    const users = await people(org.id, 8);
    const outcomes = await Promise.allSettled(
      // The last keeps its userName, which the third asks for.
      users.map((user, i) => store.users.replace(org.id, user.id, { userName: i === 2 ? 'P7@example.com' : i === 7 ? 'p7@example.com' : `renamed${i}@example.com` }, undefined, { at: at(i), client: 'test' })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(outcomes[2]).toMatchObject({ reason: { status: 409, scimType: 'uniqueness' } });
    const stored = await db.query<{ user_name: string }>('SELECT user_name FROM scim_users WHERE org_id = $1 ORDER BY seq', [org.id]);
    expect(stored.rows.map((r) => r.user_name)).toEqual(users.map((_, i) => (i === 2 || i === 7 ? `p${i}@example.com` : `renamed${i}@example.com`)));
  });

  it('applies PATCHes of one user that arrive together in turn', async () => {
    const org = await newOrg();
    const [user, other] = await people(org.id, 2);
    const append = (suffix: string) => (u: StoredResource) => ({ ...u.doc, title: `${String(u.doc['title'])}+${suffix}` });
    const outcomes = await Promise.all([
      store.users.replace(org.id, user!.id, append('a'), undefined, { at: at(1), client: 'test' }),
      store.users.replace(org.id, other!.id, append('x'), undefined, { at: at(1), client: 'test' }),
      store.users.replace(org.id, user!.id, append('b'), undefined, { at: at(2), client: 'test' }),
      store.users.replace(org.id, user!.id, append('c'), 3, { at: at(3), client: 'test' }),
    ]);
    expect(outcomes.map((u) => u && [u.version, u.doc['title']])).toEqual([[2, 't0+a'], [2, 't0+x'], [3, 't0+a+b'], [4, 't0+a+b+c']]);
  });

  it('answers GETs that arrive together as each would be answered alone, groups included', async () => {
    const org = await newOrg();
    const other = await newOrg();
    const users = await people(org.id, 6);
    const stranger = (await people(other.id, 1))[0]!;
    const group = await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'Ops' }, members: [{ id: users[1]!.id, type: 'User' }] }, { at: T0, client: 'setup' });
    const ids = [...users.map((u) => u.id), users[1]!.id, randomUUID(), stranger.id, 'nul\u0000id', users[0]!.id];
    const together = await Promise.allSettled(ids.map((id) => store.users.getWithGroups(org.id, id)));
    const alone: PromiseSettledResult<unknown>[] = [];
    for (const id of ids) alone.push(...(await Promise.allSettled([store.users.getWithGroups(org.id, id)])));
    expect(together).toEqual(alone);
    expect(together[1]).toMatchObject({ status: 'fulfilled', value: { id: users[1]!.id, groups: [{ id: group.id, displayName: 'Ops' }] } });
    expect(together.slice(7, 9).map((o) => o.status === 'fulfilled' && o.value)).toEqual([undefined, undefined]);
    expect(together[9]!.status).toBe('rejected');
    // Read for a response that splices the documents: the same users, each document as jsonb text.
    const togetherJson = await Promise.allSettled(ids.map((id) => store.users.getWithGroupsJson(org.id, id)));
    expect(togetherJson.map(parsedOutcome)).toEqual(together);
    expect(togetherJson[0]).toMatchObject({ status: 'fulfilled', value: { docJson: expect.any(String) } });
  });

  it('answers userName and externalId lookups that arrive together as each would be answered alone', async () => {
    const org = await newOrg();
    const users = await people(org.id, 5);
    // Three people share an externalId: a page of two holds the first two, and the total counts all three.
    for (const [i, externalId] of [[0, 'shared'], [1, 'shared'], [3, 'shared'], [4, 'own']] as const) {
      await store.users.replace(org.id, users[i]!.id, { ...users[i]!.doc, externalId }, undefined, { at: T0, client: 'setup' });
    }
    await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'Ops' }, members: [{ id: users[2]!.id, type: 'User' }] }, { at: T0, client: 'setup' });
    const lookup = (filter: string, withGroups: boolean) => ({ ...listQuery('User', filter, 0, 100), withGroups });
    const queries = [
      lookup('userName eq "P1@EXAMPLE.COM"', false),
      lookup('userName eq "p2@example.com"', true),
      lookup('userName eq "p2@example.com"', false),
      lookup('userName eq "nobody@example.com"', true),
      lookup('externalId eq "x"', false),
      lookup('userName eq "p4@example.com"', true),
      lookup('externalId eq "shared"', false),
      { ...listQuery('User', 'externalId eq "shared"', 0, 2), withGroups: false },
      lookup('externalId eq "own"', false),
      lookup('externalId eq "OWN"', false),
      lookup('externalId eq "shared"', true),
      lookup('externalId eq "none"', false),
    ];
    const together = await Promise.allSettled(queries.map((q) => store.users.list(org.id, q)));
    const alone: PromiseSettledResult<unknown>[] = [];
    for (const q of queries) alone.push(...(await Promise.allSettled([store.users.list(org.id, q)])));
    expect(together).toEqual(alone);
    expect(together[1]).toMatchObject({ status: 'fulfilled', value: { totalResults: 1, resources: [{ id: users[2]!.id, groups: [{ displayName: 'Ops' }] }] } });
    expect(together[3]).toMatchObject({ status: 'fulfilled', value: { totalResults: 0, resources: [] } });
    const shared = [0, 1, 3].map((i) => ({ id: users[i]!.id }));
    expect(together[6]).toMatchObject({ status: 'fulfilled', value: { totalResults: 3, resources: shared, hasMoreAfter: false } });
    expect(together[7]).toMatchObject({ status: 'fulfilled', value: { totalResults: 3, resources: shared.slice(0, 2), hasMoreAfter: true } });
    expect(together[9]).toMatchObject({ status: 'fulfilled', value: { totalResults: 0 } });
    const togetherJson = await Promise.allSettled(queries.map((q) => store.users.listJson(org.id, q)));
    expect(togetherJson.map((o) => (o.status === 'fulfilled' ? { ...o, value: { ...o.value, resources: o.value.resources.map(parsedUser) } } : o))).toEqual(together);
    expect(togetherJson[1]).toMatchObject({ status: 'fulfilled', value: { resources: [{ docJson: expect.any(String) }] } });
  });
});
