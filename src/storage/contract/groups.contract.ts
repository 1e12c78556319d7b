// Contract: SCIM Groups: members as rows checked against the org, version checks, cascade on delete, lists.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ListQuery, MemberRef, Store } from '../store.js';
import { change, listQuery, newOrg, T1, thrown, type ContractContext } from './context.js';

async function addUser(store: Store, orgId: string, userName: string, displayName?: string) {
  return store.users.create(orgId, { id: randomUUID(), doc: { userName, ...(displayName ? { displayName } : {}) } }, change());
}

async function addGroup(store: Store, orgId: string, displayName: string, members: MemberRef[] = []) {
  return store.groups.create(orgId, { id: randomUUID(), doc: { displayName }, members }, change());
}

const ids = (group: { members?: readonly { id: string }[] } | undefined) => group?.members?.map((m) => m.id);

export function groupsContract(ctx: ContractContext): void {
  it('creates a group with user and group members, resolved with display names and ordered by id', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const ada = await addUser(store, org.id, 'ada@example.com', 'Ada Lovelace');
    const bob = await addUser(store, org.id, 'bob@example.com');
    const inner = await addGroup(store, org.id, 'Inner');
    const group = await addGroup(store, org.id, 'Engineering', [
      { id: ada.id, type: 'User' },
      { id: bob.id, type: 'User' },
      { id: inner.id, type: 'Group' },
      { id: ada.id, type: 'User' },
    ]);
    expect(group).toMatchObject({ doc: { displayName: 'Engineering' }, version: 1 });
    const expected = [
      { id: ada.id, type: 'User', display: 'Ada Lovelace' },
      { id: bob.id, type: 'User', display: 'bob@example.com' },
      { id: inner.id, type: 'Group', display: 'Inner' },
    ].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(group.members).toEqual(expected);
    expect((await store.groups.get(org.id, group.id, true))?.members).toEqual(expected);
    expect((await store.groups.get(org.id, group.id, false))?.members).toBeUndefined();
    const groupsOf = await store.users.groupsOf(org.id, [ada.id, bob.id]);
    expect(groupsOf.get(ada.id)).toEqual([{ id: group.id, displayName: 'Engineering' }]);
  });

  it('reads a user with its groups in one call, the same groups groupsOf gives, in group order', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const other = await newOrg(store);
    const ada = await addUser(store, org.id, 'ada@example.com', 'Ada Lovelace');
    const loner = await addUser(store, org.id, 'loner@example.com');
    const names = ['Zeta "quoted" \\ name', 'Alpha', 'Émigrés 東京'];
    for (const name of names) await addGroup(store, org.id, name, [{ id: ada.id, type: 'User' }]);
    const read = await store.users.getWithGroups(org.id, ada.id);
    expect(read?.groups.map((g) => g.displayName)).toEqual(names);
    expect(read?.groups).toEqual((await store.users.groupsOf(org.id, [ada.id])).get(ada.id));
    const { groups: _groups, ...resource } = read!;
    expect(resource).toEqual(await store.users.get(org.id, ada.id));
    expect((await store.users.getWithGroups(org.id, loner.id))?.groups).toEqual([]);
    expect(await store.users.getWithGroups(other.id, ada.id)).toBeUndefined();
    expect(await store.users.getWithGroups(org.id, randomUUID())).toBeUndefined();
  });

  it('lists users with their groups in the same statement, the groups groupsOf gives, on every kind of page', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await addUser(store, org.id, `member${i}@example.com`));
    await addGroup(store, org.id, 'Odd', [people[1]!, people[3]!].map((p) => ({ id: p.id, type: 'User' as const })));
    await addGroup(store, org.id, 'All', people.map((p) => ({ id: p.id, type: 'User' as const })));
    const expected = await store.users.groupsOf(org.id, people.map((p) => p.id));
    const pages: ListQuery[] = [
      { ...listQuery('User'), withGroups: true },
      { ...listQuery('User', undefined, 2, 2), withGroups: true },
      { ...listQuery('User', 'userName sw "member"'), withGroups: true },
      { window: { kind: 'after', seq: people[0]!.seq, limit: 3 }, withGroups: true },
    ];
    for (const query of pages) {
      const { resources } = await store.users.list(org.id, query);
      expect(resources.length).toBeGreaterThan(0);
      for (const user of resources) expect(user.groups).toEqual(expected.get(user.id));
    }
    expect((await store.users.list(org.id, listQuery('User'))).resources.every((u) => u.groups === undefined)).toBe(true);
  });

  it("refuses another org's people as members (400 invalidValue) and writes nothing", async () => {
    const store = ctx.store();
    const a = await newOrg(store);
    const b = await newOrg(store);
    const stranger = await addUser(store, b.id, 'eve@example.com');
    const error = await thrown(() => addGroup(store, a.id, 'Sales', [{ id: stranger.id, type: 'User' }]));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain(stranger.id);
    expect((await store.groups.list(a.id, listQuery('Group'), false)).totalResults).toBe(0);
    expect(await store.changes.list(a.id, 10)).toEqual([]);
    expect(await store.groups.get(b.id, randomUUID(), true)).toBeUndefined();
  });

  it('replaces members under a version check and keeps the group on a failed replace', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const ada = await addUser(store, org.id, 'ada@example.com');
    const bob = await addUser(store, org.id, 'bob@example.com');
    const group = await addGroup(store, org.id, 'Eng', [{ id: ada.id, type: 'User' }]);
    const replaced = await store.groups.replace(org.id, group.id, { displayName: 'Engineering' }, [{ id: bob.id, type: 'User' }], 1, change(T1));
    expect(replaced).toMatchObject({ version: 2, updatedAt: T1, doc: { displayName: 'Engineering' } });
    expect(ids(replaced)).toEqual([bob.id]);
    expect(await thrown(() => store.groups.replace(org.id, group.id, { displayName: 'X' }, [], 1, change()))).toMatchObject({ status: 412 });
    const bad = await thrown(() => store.groups.replace(org.id, group.id, { displayName: 'X' }, [{ id: randomUUID(), type: 'User' }], 2, change()));
    expect(bad).toMatchObject({ status: 400 });
    const after = await store.groups.get(org.id, group.id, true);
    expect(after).toMatchObject({ version: 2, doc: { displayName: 'Engineering' } });
    expect(ids(after)).toEqual([bob.id]);
  });

  it('removes a deleted user or group from every group', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const ada = await addUser(store, org.id, 'ada@example.com');
    const inner = await addGroup(store, org.id, 'Inner', [{ id: ada.id, type: 'User' }]);
    const outer = await addGroup(store, org.id, 'Outer', [
      { id: ada.id, type: 'User' },
      { id: inner.id, type: 'Group' },
    ]);
    expect(await store.users.delete(org.id, ada.id, undefined, change())).toBe(true);
    expect(ids(await store.groups.get(org.id, outer.id, true))).toEqual([inner.id]);
    expect(await thrown(() => store.groups.delete(org.id, inner.id, 7, change()))).toMatchObject({ status: 412 });
    expect(await store.groups.delete(org.id, inner.id, 1, change())).toBe(true);
    expect(ids(await store.groups.get(org.id, outer.id, true))).toEqual([]);
    expect(await store.groups.get(org.id, inner.id, false)).toBeUndefined();
  });

  it('lists groups in creation order, with or without members, filtered by displayName case-insensitively', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const ada = await addUser(store, org.id, 'ada@example.com');
    await addGroup(store, org.id, 'Sales');
    await addGroup(store, org.id, 'Engineering', [{ id: ada.id, type: 'User' }]);
    await addGroup(store, org.id, 'Support');
    const all = await store.groups.list(org.id, listQuery('Group'), true);
    expect(all.totalResults).toBe(3);
    expect(all.resources.map((g) => [g.doc['displayName'], g.members?.length])).toEqual([
      ['Sales', 0],
      ['Engineering', 1],
      ['Support', 0],
    ]);
    const filtered = await store.groups.list(org.id, listQuery('Group', 'displayName eq "engineering"'), false);
    expect(filtered.resources.map((g) => [g.doc['displayName'], g.members])).toEqual([['Engineering', undefined]]);
    const page = await store.groups.list(org.id, listQuery('Group', undefined, 2, 5), false);
    expect(page.resources.map((g) => g.doc['displayName'])).toEqual(['Support']);
  });
}
