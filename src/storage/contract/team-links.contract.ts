// Contract: one-time team links (invitations, password resets): pending lists, single use, expiry, revocation,
// and a password reset that changes the hash and ends the account's sessions in one step.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { TeamLink } from '../team-link-store.js';
import { newOrg, T0, T1, T2, type ContractContext } from './context.js';

function link(orgId: string, overrides: Partial<TeamLink> = {}): TeamLink {
  return {
    id: randomUUID().replaceAll('-', '').slice(0, 16),
    orgId,
    kind: 'invite',
    email: 'new@example.com',
    role: 'member',
    digest: 'a'.repeat(64),
    createdAt: T0,
    createdBy: 'owner@example.com',
    expiresAt: T2,
    usedAt: null,
    ...overrides,
  };
}

async function account(store: Store, email: string): Promise<string> {
  const id = randomUUID();
  await store.accounts.create({ id, email, passwordHash: 'old-hash', createdAt: T0 });
  return id;
}

export function teamLinksContract(ctx: ContractContext): void {
  it('stores team links as given and lists the pending ones of an org, oldest first', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const other = await newOrg(store);
    const first = link(org.id, { email: 'a@example.com', role: 'admin' });
    const second = link(org.id, { kind: 'password-reset', email: 'b@example.com', role: null, createdAt: T1 });
    const expired = link(org.id, { expiresAt: T1 });
    await store.teamLinks.create(second);
    await store.teamLinks.create(first);
    await store.teamLinks.create(expired);
    await store.teamLinks.create(link(other.id));
    expect(await store.teamLinks.byId(first.id)).toEqual(first);
    expect(await store.teamLinks.byId('missing')).toBeUndefined();
    expect((await store.teamLinks.pending(org.id, T1)).map((l) => l.id)).toEqual([first.id, second.id]);
  });

  it('uses a link once, never after it expires, and revokes only unused links of its own org', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const other = await newOrg(store);
    const once = link(org.id);
    const late = link(org.id, { expiresAt: T1 });
    const kept = link(org.id);
    await Promise.all([once, late, kept].map((l) => store.teamLinks.create(l)));
    const results = await Promise.all([store.teamLinks.consume(once.id, T1), store.teamLinks.consume(once.id, T1)]);
    expect([...results].sort()).toEqual([false, true]);
    expect((await store.teamLinks.byId(once.id))?.usedAt).toBe(T1);
    expect(await store.teamLinks.consume(late.id, T1)).toBe(false);
    expect(await store.teamLinks.revoke(org.id, once.id)).toBe(false);
    expect(await store.teamLinks.revoke(other.id, kept.id)).toBe(false);
    expect(await store.teamLinks.revoke(org.id, kept.id)).toBe(true);
    expect(await store.teamLinks.byId(kept.id)).toBeUndefined();
    expect(await store.teamLinks.consume(kept.id, T1)).toBe(false);
  });

  it('resets a password once: new hash and every session of the account ended, other accounts untouched', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const target = await account(store, 'target@example.com');
    const bystander = await account(store, 'bystander@example.com');
    const session = (accountId: string, n: number) => ({
      idDigest: `${n}`.padStart(64, '0'),
      accountId,
      csrfSecret: 'secret',
      createdAt: T0,
      expiresAt: T2,
      ip: null,
      userAgent: null,
    });
    await store.sessions.create(session(target, 1));
    await store.sessions.create(session(target, 2));
    await store.sessions.create(session(bystander, 3));
    const reset = link(org.id, { kind: 'password-reset', email: 'target@example.com', role: null });
    await store.teamLinks.create(reset);
    expect(await store.teamLinks.resetPassword(reset.id, target, 'new-hash', T1)).toBe(true);
    expect((await store.accounts.byId(target))?.passwordHash).toBe('new-hash');
    expect(await store.sessions.get(session(target, 1).idDigest)).toBeUndefined();
    expect(await store.sessions.get(session(target, 2).idDigest)).toBeUndefined();
    expect(await store.sessions.get(session(bystander, 3).idDigest)).toBeDefined();
    // Used: a second attempt changes nothing.
    expect(await store.teamLinks.resetPassword(reset.id, target, 'other-hash', T1)).toBe(false);
    expect((await store.accounts.byId(target))?.passwordHash).toBe('new-hash');
  });

  it('deletes an organization\'s team links with the organization', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const pending = link(org.id);
    await store.teamLinks.create(pending);
    await store.productOrgs.delete(org.id, T1);
    expect(await store.teamLinks.byId(pending.id)).toBeUndefined();
  });
}
