// Rows of the product API's tables as both engines return them, mapped to records once (see row-mappers.ts).
import type { ApiKeyRecord, ProductOrg, SetupLinkRecord, SetupLinkSession } from './product-store.js';
import { toOrg, type OrgRow } from './row-mappers.js';

export interface ProductOrgRow extends OrgRow {
  external_id: string | null;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  digest: string;
  hint: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface SetupLinkRow {
  id: string;
  org_id: string;
  digest: string;
  return_url: string | null;
  created_at: string;
  created_by: string | null;
  expires_at: string;
  used_at: string | null;
}

export interface SetupLinkSessionRow {
  id_digest: string;
  link_id: string;
  org_id: string;
  csrf_secret: string;
  created_at: string;
  expires_at: string;
}

export const toProductOrg = (row: ProductOrgRow): ProductOrg => ({ ...toOrg(row), externalId: row.external_id });

export const toApiKey = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  name: row.name,
  digest: row.digest,
  hint: row.hint,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
});

export const toSetupLink = (row: SetupLinkRow): SetupLinkRecord => ({
  id: row.id,
  orgId: row.org_id,
  digest: row.digest,
  returnUrl: row.return_url,
  createdAt: row.created_at,
  createdBy: row.created_by,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
});

export const toSetupLinkSession = (row: SetupLinkSessionRow): SetupLinkSession => ({
  idDigest: row.id_digest,
  linkId: row.link_id,
  orgId: row.org_id,
  csrfSecret: row.csrf_secret,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

/** The statements that remove an organization's rows that no foreign key cascades, before the org row itself. */
export const ORG_SCOPED_DELETES = [
  'DELETE FROM scim_group_members WHERE org_id = $1',
  'DELETE FROM scim_user_emails WHERE org_id = $1',
  'DELETE FROM scim_groups WHERE org_id = $1',
  'DELETE FROM scim_users WHERE org_id = $1',
  'DELETE FROM scim_seq_buckets WHERE org_id = $1',
  'DELETE FROM scim_changes WHERE org_id = $1',
  'DELETE FROM audit_events WHERE org_id = $1',
];
