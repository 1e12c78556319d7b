// Each organization's declared schema extensions (design.md section 11).
import type { JsonObject } from '../../scim/messages/resource.js';

/** One declared schema extension of an organization (design.md section 11), as the CLI or API sent it. */
export interface SchemaExtensionRecord {
  readonly orgId: string;
  /** The URN exactly as declared; unique per organization case-insensitively. */
  readonly urn: string;
  readonly resourceType: 'User' | 'Group';
  /** The SCIM Schema resource (RFC 7643 section 7) that was declared, already validated. */
  readonly definition: JsonObject;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Everything the per-organization schema registry needs, read together. */
export interface OrgSchemaState {
  readonly extensions: readonly SchemaExtensionRecord[];
  readonly keepUndeclaredExtensions: boolean;
}

export interface SchemaStore {
  /** The organization's extensions in declaration order, and its undeclared-extension choice. */
  load(orgId: string): Promise<OrgSchemaState>;
  /** Declares or redefines an extension (same URN, any case); keeps createdAt on redefinition. True when new. */
  put(record: SchemaExtensionRecord): Promise<boolean>;
  /** Removes the extension with this URN (any case); true when one was removed. */
  delete(orgId: string, urn: string): Promise<boolean>;
  setKeepUndeclaredExtensions(orgId: string, keep: boolean, at: string): Promise<void>;
}
