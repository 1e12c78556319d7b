// Contract: SCIM token rotation (expire now or overlap), first-use retirement, revocation, last use.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ScimTokenRecord } from '../store.js';
import { newOrg, T0, T1, T2, type ContractContext } from './context.js';

const token = (orgId: string, createdAt: string): ScimTokenRecord => ({
  id: randomUUID(),
  orgId,
  digest: randomUUID().replace(/-/g, ''),
  hint: 'rcs_…abcd',
  createdAt,
  createdBy: 'cli',
  expiresAt: null,
  retireWhenSuccessorUsed: false,
  revokedAt: null,
  lastUsedAt: null,
  lastUsedAgent: null,
  lastUsedIp: null,
});

export function tokensContract(ctx: ContractContext): void {
  it('rotates with expire-now: the new token is the only active one and SCIM is enabled', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const first = token(org.id, T0);
    await store.tokens.rotate(first, { kind: 'expire-now' });
    expect(await store.tokens.byId(first.id)).toEqual(first);
    expect((await store.orgs.byId(org.id))?.scimEnabled).toBe(true);
    const second = token(org.id, T1);
    await store.tokens.rotate(second, { kind: 'expire-now' });
    expect((await store.tokens.activeFor(org.id, T1)).map((t) => t.id)).toEqual([second.id]);
    expect((await store.tokens.byId(first.id))?.revokedAt).toBe(T1);
  });

  it('rotates with an overlap window: the previous token works until the window ends', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const first = token(org.id, T0);
    await store.tokens.rotate(first, { kind: 'expire-now' });
    const second = token(org.id, T1);
    await store.tokens.rotate(second, { kind: 'overlap', until: T2, untilSuccessorUsed: false });
    expect((await store.tokens.activeFor(org.id, T1)).map((t) => t.id)).toEqual([second.id, first.id]);
    expect((await store.tokens.byId(first.id))?.expiresAt).toBe(T2);
    expect((await store.tokens.activeFor(org.id, T2)).map((t) => t.id)).toEqual([second.id]);
  });

  it('orders tokens created in the same instant newest first', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const first = token(org.id, T0);
    const second = token(org.id, T0);
    await store.tokens.rotate(first, { kind: 'expire-now' });
    await store.tokens.rotate(second, { kind: 'overlap', until: T2, untilSuccessorUsed: false });
    expect((await store.tokens.activeFor(org.id, T1)).map((t) => t.id)).toEqual([second.id, first.id]);
  });

  it('retires the predecessor at the first use of its successor when asked to', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const first = token(org.id, T0);
    await store.tokens.rotate(first, { kind: 'expire-now' });
    const second = token(org.id, T1);
    await store.tokens.rotate(second, { kind: 'overlap', until: T2, untilSuccessorUsed: true });
    await store.tokens.recordUse(first.id, T1, 'Okta', '10.0.0.1');
    expect((await store.tokens.byId(first.id))?.revokedAt).toBeNull();
    await store.tokens.recordUse(second.id, T1, 'Okta SCIM Client', '10.0.0.2');
    expect(await store.tokens.byId(second.id)).toMatchObject({ lastUsedAt: T1, lastUsedAgent: 'Okta SCIM Client', lastUsedIp: '10.0.0.2' });
    expect((await store.tokens.byId(first.id))?.revokedAt).toBe(T1);
    expect((await store.tokens.activeFor(org.id, T1)).map((t) => t.id)).toEqual([second.id]);
  });

  it('revokes every token of one org only and disables SCIM', async () => {
    const store = ctx.store();
    const a = await newOrg(store);
    const b = await newOrg(store);
    await store.tokens.rotate(token(a.id, T0), { kind: 'expire-now' });
    const other = token(b.id, T0);
    await store.tokens.rotate(other, { kind: 'expire-now' });
    expect(await store.tokens.revokeAll(a.id, T1)).toBe(1);
    expect(await store.tokens.activeFor(a.id, T1)).toEqual([]);
    expect((await store.orgs.byId(a.id))?.scimEnabled).toBe(false);
    expect((await store.tokens.activeFor(b.id, T1)).map((t) => t.id)).toEqual([other.id]);
    expect(await store.tokens.byId(randomUUID())).toBeUndefined();
  });
}
