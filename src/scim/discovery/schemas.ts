// /Schemas and /ResourceTypes (RFC 7643 sections 6 and 7), rendered from the same registry that validation reads.
import type { AttributeDef, SchemaDef } from '../schema/attribute.js';
import type { ResourceTypeDef } from '../schema/resource-types.js';
import { RESOURCE_TYPE_SCHEMA, SCHEMA_SCHEMA } from '../schema/urns.js';
import type { JsonObject } from '../messages/resource.js';

/** `description` is optional (RFC 7643 section 7): a declaration without one shows none rather than "". */
const describedBy = (description: string): JsonObject => (description === '' ? {} : { description });

function renderAttribute(def: AttributeDef): JsonObject {
  const out: JsonObject = {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    ...describedBy(def.description),
    required: def.required,
    caseExact: def.caseExact,
    mutability: def.mutability,
    returned: def.returned,
    uniqueness: def.uniqueness,
  };
  if (def.canonicalValues) out['canonicalValues'] = [...def.canonicalValues];
  if (def.referenceTypes) out['referenceTypes'] = [...def.referenceTypes];
  if (def.subAttributes) out['subAttributes'] = def.subAttributes.map(renderAttribute);
  return out;
}

export function renderSchema(schema: SchemaDef, baseUrl: string): JsonObject {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    ...describedBy(schema.description),
    attributes: schema.attributes.map(renderAttribute),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

export function renderResourceType(resourceType: ResourceTypeDef, baseUrl: string): JsonObject {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: resourceType.name,
    name: resourceType.name,
    endpoint: resourceType.endpoint,
    description: resourceType.description,
    schema: resourceType.schema.id,
    schemaExtensions: resourceType.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${resourceType.name}` },
  };
}
