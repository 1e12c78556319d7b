// Sets and reads each organization's attribute mapping, checked against the organization's own User schemas.
import { resolveAttribute } from '../../scim/schema/resolve.js';
import type { AttributeMapping } from '../../storage/mapping-store.js';
import type { Store } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import type { SchemaService } from '../schemas/schema-service.js';
import { checkAttributeMapping, DEFAULT_ATTRIBUTE_MAPPING } from './attribute-mapping.js';

export interface AttributeMappingView {
  readonly mapping: AttributeMapping;
  /** Null while the organization uses the built-in default mapping. */
  readonly updatedAt: string | null;
}

export class AttributeMappingService {
  constructor(
    private readonly store: Store,
    private readonly schemas: SchemaService,
    private readonly clock: Clock,
  ) {}

  async get(orgId: string): Promise<AttributeMappingView> {
    return (await this.store.attributeMappings.get(orgId)) ?? { mapping: DEFAULT_ATTRIBUTE_MAPPING, updatedAt: null };
  }

  /** Replaces the whole mapping; every path must name an attribute of the organization's User schemas. */
  async put(orgId: string, input: Readonly<Record<string, unknown>>, actor: string): Promise<AttributeMappingView> {
    const schemas = await this.schemas.forOrg(orgId);
    // Data under an undeclared URN is kept (not refused) only when the organization chose so; its paths cannot be checked.
    const resolves = (path: string) =>
      resolveAttribute(schemas.user, path) !== undefined || (schemas.keepUndeclaredExtensions && path.toLowerCase().startsWith('urn:'));
    const mapping = checkAttributeMapping(input, resolves);
    const at = this.clock().toISOString();
    await this.store.attributeMappings.put(orgId, mapping, at);
    await this.store.audit.record({ orgId, at, action: 'attributes.mapping-changed', actor, ip: null, detail: { keys: Object.keys(mapping) } });
    return { mapping, updatedAt: at };
  }
}
