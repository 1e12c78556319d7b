// Rows as both engines return them, and their mapping to domain records: one definition, so the engines cannot
// drift. Flag columns are 0/1 on SQLite and boolean on PostgreSQL; `flag` reads either.
import type { Account, ActivityEntry, ChangeRecord, ConsoleSession, DirectoryGroup, DirectoryPerson, Membership, NewActivity, Org, RequestHour, Role, ScimTokenRecord, UserJson } from './store.js';
import type { ActivityRow, GroupRow, HourRow, PersonRow } from './sql/console-queries.js';
import type { JsonObject } from '../scim/messages/resource.js';

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

export const toActivity = (row: ActivityRow): ActivityEntry => ({
  seq: row.seq,
  orgId: row.org_id,
  at: row.at,
  client: row.client,
  userAgent: row.user_agent,
  method: row.method,
  path: row.path,
  resourceType: row.resource_type,
  resourceId: row.resource_id,
  target: row.target,
  summary: row.summary,
  outcome: row.outcome,
  status: row.status,
  scimType: row.scim_type,
  detail: row.detail,
  quirk: row.quirk,
  request: row.request,
  change: row.change,
});

export const activityValues = (e: NewActivity): unknown[] => [
  e.orgId, e.at, e.client, e.userAgent, e.method, e.path, e.resourceType, e.resourceId, e.target, e.summary,
  e.outcome, e.status, e.scimType, e.detail, e.quirk, e.request, e.change,
];

export const toPerson = (row: PersonRow): DirectoryPerson => ({
  seq: row.seq,
  id: row.id,
  userName: row.user_name,
  displayName: row.display_name,
  externalId: row.external_id,
  active: row.active === true || row.active === 1,
  doc: (typeof row.doc === 'string' ? JSON.parse(row.doc) : row.doc) as JsonObject,
});

export const toDirectoryGroup = (row: GroupRow): DirectoryGroup => ({
  seq: row.seq,
  id: row.id,
  displayName: row.display_name,
  externalId: row.external_id,
  memberCount: Number(row.member_count),
});

export const toRequestHour = (row: HourRow): RequestHour => ({
  orgId: row.org_id,
  hour: row.hour,
  client: row.client,
  requests: row.requests,
  errors: row.errors,
  retiredToken: row.retired_token,
  lastRequestAt: row.last_request_at,
  lastSuccessAt: row.last_success_at,
});

/** A resource row whose document is JSON text: SQLite's stored text, or PostgreSQL's jsonb read with `jsonbAsText`. */
export interface TextDocRow {
  seq: number;
  id: string;
  org_id: string;
  doc: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** The row as a user whose document stays JSON text (UserJson). */
export const unparsedUser = (row: TextDocRow): UserJson => ({
  seq: row.seq,
  id: row.id,
  orgId: row.org_id,
  docJson: row.doc,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});
