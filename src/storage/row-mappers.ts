// Rows as both engines return them, and their mapping to domain records: one definition, so the engines cannot
// drift. Flag columns are 0/1 on SQLite and boolean on PostgreSQL; `flag` reads either.
import type { Account, ChangeRecord, ConsoleSession, Membership, Org, Role, ScimTokenRecord } from './store.js';

type Flag = boolean | number;
const flag = (value: Flag): boolean => value === true || value === 1;

export interface OrgRow {
  id: string;
  slug: string;
  name: string;
  scim_enabled: Flag;
  created_at: string;
}

export interface AccountRow {
  id: string;
  email: string;
  password_hash: string;
  created_at: string;
}

export interface MembershipRow {
  org_id: string;
  account_id: string;
  role: Role;
  suspended_at: string | null;
}

export interface TokenRow {
  id: string;
  org_id: string;
  digest: string;
  hint: string;
  created_at: string;
  created_by: string | null;
  expires_at: string | null;
  retire_when_successor_used: Flag;
  revoked_at: string | null;
  last_used_at: string | null;
  last_used_agent: string | null;
  last_used_ip: string | null;
}

export interface SessionRow {
  id_digest: string;
  account_id: string;
  csrf_secret: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ChangeRow {
  seq: number;
  at: string;
  resource_type: string;
  resource_id: string;
  action: string;
  version: number | null;
  client: string | null;
  status: number;
}

export const toOrg = (row: OrgRow): Org => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  scimEnabled: flag(row.scim_enabled),
  createdAt: row.created_at,
});

export const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  email: row.email,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
});

export const toMembership = (row: MembershipRow): Membership => ({
  orgId: row.org_id,
  accountId: row.account_id,
  role: row.role,
  suspended: row.suspended_at !== null,
});

export const toToken = (row: TokenRow): ScimTokenRecord => ({
  id: row.id,
  orgId: row.org_id,
  digest: row.digest,
  hint: row.hint,
  createdAt: row.created_at,
  createdBy: row.created_by,
  expiresAt: row.expires_at,
  retireWhenSuccessorUsed: flag(row.retire_when_successor_used),
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
  lastUsedAgent: row.last_used_agent,
  lastUsedIp: row.last_used_ip,
});

export const toSession = (row: SessionRow): ConsoleSession => ({
  idDigest: row.id_digest,
  accountId: row.account_id,
  csrfSecret: row.csrf_secret,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  ip: row.ip,
  userAgent: row.user_agent,
});

export const toChange = (row: ChangeRow): ChangeRecord => ({
  seq: row.seq,
  at: row.at,
  resourceType: row.resource_type,
  resourceId: row.resource_id,
  action: row.action,
  version: row.version,
  client: row.client,
  status: row.status,
});
