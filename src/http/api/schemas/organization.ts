// Organization schemas of /api/v1: the resource, and the bodies that create and change it.
import { Type } from 'typebox';
import { MAX_EXTERNAL_ID_LENGTH, MAX_NAME_LENGTH } from '../../../core/orgs/product-org-service.js';
import type { ProductOrg } from '../../../storage/product-store.js';
import { PageQuery } from './common.js';

const Name = Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH, description: 'Display name' });
const ExternalId = Type.String({ minLength: 1, maxLength: MAX_EXTERNAL_ID_LENGTH, description: "Your own id for this customer; unique among organizations" });

export const Organization = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String({ description: 'Used in console addresses (/orgs/{slug}); fixed once created' }),
  external_id: Type.Union([Type.String(), Type.Null()]),
  scim_enabled: Type.Boolean({ description: 'Whether a SCIM token has been generated and not revoked' }),
  created_at: Type.String({ format: 'date-time' }),
});

export const CreateOrganization = Type.Object(
  {
    name: Name,
    slug: Type.Optional(Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$', description: 'Made from the name when left out' })),
    external_id: Type.Optional(ExternalId),
  },
  { additionalProperties: false },
);

export const UpdateOrganization = Type.Object(
  { name: Type.Optional(Name), external_id: Type.Optional(Type.Union([ExternalId, Type.Null()], { description: 'null removes it' })) },
  { additionalProperties: false, minProperties: 1 },
);

export const OrganizationQuery = Type.Object(
  {
    external_id: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_EXTERNAL_ID_LENGTH, description: 'Only the organization with this external id' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const DeleteQuery = Type.Object(
  { confirm: Type.Optional(Type.String({ description: "The organization's slug or id, repeated to confirm the deletion" })) },
  { additionalProperties: false },
);

export const organizationJson = (org: ProductOrg) => ({
  id: org.id,
  name: org.name,
  slug: org.slug,
  external_id: org.externalId,
  scim_enabled: org.scimEnabled,
  created_at: org.createdAt,
});
