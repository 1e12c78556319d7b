// Attributes every resource carries (RFC 7643 section 3.1): id, externalId, meta.
import { attr, complex, type AttributeDef } from './attribute.js';

export const ID_ATTRIBUTE = attr('id', 'string', {
  description: 'Unique identifier for the resource, assigned by the service provider.',
  caseExact: true,
  mutability: 'readOnly',
  returned: 'always',
  uniqueness: 'server',
});

export const EXTERNAL_ID_ATTRIBUTE = attr('externalId', 'string', {
  description: 'Identifier of the resource as defined by the provisioning client.',
  caseExact: true,
});

export const META_ATTRIBUTE = complex(
  'meta',
  [
    attr('resourceType', 'string', { description: 'The name of the resource type.', caseExact: true, mutability: 'readOnly' }),
    attr('created', 'dateTime', { description: 'When the resource was added.', mutability: 'readOnly' }),
    attr('lastModified', 'dateTime', { description: 'When the resource was last changed.', mutability: 'readOnly' }),
    attr('location', 'reference', {
      description: 'The URI of the resource.',
      caseExact: true,
      mutability: 'readOnly',
      referenceTypes: ['uri'],
    }),
    attr('version', 'string', { description: 'The version (ETag) of the resource.', caseExact: true, mutability: 'readOnly' }),
  ],
  { description: 'Resource metadata.', mutability: 'readOnly' },
);

/** Common attributes, described in /Schemas by RFC 7643 section 3.1 but not part of any schema's attribute list. */
export const COMMON_ATTRIBUTES: readonly AttributeDef[] = [ID_ATTRIBUTE, EXTERNAL_ID_ATTRIBUTE, META_ATTRIBUTE];
