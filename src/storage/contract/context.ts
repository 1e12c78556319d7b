// Shared fixtures of the storage contract suite: a fresh store per test, orgs, change contexts, fixed instants.
import { randomUUID } from 'node:crypto';
import { checkFilter } from '../../scim/filter/check.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { groupResourceType, userResourceType } from '../../scim/schema/resource-types.js';
import type { ChangeContext, ListQuery, Org, Store } from '../store.js';

export type StoreFactory = () => Promise<{ store: Store; dispose(): Promise<void> }>;

export interface ContractContext {
  readonly engine: Store['engine'];
  store(): Store;
}

/** Instants with milliseconds, as the API shows them; both engines must return them unchanged. */
export const T0 = '2026-01-02T03:04:05.678Z';
export const T1 = '2026-01-02T03:05:00.001Z';
export const T2 = '2026-01-02T04:00:00.000Z';

export const change = (at = T0, client: string | null = 'Okta SCIM Client'): ChangeContext => ({ at, client });

export async function newOrg(store: Store, slug = `org-${randomUUID().slice(0, 8)}`): Promise<Org> {
  const org: Org = { id: randomUUID(), slug, name: slug.toUpperCase(), scimEnabled: false, createdAt: T0 };
  await store.orgs.create(org);
  return org;
}

/** Runs `work` and returns the ScimError-like fields it threw, or fails the test when it did not throw. */
export async function thrown(work: () => Promise<unknown>): Promise<{ status?: number; scimType?: string; detail?: string }> {
  try {
    await work();
  } catch (error) {
    return error as { status?: number; scimType?: string; detail?: string };
  }
  throw new Error('expected the call to throw');
}

/** A list query over an offset window, with an optional SCIM filter checked like the API does. */
export function listQuery(resourceType: 'User' | 'Group', filter?: string, offset = 0, limit = 10): ListQuery {
  const window = { kind: 'offset', offset, limit } as const;
  if (filter === undefined) return { window };
  return { window, filter: checkFilter(parseFilter(filter), resourceType === 'User' ? userResourceType : groupResourceType) };
}
