// Declares, lists and removes an organization's SCIM schema extensions (design.md section 11) and its choice
// about undeclared extension data. Shared by the CLI, the console and the product team's API: each front door
// decodes its input and makes one call here.
import { renderSchema } from '../../scim/discovery/schemas.js';
import { ScimError } from '../../scim/errors.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import { parseExtensionDefinition, type ExtendableResourceType } from '../../scim/schema/extension-definition.js';
import type { OrgSchemas } from '../../scim/schema/org-schemas.js';
import type { SchemaExtensionRecord, Store } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import type { Actor } from '../tokens/token-service.js';
import type { SchemaRegistry } from './schema-registry.js';

/** Enough for every documented IdP mapping; each one adds a little to every request's registry. */
export const MAX_EXTENSIONS_PER_ORG = 20;

export interface PutResult {
  readonly created: boolean;
  readonly extension: SchemaExtensionRecord;
}

export class SchemaService {
  constructor(
    private readonly store: Store,
    private readonly registry: SchemaRegistry,
    private readonly clock: Clock,
  ) {}

  /** The registry SCIM requests of this organization use (cached; see SCHEMA_CACHE_TTL_MS). */
  forOrg(orgId: string): Promise<OrgSchemas> {
    return this.registry.forOrg(orgId);
  }

  /**
   * Declares or redefines an extension bound to `resourceType`. `urn`, when given (the API's path parameter),
   * must name the same URN as the definition's `id`. Stored data is not rewritten: the next write of a resource
   * is validated against the new definition.
   */
  async put(orgId: string, resourceType: string, input: unknown, actor: Actor, urn?: string): Promise<PutResult> {
    if (resourceType !== 'User' && resourceType !== 'Group') {
      throw ScimError.invalidValue(`The resource type must be "User" or "Group", got "${resourceType}"`);
    }
    const schema = parseExtensionDefinition(input);
    if (urn !== undefined && urn.toLowerCase() !== schema.id.toLowerCase()) {
      throw ScimError.invalidValue(`The definition's "id" (${schema.id}) does not match the URN being declared (${urn})`);
    }
    const current = await this.store.schemas.load(orgId);
    const existing = current.extensions.find((e) => e.urn.toLowerCase() === schema.id.toLowerCase());
    if (existing && existing.resourceType !== resourceType) {
      throw ScimError.conflict(`${existing.urn} is declared for ${existing.resourceType}; delete it before declaring it for ${resourceType}`);
    }
    if (!existing && current.extensions.length >= MAX_EXTENSIONS_PER_ORG) {
      throw ScimError.invalidValue(`An organization can declare at most ${MAX_EXTENSIONS_PER_ORG} schema extensions`);
    }
    const at = this.clock().toISOString();
    const { meta: _meta, ...definition } = renderSchema(schema, '');
    const record: SchemaExtensionRecord = {
      orgId,
      urn: schema.id,
      resourceType: resourceType as ExtendableResourceType,
      definition,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    const created = await this.store.schemas.put(record);
    this.registry.forget(orgId);
    await this.audit(orgId, at, created ? 'schema.declared' : 'schema.redefined', actor, { urn: schema.id, resourceType });
    return { created, extension: record };
  }

  async list(orgId: string): Promise<readonly SchemaExtensionRecord[]> {
    return (await this.store.schemas.load(orgId)).extensions;
  }

  async get(orgId: string, urn: string): Promise<SchemaExtensionRecord> {
    const found = (await this.list(orgId)).find((e) => e.urn.toLowerCase() === urn.toLowerCase());
    if (!found) throw ScimError.notFound(`No schema extension "${urn}" is declared for this organization`);
    return found;
  }

  /** Removes a declaration; data already stored under it stays in the resources until they are next written. */
  async delete(orgId: string, urn: string, actor: Actor): Promise<void> {
    const existing = await this.get(orgId, urn);
    if (!(await this.store.schemas.delete(orgId, existing.urn))) throw ScimError.notFound(`No schema extension "${urn}" is declared for this organization`);
    this.registry.forget(orgId);
    await this.audit(orgId, this.clock().toISOString(), 'schema.deleted', actor, { urn: existing.urn, resourceType: existing.resourceType });
  }

  async keepsUndeclaredExtensions(orgId: string): Promise<boolean> {
    return (await this.store.schemas.load(orgId)).keepUndeclaredExtensions;
  }

  /** Chooses whether extension data under URNs nobody declared is kept as sent (true) or refused (false, the default). */
  async setKeepUndeclaredExtensions(orgId: string, keep: boolean, actor: Actor): Promise<void> {
    const at = this.clock().toISOString();
    await this.store.schemas.setKeepUndeclaredExtensions(orgId, keep, at);
    this.registry.forget(orgId);
    await this.audit(orgId, at, keep ? 'scim.undeclared-extensions.kept' : 'scim.undeclared-extensions.refused', actor, null);
  }

  private async audit(orgId: string, at: string, action: string, actor: Actor, detail: JsonObject | null): Promise<void> {
    await this.store.audit.record({ orgId, at, action, actor: actor.name, ip: actor.ip, detail });
  }
}
