// SCIM Users and Groups as stored, their members, list queries and the writes that change them.
import type { ScimError } from '../../scim/errors.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import type { CheckedFilter } from '../../scim/filter/checked.js';
import type { MemberDelta } from '../../scim/patch/member-delta.js';
import type { ResolvedAttribute } from '../../scim/schema/resolve.js';

/** Who made a SCIM change, for the provisioning activity log (design.md section 4). */
export interface ChangeContext {
  readonly at: string;
  readonly client: string | null;
}

/** A stored SCIM resource: `doc` is the resource without id, meta and server-computed attributes. */
export interface StoredResource {
  readonly seq: number;
  readonly id: string;
  readonly orgId: string;
  readonly doc: JsonObject;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface MemberRef {
  readonly id: string;
  readonly type: 'User' | 'Group';
}

// A member named by a PATCH (without `type`, storage looks the id up among Users, then Groups), and a membership
// change applied as row inserts and deletes (`replaceAll` rewrites the list first): one definition, in PATCH.
export type { MemberInput } from '../../scim/patch/member-delta.js';
export type MemberChange = MemberDelta;

export interface ResolvedMember extends MemberRef {
  readonly display: string | null;
}

export interface StoredGroup extends StoredResource {
  /** Present only when the caller asked for members. */
  readonly members?: readonly ResolvedMember[];
  /**
   * Whether the organization's role mapping sets console roles, when the write read it in its own transaction (the
   * one-statement member PATCH on PostgreSQL): the caller need not read it again. Absent when not read.
   */
  readonly roleMappingForConsole?: boolean;
}

/** A user as a create or replace left it, with what the write's own statement read besides (absent: not read). */
export interface UserWriteResult extends StoredResource {
  /** The groups it belongs to, as groupsOf gives them. */
  readonly groups?: GroupRef[];
  /**
   * Whether a console account named by consoleEmailOf(doc) is a non-owner member of the organization: false means
   * ConsoleAccessSync has nothing to do and need not look the account up.
   */
  readonly consoleMember?: boolean;
}

export interface GroupRef {
  readonly id: string;
  readonly displayName: string;
}

/**
 * Which rows of the ordered result a list query returns: an offset (startIndex paging), or the rows after /
 * before a `seq` (cursor paging over the default order, RFC 9865).
 */
export type ListWindow =
  | { readonly kind: 'offset'; readonly offset: number; readonly limit: number }
  | { readonly kind: 'after'; readonly seq: number; readonly limit: number }
  | { readonly kind: 'before'; readonly seq: number; readonly limit: number };

export interface ListQuery {
  readonly filter?: CheckedFilter;
  /** Without a sort, rows come in creation (`seq`) order. */
  readonly sort?: { readonly attribute: ResolvedAttribute; readonly order: 'ascending' | 'descending' };
  readonly window: ListWindow;
  /** The SCIM base URL of meta.location and $ref in responses, for filters on those (computed, not stored). */
  readonly scimBaseUrl?: string;
  /** Users only: read each user's groups in the same statement (the rows then carry `groups`). */
  readonly withGroups?: boolean;
}

export interface ListResult<T> {
  /** Rows matching the filter, whatever the window. */
  readonly totalResults: number;
  /** In result order (also for a `before` window). */
  readonly resources: readonly T[];
  /** For cursor paging: whether rows exist before the first / after the last returned row. */
  readonly hasMoreBefore: boolean;
  readonly hasMoreAfter: boolean;
}

/**
 * A PATCH as storage applies it: the new document computed from the current one inside the write transaction,
 * after the row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE has one writer), so
 * overlapping PATCHes apply in turn instead of failing a version check. Pure and synchronous; throws ScimError.
 */
export type DocUpdate = (current: StoredResource) => JsonObject;

/** A full-document Group PATCH: the current group comes with its members, the result names the new ones. */
export type GroupUpdate = (current: StoredGroup) => { readonly doc: JsonObject; readonly members: readonly MemberRef[] };

export interface NewUser {
  readonly id: string;
  readonly doc: JsonObject;
}

export interface NewGroup {
  readonly id: string;
  readonly doc: JsonObject;
  readonly members: readonly MemberRef[];
}

export interface UserStore {
  create(orgId: string, user: NewUser, change: ChangeContext): Promise<UserWriteResult>;
  /**
   * The creates of a Bulk request in one transaction: in order, each on its own, so one whose userName is taken fails
   * alone (the uniqueness ScimError `create` throws takes its place) and the others land, with the rows and events
   * `create` writes. After `maxFailures` failures (failOnErrors) the rest is not written and has no entry.
   */
  createEach(orgId: string, users: readonly NewUser[], change: ChangeContext, maxFailures: number): Promise<(StoredResource | ScimError)[]>;
  get(orgId: string, id: string): Promise<StoredResource | undefined>;
  /** The user and the groups it belongs to, read by one statement: the SCIM GET path. */
  getWithGroups(orgId: string, id: string): Promise<(StoredResource & { readonly groups: GroupRef[] }) | undefined>;
  /** `getWithGroups` for a GET sent without a projection (see UserJson). */
  getWithGroupsJson(orgId: string, id: string): Promise<(UserJson & { readonly groups: GroupRef[] }) | undefined>;
  /** A deactivated person carrying this externalId, for Okta's re-assignment by POST. */
  findInactiveByExternalId(orgId: string, externalId: string): Promise<StoredResource | undefined>;
  /** findInactiveByExternalId for many externalIds in one read: the ones found, by externalId. */
  findInactiveByExternalIds(orgId: string, externalIds: readonly string[]): Promise<Map<string, StoredResource>>;
  /**
   * Replaces the document (or the one a DocUpdate computes from the locked current row); `expectedVersion` (when
   * given) must match or a 412 ScimError is thrown.
   */
  replace(orgId: string, id: string, doc: JsonObject | DocUpdate, expectedVersion: number | undefined, change: ChangeContext): Promise<UserWriteResult | undefined>;
  /** Deletes the user and removes it from every group. */
  delete(orgId: string, id: string, expectedVersion: number | undefined, change: ChangeContext): Promise<boolean>;
  list(orgId: string, query: ListQuery): Promise<ListResult<ListedUser>>;
  /** `list` for a page sent without a projection (see UserJson). */
  listJson(orgId: string, query: ListQuery): Promise<ListResult<UserJson>>;
  /** Groups each of these users belongs to (the User `groups` attribute). */
  groupsOf(orgId: string, userIds: readonly string[]): Promise<Map<string, GroupRef[]>>;
}

/** A user of a list page, with its groups when the query asked for them in the same statement. */
export type ListedUser = StoredResource & { readonly groups?: GroupRef[] };

/**
 * A user read to be sent as rendered (no projection): the document's JSON text, where the engine has it (SQLite's
 * stored text, PostgreSQL's jsonb text on list pages), handed over unparsed, which the response splices instead of
 * parsing and serializing it again.
 */
export type UserJson = Omit<ListedUser, 'doc'> & ({ readonly docJson: string } | { readonly doc: JsonObject });

export interface GroupStore {
  create(orgId: string, group: NewGroup, change: ChangeContext): Promise<StoredGroup>;
  get(orgId: string, id: string, withMembers: boolean): Promise<StoredGroup | undefined>;
  /** With a GroupUpdate (a full-document PATCH), `members` is ignored: the update names the members under the lock. */
  replace(
    orgId: string,
    id: string,
    doc: JsonObject | GroupUpdate,
    members: readonly MemberRef[],
    expectedVersion: number | undefined,
    change: ChangeContext,
  ): Promise<StoredGroup | undefined>;
  /**
   * In one transaction: checks `expectedVersion` (412 on mismatch), deletes and inserts only the named member
   * rows (each added id must exist in the org, else 400 invalidValue), replaces the document when `doc` is
   * given (a DocUpdate applies to the locked current document), bumps version and updated_at. Never reads the
   * member list. Returns the group without members.
   */
  modifyMembers(
    orgId: string,
    id: string,
    members: MemberChange,
    doc: JsonObject | DocUpdate | undefined,
    expectedVersion: number | undefined,
    change: ChangeContext,
  ): Promise<StoredGroup | undefined>;
  delete(orgId: string, id: string, expectedVersion: number | undefined, change: ChangeContext): Promise<boolean>;
  list(orgId: string, query: ListQuery, withMembers: boolean): Promise<ListResult<StoredGroup>>;
}
