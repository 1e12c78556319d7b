// Turns a filter string into the storage ListFilter: the equality forms IdPs send first.
import { ScimError } from '../../scim/errors.js';
import type { ResourceTypeDef } from '../../scim/schema/resource-types.js';
import { resolveAttribute } from '../../scim/schema/resolve.js';
import type { ListFilter } from '../../storage/list-filter.js';

const EQ_FILTER = /^\s*([A-Za-z][\w:.$-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;
const FILTERABLE = new Set<ListFilter['attribute']>(['id', 'userName', 'externalId', 'displayName']);

export function parseListFilter(text: string | undefined, resourceType: ResourceTypeDef): ListFilter | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const match = EQ_FILTER.exec(text);
  if (!match) throw ScimError.invalidFilter(`Unsupported filter ${JSON.stringify(text)}: use <attribute> eq "<value>"`);
  const [, path, literal] = match;
  const resolved = resolveAttribute(resourceType, path!);
  if (!resolved) throw ScimError.invalidFilter(`Unknown attribute "${path}" for ${resourceType.name}`);
  if (resolved.inExtension || resolved.subAttribute || !FILTERABLE.has(resolved.path as ListFilter['attribute'])) {
    throw ScimError.invalidFilter(`Filtering on "${resolved.path}" is not supported`);
  }
  let value: string;
  try {
    value = JSON.parse(`"${literal}"`) as string;
  } catch {
    throw ScimError.invalidFilter(`Invalid escape in the string literal of ${JSON.stringify(text)}`);
  }
  return { kind: 'eq', attribute: resolved.path as ListFilter['attribute'], value };
}
