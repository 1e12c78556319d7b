// Contract: PATCH-style member deltas (row inserts and deletes only), cursor and offset windows, sorting, totals
// after deletes, and server secrets shared by every instance.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { resolveAttribute } from '../../scim/schema/resolve.js';
import { userResourceType } from '../../scim/schema/resource-types.js';
import type { ListQuery, Store } from '../store.js';
import { change, listQuery, newOrg, T1, thrown, type ContractContext } from './context.js';

async function addUser(store: Store, orgId: string, userName: string) {
  return store.users.create(orgId, { id: randomUUID(), doc: { userName } }, change());
}

export function membersAndPagingContract(ctx: ContractContext): void {
  it('adds, removes and replaces members as rows, resolving untyped ids to Users then Groups', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const [ada, bob, cy] = [await addUser(store, org.id, 'ada@x.com'), await addUser(store, org.id, 'bob@x.com'), await addUser(store, org.id, 'cy@x.com')];
    const inner = await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'Inner' }, members: [] }, change());
    const group = await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'Eng' }, members: [{ id: ada.id, type: 'User' }] }, change());
    const added = await store.groups.modifyMembers(org.id, group.id, { add: [{ id: bob.id }, { id: inner.id }], remove: [ada.id] }, undefined, 1, change(T1));
    expect(added).toMatchObject({ version: 2, updatedAt: T1, doc: { displayName: 'Eng' } });
    expect(added?.members).toBeUndefined();
    const members = (await store.groups.get(org.id, group.id, true))?.members ?? [];
    expect(members.map((m) => `${m.type}:${m.id}`).sort()).toEqual([`Group:${inner.id}`, `User:${bob.id}`].sort());
    const replaced = await store.groups.modifyMembers(org.id, group.id, { replaceAll: [{ id: cy.id, type: 'User' }], add: [], remove: [] }, { displayName: 'Engineering' }, undefined, change());
    expect(replaced).toMatchObject({ version: 3, doc: { displayName: 'Engineering' } });
    expect((await store.groups.get(org.id, group.id, true))?.members?.map((m) => m.id)).toEqual([cy.id]);
    expect((await store.changes.list(org.id, 1))[0]).toMatchObject({ action: 'patch', version: 3, resourceId: group.id });
  });

  it('refuses a member delta with an unknown or foreign id, or a stale version, and changes nothing', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const other = await newOrg(store);
    const ada = await addUser(store, org.id, 'ada@x.com');
    const eve = await addUser(store, other.id, 'eve@x.com');
    const group = await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'Eng' }, members: [{ id: ada.id, type: 'User' }] }, change());
    const foreign = await thrown(() => store.groups.modifyMembers(org.id, group.id, { add: [{ id: eve.id }], remove: [ada.id] }, undefined, undefined, change()));
    expect(foreign).toMatchObject({ status: 400, scimType: 'invalidValue' });
    const wrongType = await thrown(() => store.groups.modifyMembers(org.id, group.id, { add: [{ id: ada.id, type: 'Group' }], remove: [] }, undefined, undefined, change()));
    expect(wrongType).toMatchObject({ status: 400 });
    const stale = await thrown(() => store.groups.modifyMembers(org.id, group.id, { add: [], remove: [ada.id] }, undefined, 5, change()));
    expect(stale).toMatchObject({ status: 412 });
    const after = await store.groups.get(org.id, group.id, true);
    expect(after).toMatchObject({ version: 1 });
    expect(after?.members?.map((m) => m.id)).toEqual([ada.id]);
    expect(await store.groups.modifyMembers(other.id, group.id, { add: [], remove: [] }, undefined, undefined, change())).toBeUndefined();
  });

  it('pages by cursor after and before a seq, and says whether more rows lie on either side', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await addUser(store, org.id, `u${i}@x.com`));
    const names = (r: { resources: readonly { doc: { userName?: unknown } }[] }) => r.resources.map((u) => u.doc.userName);
    const after: ListQuery = { window: { kind: 'after', seq: users[1]!.seq, limit: 2 } };
    const next = await store.users.list(org.id, after);
    expect(next).toMatchObject({ totalResults: 5, hasMoreBefore: true, hasMoreAfter: true });
    expect(names(next)).toEqual(['u2@x.com', 'u3@x.com']);
    const before = await store.users.list(org.id, { window: { kind: 'before', seq: users[2]!.seq, limit: 5 } });
    expect(before).toMatchObject({ hasMoreBefore: false, hasMoreAfter: true });
    expect(names(before)).toEqual(['u0@x.com', 'u1@x.com']);
    const last = await store.users.list(org.id, listQuery('User', undefined, 3, 5));
    expect(last).toMatchObject({ totalResults: 5, hasMoreBefore: true, hasMoreAfter: false });
  });

  it('sorts case-insensitive attributes by their folded value in code point order and keeps totals right after deletes', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const created = [];
    for (const name of ['b@x.com', 'A@x.com', 'c@x.com', 'a2@x.com']) created.push(await addUser(store, org.id, name));
    const sort = { attribute: resolveAttribute(userResourceType, 'userName')!, order: 'descending' as const };
    const sorted = await store.users.list(org.id, { sort, window: { kind: 'offset', offset: 0, limit: 10 } });
    expect(sorted.resources.map((u) => u.doc['userName'])).toEqual(['c@x.com', 'b@x.com', 'A@x.com', 'a2@x.com']);
    await store.users.delete(org.id, created[0]!.id, undefined, change());
    const all = await store.users.list(org.id, listQuery('User'));
    expect(all.totalResults).toBe(3);
    expect(all.resources.map((u) => u.doc['userName'])).toEqual(['A@x.com', 'c@x.com', 'a2@x.com']);
  });

  it('creates a server secret once and returns the same value to every caller', async () => {
    const store = ctx.store();
    const values = await Promise.all(['one', 'two', 'three'].map((v) => store.secrets.getOrCreate('cursor-key', () => v)));
    expect(new Set(values).size).toBe(1);
    expect(await store.secrets.getOrCreate('cursor-key', () => 'later')).toBe(values[0]);
  });
}
