// The identity provider's lookup before a create or an update: `userName eq "…"` on a first page, unsorted. userName
// is unique per organization, so such a query finds at most one user, and lookups can be answered together.
import { foldCase } from '../resource-columns.js';
import { USER_SCHEMA } from '../../scim/schema/urns.js';
import type { ListQuery } from '../store.js';

/** The folded userName the query looks up, or undefined when it is any other query. */
export function userNameLookup(query: ListQuery): string | undefined {
  const { window } = query;
  const filter = query.filter?.root;
  if (query.filter?.resourceType !== 'User' || filter?.kind !== 'compare' || filter.op !== 'eq' || filter.value.type !== 'string' || filter.caseExact) return undefined;
  const { target } = filter;
  if (target.schemaId !== USER_SCHEMA || target.inExtension || target.subAttribute !== undefined || target.attribute.name !== 'userName') return undefined;
  if (query.sort !== undefined || window.kind !== 'offset' || window.offset !== 0 || window.limit < 1) return undefined;
  return foldCase(filter.value.value);
}
