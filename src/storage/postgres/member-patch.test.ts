// The one-round-trip member PATCH (member-patch.ts) appends exactly the events event-drafts.ts builds for the same
// change, and overlapping PATCHes of one group all land.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupEvent, memberEvents } from '../event-drafts.js';
import type { Store } from '../store.js';
import { readFeed } from '../contract/events.contract.js';
import { createPostgresStore } from './postgres-store.js';
import { createTestSchema, requirePostgres, type TestSchema } from './testing/test-schema.js';

const available = await requirePostgres();
const T0 = '2026-01-02T03:04:05.678Z';
const T1 = '2026-01-02T03:04:06.001Z';
const change = (at = T0) => ({ at, client: 'test' });

describe.skipIf(!available)('PostgreSQL member PATCH in one round trip', () => {
  let schema: TestSchema;
  let store: Store;
  beforeEach(async () => {
    schema = await createTestSchema();
    store = await createPostgresStore(schema.url, { poolMax: 4 });
  });
  afterEach(async () => {
    await store.close();
    await schema.drop();
  });

  async function orgWithPeople() {
    const org = { id: randomUUID(), slug: `o-${randomUUID().slice(0, 8)}`, name: 'O', scimEnabled: true, createdAt: T0 };
    await store.orgs.create(org);
    // A default role but no rule for the group: events carry the role, and the group takes the one-statement path.
    await store.roleMappings.put(org.id, { defaultRole: 'member', forConsole: false, rules: [] }, T0);
    const ada = await store.users.create(
      org.id,
      { id: randomUUID(), doc: { userName: 'ada@x.com', externalId: 'e-ada', name: { givenName: 'Ada' }, emails: [{ value: 'ada@x.com', primary: true }], active: false } },
      change(),
    );
    const bob = await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'bob@x.com' } }, change());
    const ops = await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'Ops' }, members: [] }, change());
    const eng = await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'Eng', externalId: 'g-1' }, members: [{ id: bob.id, type: 'User' }] }, change());
    return { org, ada, bob, ops, eng };
  }

  it('appends the events the shared builders give: removed, then added, each member as it is', async () => {
    const { org, ada, bob, ops, eng } = await orgWithPeople();
    // Reads wait for events of other transactions (other test files share the database): count the ones set up.
    const before = (await readFeed(store, { orgId: org.id }, 5)).length;
    const patched = await store.groups.modifyMembers(org.id, eng.id, { add: [{ id: ada.id }, { id: ops.id, type: 'Group' }], remove: [bob.id] }, undefined, 1, change(T1));
    expect(patched).toMatchObject({ id: eng.id, version: 2, updatedAt: T1, createdAt: T0, roleMappingForConsole: false });

    const events = (await readFeed(store, { orgId: org.id }, before + 3)).slice(before);
    const expected = memberEvents(
      org.id,
      T1,
      patched!,
      [
        { type: 'User', user: ada, role: 'member' },
        { type: 'Group', id: ops.id, display: 'Ops' },
      ],
      [{ type: 'User', user: bob, role: 'member' }],
    );
    expect(events.map((e) => ({ type: e.type, occurredAt: e.occurredAt, data: e.data, changed: e.changed }))).toEqual(
      expected.map((d) => ({ type: d.type, occurredAt: d.occurredAt, data: d.data, changed: d.changed })),
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect((await store.groups.get(org.id, eng.id, true))!.members!.map((m) => m.id).sort()).toEqual([ada.id, ops.id].sort());
    expect((await store.changes.list(org.id, 1))[0]).toMatchObject({ resourceId: eng.id, action: 'patch', version: 2 });
  });

  it('records a PATCH that changes no member as group.updated with nothing changed', async () => {
    const { org, bob, eng } = await orgWithPeople();
    const before = (await readFeed(store, { orgId: org.id }, 5)).length;
    const patched = await store.groups.modifyMembers(org.id, eng.id, { add: [{ id: bob.id, type: 'User' }], remove: [] }, undefined, undefined, change(T1));
    const events = (await readFeed(store, { orgId: org.id }, before + 1)).slice(before);
    const [expected] = groupEvent(org.id, T1, eng, patched!);
    expect(events.map((e) => ({ type: e.type, data: e.data, changed: e.changed }))).toEqual([{ type: expected!.type, data: expected!.data, changed: [] }]);
  });

  it('answers a stale version, a missing group and an unknown member without writing anything', async () => {
    const { org, ada, ops, eng } = await orgWithPeople();
    const before = (await readFeed(store, { orgId: org.id }, 5)).length;
    await expect(store.groups.modifyMembers(org.id, eng.id, { add: [{ id: ada.id }], remove: [] }, undefined, 7, change())).rejects.toMatchObject({ status: 412 });
    expect(await store.groups.modifyMembers(org.id, randomUUID(), { add: [{ id: ada.id }], remove: [] }, undefined, undefined, change())).toBeUndefined();
    const stranger = randomUUID();
    await expect(store.groups.modifyMembers(org.id, eng.id, { add: [{ id: ada.id }, { id: stranger }], remove: [] }, undefined, undefined, change())).rejects.toMatchObject({
      status: 400,
      detail: `members: no User or Group with id "${stranger}" exists in this organization`,
    });
    // A group's id given as a User's is not found either.
    await expect(store.groups.modifyMembers(org.id, eng.id, { add: [{ id: ops.id, type: 'User' }], remove: [] }, undefined, undefined, change())).rejects.toMatchObject({
      detail: `members: no User with id "${ops.id}" exists in this organization`,
    });
    expect((await readFeed(store, { orgId: org.id }, before)).length).toBe(before);
    expect((await store.groups.get(org.id, eng.id, false))!.version).toBe(1);
  });

  it('lands every one of many overlapping PATCHes of one group', async () => {
    const { org, eng } = await orgWithPeople();
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => store.users.create(org.id, { id: randomUUID(), doc: { userName: `p${i}@x.com` } }, change())));
    await Promise.all(people.map((p) => store.groups.modifyMembers(org.id, eng.id, { add: [{ id: p.id }], remove: [] }, undefined, undefined, change(T1))));
    const group = await store.groups.get(org.id, eng.id, true);
    expect(group!.version).toBe(13);
    expect(group!.members).toHaveLength(13);
    const added = (await readFeed(store, { orgId: org.id, types: ['group.member_added'] }, 13)).filter((e) => (e.data['group'] as { id: string }).id === eng.id);
    expect(added.map((e) => (e.data['group'] as { version: number }).version).sort((a, b) => a - b)).toEqual([1, ...Array.from({ length: 12 }, (_, i) => i + 2)]);
    expect(group!.updatedAt).toBe(T1);
  });

  /** The transactions the group's events were appended in. */
  async function transactionsOf(groupId: string): Promise<number> {
    const client = new pg.Client(schema.url);
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('SELECT count(DISTINCT txid) AS n FROM events WHERE resource_id = $1', [groupId]);
      return Number(rows[0]!.n);
    } finally {
      await client.end();
    }
  }

  it('lets PATCHes of one group that arrive together share transactions, each with its own version and answer', async () => {
    const { org, eng } = await orgWithPeople();
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => store.users.create(org.id, { id: randomUUID(), doc: { userName: `q${i}@x.com` } }, change())));
    const answers = await Promise.all(people.map((p) => store.groups.modifyMembers(org.id, eng.id, { add: [{ id: p.id }], remove: [] }, undefined, undefined, change(T1))));
    expect(answers.map((g) => g!.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
    // The first goes alone; the others queue behind it and go together (at most a few transactions, not twelve).
    expect(await transactionsOf(eng.id)).toBeLessThanOrEqual(4);
    expect((await store.groups.get(org.id, eng.id, true))!.members).toHaveLength(13);
  });

  it('fails a refused PATCH alone when it shares a transaction, and runs the others again when PostgreSQL refuses one', async () => {
    const { org, ada, eng } = await orgWithPeople();
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => store.users.create(org.id, { id: randomUUID(), doc: { userName: `r${i}@x.com` } }, change())));
    const add = (id: string, version?: number) => store.groups.modifyMembers(org.id, eng.id, { add: [{ id }], remove: [] }, undefined, version, change(T1));
    const stranger = randomUUID();
    // The first call goes alone; the rest queue behind it and share the next transaction.
    const settled = await Promise.allSettled([add(people[0]!.id), add(people[1]!.id), add(stranger), add(ada.id, 1), add('nul\u0000id'), add(people[2]!.id), add(people[3]!.id)]);
    expect(settled.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect(settled[2]).toMatchObject({ reason: { status: 400 } });
    expect(settled[3]).toMatchObject({ reason: { status: 412 } });
    expect(settled[4]).toMatchObject({ reason: { code: '22021' } });
    const group = await store.groups.get(org.id, eng.id, true);
    const members = new Set(group!.members!.map((m) => m.id));
    expect(people.every((p) => members.has(p.id))).toBe(true);
    expect(members.has(ada.id)).toBe(false);
    expect(group!.version).toBe(5);
  });
});
