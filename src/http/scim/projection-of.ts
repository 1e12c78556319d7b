// The projection a request asks for, and whether it needs User.groups / Group.members at all.
import { keepEverything, projector } from '../../scim/messages/projection.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import type { ResourceTypeDef } from '../../scim/schema/resource-types.js';
import { resolveAttribute } from '../../scim/schema/resolve.js';

export interface RequestProjection {
  readonly project: (doc: JsonObject) => JsonObject;
  /** False when the projection drops the server-computed list (groups for Users, members for Groups). */
  readonly wantsComputed: boolean;
  /** True when the request asks for every attribute as rendered (no projection to apply). */
  readonly keepsEverything: boolean;
}

export function projectionOf(
  resourceType: ResourceTypeDef,
  attributes: readonly string[] | undefined,
  excludedAttributes: readonly string[] | undefined,
): RequestProjection {
  const project = projector(resourceType, { ...(attributes ? { attributes } : {}), ...(excludedAttributes ? { excludedAttributes } : {}) });
  const computed = resourceType.name === 'User' ? 'groups' : 'members';
  const resolved = (list: readonly string[] | undefined) => (list ?? []).map((path) => resolveAttribute(resourceType, path));
  // Asking for any part of the list needs it; only excluding the whole attribute (not `members.display`) drops it.
  const wantsComputed = attributes?.length
    ? resolved(attributes).some((r) => r?.attribute.name === computed)
    : !resolved(excludedAttributes).some((r) => r?.attribute.name === computed && r.subAttribute === undefined);
  return { project, wantsComputed, keepsEverything: project === keepEverything };
}
