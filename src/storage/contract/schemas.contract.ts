// Contract: an organization's declared schema extensions and its undeclared-extension choice.
import { expect, it } from 'vitest';
import { newOrg, T0, T1, type ContractContext } from './context.js';

const URN = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
const definition = { id: URN, name: 'Acme', attributes: [{ name: 'badge', type: 'string' }] };

export function schemasContract(ctx: ContractContext): void {
  it('stores extensions per organization, one per URN in any case, and removes them', async () => {
    const store = ctx.store();
    const acme = await newOrg(store);
    const other = await newOrg(store);
    expect(await store.schemas.load(acme.id)).toEqual({ extensions: [], keepUndeclaredExtensions: false });
    const record = { orgId: acme.id, urn: URN, resourceType: 'User' as const, definition, createdAt: T0, updatedAt: T0 };
    expect(await store.schemas.put(record)).toBe(true);
    const redefined = { ...record, urn: URN.toUpperCase().replace('URN:', 'urn:'), definition: { ...definition, name: 'Acme2' }, updatedAt: T1 };
    expect(await store.schemas.put(redefined)).toBe(false);
    const loaded = await store.schemas.load(acme.id);
    expect(loaded.extensions).toEqual([redefined]);
    expect((await store.schemas.load(other.id)).extensions).toEqual([]);
    expect(await store.schemas.delete(other.id, URN)).toBe(false);
    expect(await store.schemas.delete(acme.id, URN)).toBe(true);
    expect((await store.schemas.load(acme.id)).extensions).toEqual([]);
  });

  it('remembers the undeclared-extension choice per organization', async () => {
    const store = ctx.store();
    const acme = await newOrg(store);
    const other = await newOrg(store);
    await store.schemas.setKeepUndeclaredExtensions(acme.id, true, T0);
    expect((await store.schemas.load(acme.id)).keepUndeclaredExtensions).toBe(true);
    expect((await store.schemas.load(other.id)).keepUndeclaredExtensions).toBe(false);
    await store.schemas.setKeepUndeclaredExtensions(acme.id, false, T1);
    expect((await store.schemas.load(acme.id)).keepUndeclaredExtensions).toBe(false);
  });
}
