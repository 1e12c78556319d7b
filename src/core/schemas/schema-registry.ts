// Resolves each organization's schema registry (core + enterprise + its declared extensions) for a request,
// cached per organization with a short TTL so every instance sharing PostgreSQL sees a change within the bound.
import { buildOrgSchemas, CORE_SCHEMAS, type OrgSchemas } from '../../scim/schema/org-schemas.js';
import { parseExtensionDefinition } from '../../scim/schema/extension-definition.js';
import type { Store } from '../../storage/store.js';
import type { Clock } from '../clock.js';

/**
 * How stale another instance's view of an organization's schemas can be: a declaration, redefinition or removal
 * (or the undeclared-extension choice) reaches every instance within this long. The instance that made the change
 * forgets the organization at once. Each instance reads an organization's schemas at most once per TTL, so an
 * organization without extensions costs a Map lookup per request and one indexed query per second.
 */
export const SCHEMA_CACHE_TTL_MS = 1_000;
const MAX_CACHED_ORGS = 10_000;

interface Entry {
  readonly schemas: Promise<OrgSchemas>;
  readonly until: number;
}

export class SchemaRegistry {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The registry requests of this organization validate, filter, sort, project and discover with. */
  forOrg(orgId: string): Promise<OrgSchemas> {
    const now = this.clock().getTime();
    const hit = this.cache.get(orgId);
    if (hit && hit.until > now) return hit.schemas;
    const schemas = this.load(orgId);
    if (this.cache.size >= MAX_CACHED_ORGS) this.cache.clear();
    this.cache.set(orgId, { schemas, until: now + SCHEMA_CACHE_TTL_MS });
    // A failed read (database down) is not remembered: the next request tries again.
    schemas.catch(() => {
      if (this.cache.get(orgId)?.schemas === schemas) this.cache.delete(orgId);
    });
    return schemas;
  }

  /** Called by this process after it changes an organization's schemas, so its next request sees them. */
  forget(orgId: string): void {
    this.cache.delete(orgId);
  }

  private async load(orgId: string): Promise<OrgSchemas> {
    const state = await this.store.schemas.load(orgId);
    if (state.extensions.length === 0 && !state.keepUndeclaredExtensions) return CORE_SCHEMAS;
    // Stored definitions were validated when declared; parsing them again yields the SchemaDef the registry needs.
    const extensions = state.extensions.map((r) => ({ resourceType: r.resourceType, schema: parseExtensionDefinition(r.definition) }));
    return buildOrgSchemas(extensions, state.keepUndeclaredExtensions);
  }
}
