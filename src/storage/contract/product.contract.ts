// Contract: the product API's storage — API keys, organizations with external ids (and their complete deletion),
// one-time setup links and their sessions.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { OrgConflictError, type ProductOrg, type SetupLinkRecord, type SetupLinkSession } from '../product-store.js';
import { change, newOrg, T0, T1, T2, type ContractContext } from './context.js';

const productOrg = (externalId: string | null, slug = `p-${randomUUID().slice(0, 8)}`): ProductOrg => ({
  id: randomUUID(),
  slug,
  name: slug.toUpperCase(),
  scimEnabled: false,
  createdAt: T0,
  externalId,
});

const link = (orgId: string, expiresAt = T2): SetupLinkRecord => ({
  id: randomUUID(),
  orgId,
  digest: 'ab'.repeat(32),
  returnUrl: 'https://app.example/done',
  createdAt: T0,
  createdBy: 'api-key:k1',
  expiresAt,
  usedAt: null,
});

const session = (linkId: string, orgId: string, at = T1): SetupLinkSession => ({
  idDigest: randomUUID(),
  linkId,
  orgId,
  csrfSecret: 'secret',
  createdAt: at,
  expiresAt: T2,
});

export function productContract(ctx: ContractContext): void {
  it('stores API keys by id, lists them oldest first, revokes once and records use', async () => {
    const store = ctx.store();
    const key = { id: 'k1', name: 'app', digest: 'cd'.repeat(32), hint: 'rck_…abcd', createdAt: T0, revokedAt: null, lastUsedAt: null };
    await store.apiKeys.create(key);
    await store.apiKeys.create({ ...key, id: 'k2', createdAt: T1 });
    expect(await store.apiKeys.byId('k1')).toEqual(key);
    expect((await store.apiKeys.list()).map((k) => k.id)).toEqual(['k1', 'k2']);
    await store.apiKeys.recordUse('k1', T1);
    expect(await store.apiKeys.revoke('k1', T2)).toBe(true);
    expect(await store.apiKeys.revoke('k1', T2)).toBe(false);
    expect(await store.apiKeys.byId('k1')).toMatchObject({ revokedAt: T2, lastUsedAt: T1 });
  });

  it('keeps external ids and slugs unique, finds by external id, updates and pages in id order', async () => {
    const store = ctx.store();
    const a = productOrg('cust-a');
    await store.productOrgs.create(a);
    expect(await store.productOrgs.byExternalId('cust-a')).toEqual(a);
    await expect(store.productOrgs.create(productOrg('cust-a'))).rejects.toEqual(new OrgConflictError('external_id'));
    await expect(store.productOrgs.create(productOrg(null, a.slug))).rejects.toEqual(new OrgConflictError('slug'));
    // Many organizations may have no external id.
    await store.productOrgs.create(productOrg(null));
    await store.productOrgs.create(productOrg(null));
    expect(await store.productOrgs.update(a.id, { name: 'Renamed' }, T1)).toMatchObject({ name: 'Renamed', externalId: 'cust-a' });
    expect(await store.productOrgs.update(a.id, { externalId: null }, T1)).toMatchObject({ name: 'Renamed', externalId: null });
    expect(await store.productOrgs.update('missing', { name: 'x' }, T1)).toBeUndefined();
    const all = await store.productOrgs.list(undefined, 10);
    expect(all).toHaveLength(3);
    const second = await store.productOrgs.list(all[0]!.id, 1);
    expect(second.map((o) => o.id)).toEqual([all[1]!.id]);
  });

  it('deletes an organization with everything it owns and nothing of another', async () => {
    const store = ctx.store();
    const doomed = productOrg('doomed');
    await store.productOrgs.create(doomed);
    const kept = await newOrg(store);
    for (const org of [doomed, kept]) {
      const user = await store.users.create(org.id, { id: randomUUID(), doc: { userName: `u@${org.slug}.example`, emails: [{ value: `u@${org.slug}.example` }] } }, change());
      await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'G' }, members: [{ id: user.id, type: 'User' }] }, change());
      await store.audit.record({ orgId: org.id, at: T0, action: 'x', actor: null, ip: null, detail: null });
      await store.setupLinks.create(link(org.id));
    }
    const removed = await store.productOrgs.delete(doomed.id, T2);
    expect(removed).toEqual(doomed);
    expect(await store.productOrgs.byId(doomed.id)).toBeUndefined();
    expect(await store.productOrgs.delete(doomed.id, T2)).toBeUndefined();
    expect(await store.directory.users(doomed.id, { limit: 10 })).toEqual([]);
    expect(await store.directory.groups(doomed.id, undefined, 10)).toEqual([]);
    expect(await store.audit.list(doomed.id, 10)).toEqual([]);
    expect(await store.changes.list(doomed.id, 10)).toEqual([]);
    expect(await store.directory.users(kept.id, { limit: 10 })).toHaveLength(1);
    expect(await store.directory.groups(kept.id, undefined, 10)).toHaveLength(1);
    expect(await store.audit.list(kept.id, 10)).toHaveLength(1);
  });

  it('consumes a setup link once, only before it expires, and starts its session in the same step', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const fresh = link(org.id);
    await store.setupLinks.create(fresh);
    expect(await store.setupLinks.byId(fresh.id)).toEqual(fresh);
    const first = session(fresh.id, org.id);
    expect(await store.setupLinks.consume(fresh.id, first)).toBe(true);
    expect(await store.setupLinks.consume(fresh.id, session(fresh.id, org.id))).toBe(false);
    expect(await store.setupLinks.byId(fresh.id)).toMatchObject({ usedAt: T1 });
    expect(await store.setupLinks.session(first.idDigest)).toEqual(first);
    await store.setupLinks.endSession(first.idDigest);
    expect(await store.setupLinks.session(first.idDigest)).toBeUndefined();

    const stale = link(org.id, T1);
    await store.setupLinks.create(stale);
    const late = session(stale.id, org.id, T1);
    expect(await store.setupLinks.consume(stale.id, late)).toBe(false);
    expect(await store.setupLinks.session(late.idDigest)).toBeUndefined();
    // A link only opens the organization it was made for.
    const other = await newOrg(store);
    const mine = link(org.id);
    await store.setupLinks.create(mine);
    expect(await store.setupLinks.consume(mine.id, session(mine.id, other.id))).toBe(false);
  });
}
