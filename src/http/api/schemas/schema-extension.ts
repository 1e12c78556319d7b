// Schema-extension schemas of /api/v1: the SCIM Schema resource (RFC 7643 section 7) the CLI's `schema put` reads from
// a file, sent as the body, and the declaration as the API answers it.
import { Type } from 'typebox';
import type { SchemaExtensionRecord } from '../../../storage/store.js';

export const ExtensionDefinition = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 300, description: 'The extension URN; must equal the {urn} path parameter' }),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    attributes: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
      description: 'Attribute definitions (name, type, multiValued, required, caseExact, mutability, returned, canonicalValues, subAttributes)',
    }),
  },
  { additionalProperties: true, description: 'A SCIM Schema resource (RFC 7643 section 7), the same JSON `rollcall schema put --file` reads' },
);

export const ResourceTypeQuery = Type.Object(
  { resource_type: Type.Union([Type.Literal('User'), Type.Literal('Group')], { description: 'The resource type the extension extends' }) },
  { additionalProperties: false },
);

export const SchemaParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: 'Organization id' }),
  urn: Type.String({ minLength: 1, maxLength: 300, description: 'The extension URN, e.g. urn:ietf:params:scim:schemas:extension:acme:2.0:User' }),
});

export const SchemaExtension = Type.Object({
  urn: Type.String(),
  resource_type: Type.Union([Type.Literal('User'), Type.Literal('Group')]),
  definition: Type.Record(Type.String(), Type.Unknown(), { description: 'The declared Schema resource as /scim/v2/Schemas shows it (without meta)' }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const schemaExtensionJson = (record: SchemaExtensionRecord) => ({
  urn: record.urn,
  resource_type: record.resourceType,
  definition: record.definition,
  created_at: record.createdAt,
  updated_at: record.updatedAt,
});
