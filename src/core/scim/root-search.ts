// POST /.search (RFC 7644 section 3.4.3): one query over Users then Groups. A resource type whose schema lacks
// an attribute the filter names is left out; the filter must make sense for at least one type.
import { ScimError } from '../../scim/errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../scim/messages/list-params.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import type { SearchParams } from '../../scim/messages/search-request.js';
import type { ResourceTypeDef } from '../../scim/schema/resource-types.js';
import { LIST_RESPONSE } from '../../scim/schema/urns.js';
import { buildListQuery } from './list-resources.js';
import type { GroupService } from './group-service.js';
import type { UserService } from './user-service.js';

export interface RootSearchPart {
  readonly resourceType: ResourceTypeDef;
  readonly resources: readonly JsonObject[];
}

export async function rootSearch(
  orgId: string,
  params: SearchParams,
  services: { users: UserService; groups: GroupService },
  /** The organization's User and Group resource types, in that order. */
  resourceTypes: readonly ResourceTypeDef[],
  wants: (resourceType: ResourceTypeDef) => boolean,
): Promise<{ envelope: JsonObject; parts: RootSearchPart[] }> {
  if (params.cursor !== undefined) {
    throw ScimError.invalidValue('Cursor paging is available on /Users/.search and /Groups/.search, not on /.search');
  }
  const types: ResourceTypeDef[] = [];
  let firstError: unknown;
  for (const resourceType of resourceTypes) {
    try {
      buildListQuery(resourceType, params);
      types.push(resourceType);
    } catch (error) {
      firstError ??= error;
    }
  }
  if (types.length === 0) throw firstError;

  const startIndex = Math.max(1, params.startIndex ?? 1);
  let remaining = Math.min(MAX_PAGE_SIZE, Math.max(0, params.count ?? DEFAULT_PAGE_SIZE));
  let skip = startIndex - 1;
  let totalResults = 0;
  const parts: RootSearchPart[] = [];
  for (const resourceType of types) {
    const service = resourceType.name === 'User' ? services.users : services.groups;
    const { startIndex: _s, count: _c, ...rest } = params;
    const total = Number((await service.list(orgId, { ...rest, count: 0 }, false)).envelope['totalResults']);
    totalResults += total;
    if (skip >= total) {
      skip -= total;
      continue;
    }
    if (remaining === 0) continue;
    const page = await service.list(orgId, { ...rest, startIndex: skip + 1, count: remaining }, wants(resourceType));
    parts.push({ resourceType, resources: page.resources });
    remaining -= page.resources.length;
    skip = 0;
  }
  const itemsPerPage = parts.reduce((n, part) => n + part.resources.length, 0);
  return { envelope: { schemas: [LIST_RESPONSE], totalResults, startIndex, itemsPerPage }, parts };
}
