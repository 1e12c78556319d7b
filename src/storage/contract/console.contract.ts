// Contract: console sessions, one-time setup links and sign-in failure counts, shared by every instance.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { NewActivity } from '../store.js';
import { newOrg, T0, T1, T2, type ContractContext } from './context.js';

export function consoleContract(ctx: ContractContext): void {
  it('appends a flush of activity entries larger than one statement can bind (a few busy Bulk requests), in order', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const entry = (k: number): NewActivity => ({
      orgId: org.id, at: T1, client: 'okta', userAgent: 'Okta', method: 'POST', path: '/Users', resourceType: 'User', resourceId: `u${k}`,
      target: `u${k}@example.com`, summary: `Okta created u${k}@example.com`, outcome: 'success', status: 201, scimType: null, detail: null,
      quirk: null, request: '{}', change: null,
    });
    // 17 columns: PostgreSQL binds at most 65,535 parameters in one statement, 3,855 entries.
    await store.activity.append(Array.from({ length: 5000 }, (_, k) => entry(k)));
    const newest = await store.activity.list(org.id, { limit: 2 });
    expect(newest.map((e) => e.resourceId)).toEqual(['u4999', 'u4998']);
    expect(await store.activity.seqAtDepth(org.id, undefined, 5000)).toBeDefined();
    expect(await store.activity.seqAtDepth(org.id, undefined, 5001)).toBeUndefined();
  });

  it('stores sessions by digest and ends every session of an account', async () => {
    const store = ctx.store();
    const account = { id: randomUUID(), email: 'ada@example.com', passwordHash: 'h', createdAt: T0 };
    await store.accounts.create(account);
    const session = { idDigest: 'd1', accountId: account.id, csrfSecret: 's', createdAt: T0, expiresAt: T2, ip: '10.0.0.1', userAgent: 'Firefox' };
    await store.sessions.create(session);
    await store.sessions.create({ ...session, idDigest: 'd2', ip: null, userAgent: null });
    expect(await store.sessions.get('d1')).toEqual(session);
    await store.sessions.delete('d1');
    expect(await store.sessions.get('d1')).toBeUndefined();
    expect(await store.sessions.deleteForAccount(account.id)).toBe(1);
    expect(await store.sessions.get('d2')).toBeUndefined();
  });

  it('consumes a setup token once, and never after it expired', async () => {
    const store = ctx.store();
    await store.setupTokens.create('once', T0, T2);
    await store.setupTokens.create('late', T0, T1);
    const results = await Promise.all([store.setupTokens.consume('once', T1), store.setupTokens.consume('once', T1)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await store.setupTokens.consume('late', T2)).toBe(false);
    expect(await store.setupTokens.consume('missing', T0)).toBe(false);
  });

  it('counts sign-in failures per key since an instant, and clears them', async () => {
    const store = ctx.store();
    await store.signInThrottle.recordFailure('ip:10.0.0.1', T0);
    await store.signInThrottle.recordFailure('ip:10.0.0.1', T1);
    await store.signInThrottle.recordFailure('account:ada@example.com', T1);
    expect(await store.signInThrottle.failuresSince('ip:10.0.0.1', T0)).toBe(1);
    expect(await store.signInThrottle.failuresSince('ip:10.0.0.1', '2026-01-01T00:00:00.000Z')).toBe(2);
    await store.signInThrottle.clear('ip:10.0.0.1');
    expect(await store.signInThrottle.failuresSince('ip:10.0.0.1', '2026-01-01T00:00:00.000Z')).toBe(0);
    expect(await store.signInThrottle.failuresSince('account:ada@example.com', T0)).toBe(1);
  });
}
