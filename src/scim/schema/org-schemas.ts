// One organization's schema registry: the core resource types plus the extensions that organization declared.
// Built per organization and passed explicitly; there is no module-level mutable registry.
import type { SchemaDef } from './attribute.js';
import type { ExtendableResourceType } from './extension-definition.js';
import { ALL_SCHEMAS, groupResourceType, userResourceType, type ResourceTypeDef } from './resource-types.js';

export interface DeclaredExtension {
  readonly resourceType: ExtendableResourceType;
  readonly schema: SchemaDef;
}

export interface OrgSchemas {
  readonly user: ResourceTypeDef;
  readonly group: ResourceTypeDef;
  readonly resourceTypes: readonly ResourceTypeDef[];
  /** Every schema of /Schemas: core, enterprise, then the organization's own. */
  readonly schemas: readonly SchemaDef[];
  /** Store extension data under URNs nobody declared as sent, instead of refusing it (docs/decisions/). */
  readonly keepUndeclaredExtensions: boolean;
}

/** The registry of an organization that declared nothing: shared, frozen, and what most requests use. */
export const CORE_SCHEMAS: OrgSchemas = Object.freeze({
  user: userResourceType,
  group: groupResourceType,
  resourceTypes: [userResourceType, groupResourceType],
  schemas: ALL_SCHEMAS,
  keepUndeclaredExtensions: false,
});

export function buildOrgSchemas(extensions: readonly DeclaredExtension[], keepUndeclaredExtensions: boolean): OrgSchemas {
  if (extensions.length === 0 && !keepUndeclaredExtensions) return CORE_SCHEMAS;
  const extend = (base: ResourceTypeDef): ResourceTypeDef => {
    const own = extensions.filter((e) => e.resourceType === base.name).map((e) => ({ schema: e.schema, required: false }));
    return own.length === 0 ? base : { ...base, extensions: [...base.extensions, ...own] };
  };
  const user = extend(userResourceType);
  const group = extend(groupResourceType);
  return { user, group, resourceTypes: [user, group], schemas: [...ALL_SCHEMAS, ...extensions.map((e) => e.schema)], keepUndeclaredExtensions };
}

export function resourceTypeOf(schemas: OrgSchemas, name: ExtendableResourceType): ResourceTypeDef {
  return name === 'User' ? schemas.user : schemas.group;
}
