// Contract: group-to-role mapping. Each user's resolved role follows the mapping, membership changes and group
// deletions in the write's own transaction, and each change of role is a user.updated event with changed ["role"].
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Store, StoredEvent } from '../store.js';
import { change, newOrg, T0, T1, T2, thrown, type ContractContext } from './context.js';
import { readFeed } from './events.contract.js';

async function people(store: Store, orgId: string, names: readonly string[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of names) {
    ids[name] = randomUUID();
    await store.users.create(orgId, { id: ids[name], doc: { userName: `${name}@example.com` } }, change(T0));
  }
  return ids;
}

const group = async (store: Store, orgId: string, name: string, members: readonly string[]) => {
  const id = randomUUID();
  await store.groups.create(orgId, { id, doc: { displayName: name }, members: members.map((m) => ({ id: m, type: 'User' as const })) }, change(T0));
  return id;
};

/** Role events after `after`; on PostgreSQL an event shows once every older transaction has ended, so wait for `atLeast`. */
async function roleEvents(store: Store, orgId: string, after: string | undefined, atLeast: number): Promise<StoredEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await readFeed(store, { orgId, ...(after ? { after } : {}) })).filter((e) => e.changed.length === 1 && e.changed[0] === 'role');
    if (found.length >= atLeast || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The newest visible event id once at least `atLeast` events of the org are visible. */
const lastEventId = async (store: Store, orgId: string, atLeast: number) => (await readFeed(store, { orgId }, atLeast)).at(-1)!.id;

export function rolesContract(ctx: ContractContext): void {
  it('resolves each user to the best-priority mapped group, else the default, and announces each change', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const u = await people(store, org.id, ['ann', 'bob', 'cat']);
    const admins = await group(store, org.id, 'Admins', [u['ann']!]);
    const staff = await group(store, org.id, 'Staff', [u['ann']!, u['bob']!]);
    expect(await store.roleMappings.get(org.id)).toEqual({ defaultRole: null, forConsole: false, rules: [], updatedAt: null });
    expect((await store.roleMappings.rolesOf(org.id, Object.values(u))).size).toBe(0);

    const mapping = { defaultRole: 'viewer', forConsole: false, rules: [{ groupId: staff, role: 'editor', priority: 2 }, { groupId: admins, role: 'admin', priority: 1 }] };
    const changed = await store.roleMappings.put(org.id, mapping, T1);
    expect(changed.sort()).toEqual(Object.values(u).sort());
    expect(await store.roleMappings.get(org.id)).toEqual({ ...mapping, rules: [mapping.rules[1], mapping.rules[0]], updatedAt: T1 });
    expect(Object.fromEntries(await store.roleMappings.rolesOf(org.id, Object.values(u)))).toEqual({ [u['ann']!]: 'admin', [u['bob']!]: 'editor', [u['cat']!]: 'viewer' });

    const events = await roleEvents(store, org.id, undefined, 3);
    expect(events).toHaveLength(3);
    const ann = events.find((e) => e.data['id'] === u['ann'])!;
    expect(ann).toMatchObject({ type: 'user.updated', occurredAt: T1, data: { role: 'admin', version: 2, updated_at: T1 } });
    expect((await store.users.get(org.id, u['ann']!))!).toMatchObject({ version: 2, updatedAt: T1 });

    // The same mapping again changes nobody.
    expect(await store.roleMappings.put(org.id, mapping, T2)).toEqual([]);
    // Only the default changes: only cat (in no mapped group) moves.
    expect(await store.roleMappings.put(org.id, { ...mapping, defaultRole: null }, T2)).toEqual([u['cat']]);
    expect((await store.roleMappings.rolesOf(org.id, [u['cat']!])).has(u['cat']!)).toBe(false);
  });

  it('recalculates only the members a membership change touches, and the members of a mapped group that is deleted', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const u = await people(store, org.id, ['ann', 'bob', 'cat', 'dan']);
    const admins = await group(store, org.id, 'Admins', [u['ann']!, u['bob']!, u['cat']!]);
    const unmapped = await group(store, org.id, 'Lunch', []);
    await store.roleMappings.put(org.id, { defaultRole: 'member', forConsole: false, rules: [{ groupId: admins, role: 'admin', priority: 1 }] }, T1);
    // 4 users, 2 groups, 3 memberships, 4 role events.
    const mark = await lastEventId(store, org.id, 13);

    await store.groups.modifyMembers(org.id, admins, { add: [{ id: u['dan']!, type: 'User' }], remove: [u['ann']!] }, undefined, undefined, change(T2));
    let events = await roleEvents(store, org.id, mark, 2);
    expect(events.map((e) => [e.data['id'], e.data['role']]).sort()).toEqual([[u['ann'], 'member'], [u['dan'], 'admin']].sort());
    // Membership of a group nobody mapped changes no role.
    await store.groups.modifyMembers(org.id, unmapped, { add: [{ id: u['bob']!, type: 'User' }], remove: [] }, undefined, undefined, change(T2));
    expect(await roleEvents(store, org.id, mark, 2)).toHaveLength(2);

    // Plus 2 member events, 2 role events, 1 member added to Lunch.
    const beforeDelete = await lastEventId(store, org.id, 18);
    expect(await store.groups.delete(org.id, admins, undefined, change(T2))).toBe(true);
    events = await roleEvents(store, org.id, beforeDelete, 3);
    expect(events.map((e) => e.data['id']).sort()).toEqual([u['bob'], u['cat'], u['dan']].sort());
    expect(events.every((e) => e.data['role'] === 'member')).toBe(true);
    expect((await store.roleMappings.get(org.id)).rules).toEqual([]);
  });

  it('resolves the best role when one person joins two mapped groups at once', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    for (let round = 0; round < 5; round++) {
      const u = await people(store, org.id, [`p${round}`]);
      const id = u[`p${round}`]!;
      const high = await group(store, org.id, `High ${round}`, []);
      const low = await group(store, org.id, `Low ${round}`, []);
      const rules = [{ groupId: high, role: 'admin', priority: 1 }, { groupId: low, role: 'member', priority: 2 }];
      await store.roleMappings.put(org.id, { defaultRole: null, forConsole: false, rules }, T1);
      // Each transaction alone sees only its own membership; the second must see the first's once it commits.
      await Promise.all([high, low].map((g) => store.groups.modifyMembers(org.id, g, { add: [{ id, type: 'User' }], remove: [] }, undefined, undefined, change(T2))));
      expect((await store.roleMappings.rolesOf(org.id, [id])).get(id)).toBe('admin');
    }
  });

  it('a first mapping set while someone joins the mapped group gives them the role, whichever commits first', async () => {
    const store = ctx.store();
    for (let round = 0; round < 5; round++) {
      const org = await newOrg(store);
      const id = (await people(store, org.id, ['pat']))['pat']!;
      const leads = await group(store, org.id, 'Leads', []);
      await Promise.all([
        store.roleMappings.put(org.id, { defaultRole: null, forConsole: false, rules: [{ groupId: leads, role: 'admin', priority: 1 }] }, T1),
        store.groups.modifyMembers(org.id, leads, { add: [{ id, type: 'User' }], remove: [] }, undefined, undefined, change(T2)),
      ]);
      expect((await store.roleMappings.rolesOf(org.id, [id])).get(id)).toBe('admin');
    }
  });

  it('carries the current role on every user event and membership event, null without a mapping', async () => {
    const store = ctx.store();
    const plain = await newOrg(store);
    await people(store, plain.id, ['solo']);
    const created = (await readFeed(store, { orgId: plain.id }, 2)).find((e) => e.type === 'user.created');
    expect(created).toMatchObject({ type: 'user.created', data: { role: null } });

    const org = await newOrg(store);
    const leads = await group(store, org.id, 'Leads', []);
    await store.roleMappings.put(org.id, { defaultRole: 'viewer', forConsole: false, rules: [{ groupId: leads, role: 'lead', priority: 1 }] }, T1);
    const id = (await people(store, org.id, ['ann']))['ann']!;
    await store.groups.modifyMembers(org.id, leads, { add: [{ id, type: 'User' }], remove: [] }, undefined, undefined, change(T1));
    await store.users.replace(org.id, id, (u) => ({ ...u.doc, title: 'Lead' }), undefined, change(T2));
    await store.users.replace(org.id, id, (u) => ({ ...u.doc, active: false }), undefined, change(T2));
    await store.users.replace(org.id, id, (u) => ({ ...u.doc, active: true }), undefined, change(T2));
    await store.users.delete(org.id, id, undefined, change(T2));

    // Per write: its events with the role the user has when each is appended.
    const feed = (await readFeed(store, { orgId: org.id }, 10)).filter((e) => e.type.startsWith('user.') || e.type.startsWith('group.member'));
    const roleOf = (e: StoredEvent) => (e.type.startsWith('group.member') ? (e.data['user'] as Record<string, unknown>)['role'] : e.data['role']);
    expect(feed.map((e) => [e.type, e.changed.join(), roleOf(e)])).toEqual([
      ['user.created', 'userName', 'viewer'],
      // The membership event shows the role before it is recalculated; the new role follows as its own update.
      ['group.member_added', 'members', 'viewer'],
      ['user.updated', 'role', 'lead'],
      ['user.updated', 'title', 'lead'],
      ['user.deactivated', 'active', 'lead'],
      ['user.reactivated', 'active', 'lead'],
      ['group.member_removed', 'members', 'lead'],
      ['user.deleted', '', 'lead'],
    ]);
  });

  it('refuses a rule naming a group of another organization, changing nothing', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const other = await newOrg(store);
    const theirs = await group(store, other.id, 'Admins', []);
    const error = await thrown(() => store.roleMappings.put(org.id, { defaultRole: 'member', forConsole: false, rules: [{ groupId: theirs, role: 'admin', priority: 1 }] }, T1));
    expect(error).toMatchObject({ status: 400, detail: expect.stringContaining(theirs) });
    expect((await store.roleMappings.get(org.id)).updatedAt).toBeNull();
  });

  it('keeps attribute mappings per organization', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const other = await newOrg(store);
    expect(await store.attributeMappings.get(org.id)).toBeUndefined();
    await store.attributeMappings.put(org.id, { department: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department' }, T0);
    await store.attributeMappings.put(org.id, { title: 'title' }, T1);
    expect(await store.attributeMappings.get(org.id)).toEqual({ mapping: { title: 'title' }, updatedAt: T1 });
    expect(await store.attributeMappings.get(other.id)).toBeUndefined();
  });
}
