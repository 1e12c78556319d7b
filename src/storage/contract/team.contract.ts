// Contract: listing organizations and members, and role changes that never leave an org without an active owner.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Role, Store } from '../store.js';
import { newOrg, T0, T1, type ContractContext } from './context.js';

async function addMember(store: Store, orgId: string, email: string, role: Role, at = T0): Promise<string> {
  const id = randomUUID();
  await store.accounts.create({ id, email, passwordHash: 'hash', createdAt: at });
  await store.accounts.setMembership({ orgId, accountId: id, role }, at);
  return id;
}

export function teamContract(ctx: ContractContext): void {
  it('lists organizations oldest first and an org\'s members with email, role and suspension', async () => {
    const store = ctx.store();
    const a = await newOrg(store, 'alpha');
    const b = await newOrg(store, 'beta');
    expect((await store.orgs.list()).map((o) => o.slug)).toEqual(['alpha', 'beta']);
    const owner = await addMember(store, a.id, 'Owner@Example.com', 'owner', T0);
    const admin = await addMember(store, a.id, 'admin@example.com', 'admin', T1);
    await addMember(store, b.id, 'other@example.com', 'owner');
    await store.accounts.setSuspended(a.id, admin, true, T1);
    expect(await store.accounts.membersOf(a.id)).toEqual([
      { accountId: owner, email: 'Owner@Example.com', role: 'owner', suspended: false, since: T0 },
      { accountId: admin, email: 'admin@example.com', role: 'admin', suspended: true, since: T1 },
    ]);
  });

  it('changes roles and removes members, but never the last active owner', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const owner = await addMember(store, org.id, 'owner@example.com', 'owner');
    const admin = await addMember(store, org.id, 'admin@example.com', 'admin');
    expect(await store.accounts.changeMembership(org.id, owner, { role: 'admin' })).toBe('last-owner');
    expect(await store.accounts.changeMembership(org.id, owner, { remove: true })).toBe('last-owner');
    expect(await store.accounts.changeMembership(org.id, owner, { role: 'owner' })).toBe('changed');
    expect(await store.accounts.changeMembership(org.id, randomUUID(), { remove: true })).toBe('not-found');
    expect(await store.accounts.changeMembership(org.id, admin, { role: 'owner' })).toBe('changed');
    // A suspended owner does not count: the identity provider has them deactivated.
    await store.accounts.setSuspended(org.id, admin, true, T1);
    expect(await store.accounts.changeMembership(org.id, owner, { role: 'member' })).toBe('last-owner');
    await store.accounts.setSuspended(org.id, admin, false, T1);
    expect(await store.accounts.changeMembership(org.id, owner, { role: 'member' })).toBe('changed');
    expect(await store.accounts.changeMembership(org.id, owner, { remove: true })).toBe('changed');
    expect((await store.accounts.membersOf(org.id)).map((m) => [m.email, m.role])).toEqual([['admin@example.com', 'owner']]);
  });

  it('lets only one of two concurrent demotions of the last two owners through', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const first = await addMember(store, org.id, 'first@example.com', 'owner');
    const second = await addMember(store, org.id, 'second@example.com', 'owner');
    const results = await Promise.all([
      store.accounts.changeMembership(org.id, first, { role: 'admin' }),
      store.accounts.changeMembership(org.id, second, { remove: true }),
    ]);
    expect([...results].sort()).toEqual(['changed', 'last-owner']);
    expect((await store.accounts.membersOf(org.id)).filter((m) => m.role === 'owner')).toHaveLength(1);
  });
}
