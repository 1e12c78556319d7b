// Contract: organizations, accounts, memberships, the audit log and ping.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { newOrg, T0, T1, type ContractContext } from './context.js';

export function accountsContract(ctx: ContractContext): void {
  it('stores organizations and finds them by slug and id', async () => {
    const store = ctx.store();
    expect(await store.orgs.count()).toBe(0);
    const org = await newOrg(store, 'acme');
    expect(await store.orgs.bySlug('acme')).toEqual(org);
    expect(await store.orgs.byId(org.id)).toEqual(org);
    expect(await store.orgs.bySlug('nope')).toBeUndefined();
    await store.orgs.setScimEnabled(org.id, true);
    expect((await store.orgs.byId(org.id))?.scimEnabled).toBe(true);
    expect(await store.orgs.count()).toBe(1);
    await expect(store.orgs.create({ ...org, id: randomUUID() })).rejects.toThrow();
  });

  it('finds accounts by email case-insensitively and keeps one membership per org and account', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const account = { id: randomUUID(), email: 'Ada@Example.com', passwordHash: 'hash', createdAt: T0 };
    await store.accounts.create(account);
    expect(await store.accounts.byEmail('ada@example.COM')).toEqual(account);
    expect(await store.accounts.byId(account.id)).toEqual(account);
    await expect(store.accounts.create({ ...account, id: randomUUID(), email: 'ADA@example.com' })).rejects.toThrow();
    await store.accounts.setMembership({ orgId: org.id, accountId: account.id, role: 'member' }, T0);
    await store.accounts.setMembership({ orgId: org.id, accountId: account.id, role: 'admin' }, T1);
    expect(await store.accounts.membership(org.id, account.id)).toEqual({ orgId: org.id, accountId: account.id, role: 'admin', suspended: false });
    expect(await store.accounts.membershipsOf(account.id)).toHaveLength(1);
    expect(await store.accounts.membership(randomUUID(), account.id)).toBeUndefined();
  });

  it('suspends and restores a membership (keeping its role), and removes it', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const account = { id: randomUUID(), email: 'bob@example.com', passwordHash: 'hash', createdAt: T0 };
    await store.accounts.create(account);
    await store.accounts.setMembership({ orgId: org.id, accountId: account.id, role: 'admin' }, T0);
    expect(await store.accounts.setSuspended(org.id, account.id, true, T1)).toBe(true);
    expect(await store.accounts.setSuspended(org.id, account.id, true, T1)).toBe(false);
    expect(await store.accounts.membership(org.id, account.id)).toMatchObject({ role: 'admin', suspended: true });
    expect((await store.accounts.membershipsOf(account.id))[0]?.suspended).toBe(true);
    expect(await store.accounts.setSuspended(org.id, account.id, false, T1)).toBe(true);
    expect(await store.accounts.membership(org.id, account.id)).toMatchObject({ role: 'admin', suspended: false });
    expect(await store.accounts.removeMembership(org.id, account.id)).toBe(true);
    expect(await store.accounts.removeMembership(org.id, account.id)).toBe(false);
    expect(await store.accounts.membership(org.id, account.id)).toBeUndefined();
  });

  it('keeps the audit log per org, newest first, with its JSON detail', async () => {
    const store = ctx.store();
    const a = await newOrg(store);
    const b = await newOrg(store);
    await store.audit.record({ orgId: a.id, at: T0, action: 'scim.enabled', actor: 'cli', ip: null, detail: { hint: 'rcs_…a1B2' } });
    await store.audit.record({ orgId: a.id, at: T1, action: 'token.generated', actor: 'ada@example.com', ip: '10.0.0.1', detail: null });
    await store.audit.record({ orgId: b.id, at: T1, action: 'scim.enabled', actor: 'cli', ip: null, detail: null });
    expect(await store.audit.list(a.id, 10)).toEqual([
      { orgId: a.id, at: T1, action: 'token.generated', actor: 'ada@example.com', ip: '10.0.0.1', detail: null },
      { orgId: a.id, at: T0, action: 'scim.enabled', actor: 'cli', ip: null, detail: { hint: 'rcs_…a1B2' } },
    ]);
    expect(await store.audit.list(a.id, 1)).toHaveLength(1);
  });

  it('answers ping while open', async () => {
    await expect(ctx.store().ping()).resolves.toBeUndefined();
    expect(ctx.store().engine).toBe(ctx.engine);
  });
}
