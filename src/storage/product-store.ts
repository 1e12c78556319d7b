// The storage the product team's API adds (design.md section 8): API keys, organizations as the API sees them,
// setup links with the sessions they start, and the cursor-paged directory reads. Both engines implement these.
import type { Org, ResolvedMember, StoredResource } from './store.js';

export interface ApiKeyRecord {
  /** The credential id inside the key: the key's public id. */
  readonly id: string;
  readonly name: string;
  /** Hex SHA-256 of the whole key. */
  readonly digest: string;
  /** "rck_…" + last four characters. */
  readonly hint: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export interface ApiKeyStore {
  create(key: ApiKeyRecord): Promise<void>;
  byId(id: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, oldest first (there are few). */
  list(): Promise<ApiKeyRecord[]>;
  /** True when this call revoked a live key. */
  revoke(id: string, at: string): Promise<boolean>;
  recordUse(id: string, at: string): Promise<void>;
}

/** An organization with the product team's own id for it. */
export interface ProductOrg extends Org {
  readonly externalId: string | null;
}

/** Raised by ProductOrgStore when a slug or external id is already taken. */
export class OrgConflictError extends Error {
  override readonly name = 'OrgConflictError';
  constructor(readonly field: 'slug' | 'external_id') {
    super(`${field} is already taken`);
  }
}

export interface ProductOrgStore {
  /** Throws OrgConflictError when the slug or external id is taken. */
  create(org: ProductOrg): Promise<void>;
  byId(id: string): Promise<ProductOrg | undefined>;
  byExternalId(externalId: string): Promise<ProductOrg | undefined>;
  /** Organizations in id order, after `afterId`. */
  list(afterId: string | undefined, limit: number): Promise<ProductOrg[]>;
  /** Throws OrgConflictError when the new external id is taken. Appends organization.updated when anything changed. */
  update(id: string, changes: { readonly name?: string; readonly externalId?: string | null }, at: string): Promise<ProductOrg | undefined>;
  /**
   * In one transaction: removes the organization and everything it owns (SCIM users, groups and members, tokens,
   * setup links and their sessions, memberships, activity and audit rows), and appends organization.deleted, which
   * stays in the feed. Returns the org as it last was.
   */
  delete(id: string, at: string): Promise<ProductOrg | undefined>;
}

export interface SetupLinkRecord {
  /** The credential id inside the link: the non-secret id audit lines name. */
  readonly id: string;
  readonly orgId: string;
  readonly digest: string;
  readonly returnUrl: string | null;
  readonly createdAt: string;
  /** Who asked for it, e.g. "api-key:<id>". */
  readonly createdBy: string | null;
  readonly expiresAt: string;
  readonly usedAt: string | null;
}

export interface SetupLinkSession {
  /** SHA-256 of the cookie value; the value itself is never stored. */
  readonly idDigest: string;
  readonly linkId: string;
  readonly orgId: string;
  readonly csrfSecret: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface SetupLinkStore {
  create(link: SetupLinkRecord): Promise<void>;
  byId(id: string): Promise<SetupLinkRecord | undefined>;
  /** Marks the link used and starts the session in one transaction, only if it is unused and unexpired at `session.createdAt`. */
  consume(linkId: string, session: SetupLinkSession): Promise<boolean>;
  session(idDigest: string): Promise<SetupLinkSession | undefined>;
  endSession(idDigest: string): Promise<void>;
}

/** Where a directory page starts: after this row of the previous page. */
export interface UserPosition {
  readonly seq: number;
  /** Set when the list is in (updated_at, seq) order, i.e. filtered by updated_since. */
  readonly updatedAt?: string;
}

export interface DirectoryUserQuery {
  readonly active?: boolean | undefined;
  /** Users updated at or after this instant, in (updated_at, seq) order; otherwise seq (creation) order. */
  readonly updatedSince?: string | undefined;
  readonly after?: UserPosition;
  readonly limit: number;
}

export interface GroupUserQuery {
  readonly active?: boolean | undefined;
  readonly updatedSince?: string | undefined;
  /** Members come in user id order (the member table's key), so a 100,000-member group pages on its index. */
  readonly afterId?: string | undefined;
  readonly limit: number;
}

export interface DirectoryStore {
  users(orgId: string, query: DirectoryUserQuery): Promise<StoredResource[]>;
  /** Users that are direct members of the group, in id order; undefined when the group does not exist. */
  groupUsers(orgId: string, groupId: string, query: GroupUserQuery): Promise<StoredResource[] | undefined>;
  groups(orgId: string, afterSeq: number | undefined, limit: number): Promise<StoredResource[]>;
  /** Direct members (users and groups) in id order; undefined when the group does not exist. */
  members(orgId: string, groupId: string, afterId: string | undefined, limit: number): Promise<ResolvedMember[] | undefined>;
}
