// The identity provider's lookup before a create or an update: `userName eq "…"` or `externalId eq "…"` on a first
// page, unsorted. It reads one indexed column, so lookups of one organization can be answered by one statement.
import { foldCase } from '../resource-columns.js';
import { USER_SCHEMA } from '../../scim/schema/urns.js';
import type { ListQuery } from '../store.js';

export interface UserLookup {
  /** The column compared, holding the value as the lookup compares it (user_name_ci folded, external_id as sent). */
  readonly column: 'user_name_ci' | 'external_id';
  readonly value: string;
}

/** The lookup the query is, or undefined when it is any other query. */
export function userLookup(query: ListQuery): UserLookup | undefined {
  const { window } = query;
  const filter = query.filter?.root;
  if (query.filter?.resourceType !== 'User' || filter?.kind !== 'compare' || filter.op !== 'eq' || filter.value.type !== 'string') return undefined;
  const { target } = filter;
  if (target.schemaId !== USER_SCHEMA || target.inExtension || target.subAttribute !== undefined) return undefined;
  if (query.sort !== undefined || window.kind !== 'offset' || window.offset !== 0 || window.limit < 1) return undefined;
  const { value } = filter.value;
  if (target.attribute.name === 'userName' && !filter.caseExact) return { column: 'user_name_ci', value: foldCase(value) };
  if (target.attribute.name === 'externalId' && filter.caseExact) return { column: 'external_id', value };
  return undefined;
}
