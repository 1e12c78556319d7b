// Builds the wire form of stored Users and Groups (RFC 7643 sections 3.1, 4.1, 4.2): schemas, id, the document,
// server-computed attributes (User.groups, Group.members with display/type/$ref) and complete meta.
import { schemasOf } from '../schema/validate.js';
import { groupResourceType, userResourceType, type ResourceTypeDef } from '../schema/resource-types.js';
import type { JsonObject, JsonValue } from './resource.js';

export interface ResourceMeta {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface MemberView {
  readonly id: string;
  readonly type: 'User' | 'Group';
  readonly display: string | null;
}

/** Weak ETag from the row version (RFC 7644 section 3.14). */
export const etagOf = (version: number): string => `W/"${version}"`;

function meta(resourceType: 'User' | 'Group', resource: ResourceMeta, baseUrl: string): JsonObject {
  return {
    resourceType,
    created: resource.createdAt,
    lastModified: resource.updatedAt,
    location: `${baseUrl}/${resourceType}s/${resource.id}`,
    version: etagOf(resource.version),
  };
}

export function renderUser(
  resource: ResourceMeta & { doc: JsonObject },
  groups: readonly { id: string; displayName: string }[],
  baseUrl: string,
  resourceType: ResourceTypeDef = userResourceType,
): JsonObject {
  const out: JsonObject = { schemas: schemasOf(resource.doc, resourceType), id: resource.id, ...resource.doc };
  if (groups.length > 0) {
    out['groups'] = groups.map((g) => ({ value: g.id, $ref: `${baseUrl}/Groups/${g.id}`, display: g.displayName, type: 'direct' }));
  }
  out['meta'] = meta('User', resource, baseUrl);
  return out;
}

export function renderGroup(
  resource: ResourceMeta & { doc: JsonObject },
  members: readonly MemberView[] | undefined,
  baseUrl: string,
  resourceType: ResourceTypeDef = groupResourceType,
): JsonObject {
  const out: JsonObject = { schemas: schemasOf(resource.doc, resourceType), id: resource.id, ...resource.doc };
  if (members !== undefined) {
    out['members'] = members.map((m) => {
      const member: { [key: string]: JsonValue } = { value: m.id, $ref: `${baseUrl}/${m.type}s/${m.id}`, type: m.type };
      if (m.display !== null) member['display'] = m.display;
      return member;
    });
  }
  out['meta'] = meta('Group', resource, baseUrl);
  return out;
}
