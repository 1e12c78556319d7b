// The one storage interface Rollcall's services use; SQLite and PostgreSQL implement it and pass one contract suite.
// Every SCIM method takes the organization id explicitly: tenant scoping is never implicit.
import type { ScimError } from '../scim/errors.js';
import type { JsonObject } from '../scim/messages/resource.js';
import type { CheckedFilter } from '../scim/filter/checked.js';
import type { MemberDelta } from '../scim/patch/member-delta.js';
import type { ResolvedAttribute } from '../scim/schema/resolve.js';
import type { ApiKeyStore, DirectoryStore, ProductOrgStore, SetupLinkStore } from './product-store.js';
import type { TeamLinkStore } from './team-link-store.js';
import type { AttributeMappingStore, RoleMappingStore } from './mapping-store.js';

export type Role = 'owner' | 'admin' | 'member';
export const ROLES: readonly Role[] = ['owner', 'admin', 'member'];

export interface Org {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly scimEnabled: boolean;
  readonly createdAt: string;
}

/** A person in an organization's team, as the Team page and `rollcall member list` show it. */
export interface OrgMember {
  readonly accountId: string;
  readonly email: string;
  readonly role: Role;
  readonly suspended: boolean;
  readonly since: string;
}

/** A role change or a removal; refused as `last-owner` when it would leave no active owner. */
export type MembershipChange = { readonly role: Role } | { readonly remove: true };
export type MembershipChangeResult = 'changed' | 'not-found' | 'last-owner';

export interface Account {
  readonly id: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: string;
}

export interface Membership {
  readonly orgId: string;
  readonly accountId: string;
  readonly role: Role;
  /** Set while the organization's identity provider has this person deactivated. */
  readonly suspended: boolean;
}

export interface ScimTokenRecord {
  readonly id: string;
  readonly orgId: string;
  /** Hex SHA-256 of the whole token. */
  readonly digest: string;
  /** Non-secret hint shown to admins, e.g. "rcs_…a1B2". */
  readonly hint: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  /** When set, the token stops working at this instant (overlap window after rotation). */
  readonly expiresAt: string | null;
  /** Overlap choice: retire this token as soon as its successor is first used. */
  readonly retireWhenSuccessorUsed: boolean;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
  readonly lastUsedAgent: string | null;
  readonly lastUsedIp: string | null;
}

/** What happens to the tokens that were valid when a new one is generated. */
export type PreviousTokenPolicy =
  | { readonly kind: 'expire-now' }
  | { readonly kind: 'overlap'; readonly until: string; readonly untilSuccessorUsed: boolean };

export interface AuditEvent {
  readonly orgId: string;
  readonly at: string;
  readonly action: string;
  readonly actor: string | null;
  readonly ip: string | null;
  readonly detail: JsonObject | null;
}

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
export type { MemberInput } from '../scim/patch/member-delta.js';
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
  create(orgId: string, user: NewUser, change: ChangeContext): Promise<StoredResource>;
  /**
   * The creates of a Bulk request in one transaction: in order, each on its own, so one whose userName is taken fails
   * alone (the uniqueness ScimError `create` throws takes its place) and the others land, with the rows and events
   * `create` writes. After `maxFailures` failures (failOnErrors) the rest is not written and has no entry.
   */
  createEach(orgId: string, users: readonly NewUser[], change: ChangeContext, maxFailures: number): Promise<(StoredResource | ScimError)[]>;
  get(orgId: string, id: string): Promise<StoredResource | undefined>;
  /** The user and the groups it belongs to, read by one statement: the SCIM GET path. */
  getWithGroups(orgId: string, id: string): Promise<(StoredResource & { readonly groups: GroupRef[] }) | undefined>;
  /** A deactivated person carrying this externalId, for Okta's re-assignment by POST. */
  findInactiveByExternalId(orgId: string, externalId: string): Promise<StoredResource | undefined>;
  /** findInactiveByExternalId for many externalIds in one read: the ones found, by externalId. */
  findInactiveByExternalIds(orgId: string, externalIds: readonly string[]): Promise<Map<string, StoredResource>>;
  /**
   * Replaces the document (or the one a DocUpdate computes from the locked current row); `expectedVersion` (when
   * given) must match or a 412 ScimError is thrown.
   */
  replace(orgId: string, id: string, doc: JsonObject | DocUpdate, expectedVersion: number | undefined, change: ChangeContext): Promise<StoredResource | undefined>;
  /** Deletes the user and removes it from every group. */
  delete(orgId: string, id: string, expectedVersion: number | undefined, change: ChangeContext): Promise<boolean>;
  list(orgId: string, query: ListQuery): Promise<ListResult<StoredResource & { readonly groups?: GroupRef[] }>>;
  /** Groups each of these users belongs to (the User `groups` attribute). */
  groupsOf(orgId: string, userIds: readonly string[]): Promise<Map<string, GroupRef[]>>;
}

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

export interface OrgStore {
  create(org: Org): Promise<void>;
  bySlug(slug: string): Promise<Org | undefined>;
  byId(id: string): Promise<Org | undefined>;
  count(): Promise<number>;
  /** Every organization, oldest first. */
  list(): Promise<Org[]>;
  setScimEnabled(orgId: string, enabled: boolean): Promise<void>;
}

export interface AccountStore {
  create(account: Account): Promise<void>;
  byEmail(email: string): Promise<Account | undefined>;
  byId(id: string): Promise<Account | undefined>;
  /** Creates or changes a membership's role; a new membership starts unsuspended. */
  setMembership(membership: Omit<Membership, 'suspended'>, at: string): Promise<void>;
  setSuspended(orgId: string, accountId: string, suspended: boolean, at: string): Promise<boolean>;
  removeMembership(orgId: string, accountId: string): Promise<boolean>;
  membership(orgId: string, accountId: string): Promise<Membership | undefined>;
  membershipsOf(accountId: string): Promise<Membership[]>;
  /** The org's members with their emails, oldest membership first. */
  membersOf(orgId: string): Promise<OrgMember[]>;
  /**
   * Atomically changes a member's role or removes the membership, unless the member is an owner and no other
   * unsuspended owner remains (concurrent changes from any instance are serialised on the owner rows).
   */
  changeMembership(orgId: string, accountId: string, change: MembershipChange): Promise<MembershipChangeResult>;
}

export interface TokenStore {
  byId(id: string): Promise<ScimTokenRecord | undefined>;
  /** Tokens of the org that are neither revoked nor expired at `now`, newest first. */
  activeFor(orgId: string, now: string): Promise<ScimTokenRecord[]>;
  /** Atomically: inserts the new token, applies the policy to the previously valid ones, enables SCIM. */
  rotate(token: ScimTokenRecord, previous: PreviousTokenPolicy): Promise<void>;
  /** Revokes every token of the org and disables SCIM. */
  revokeAll(orgId: string, at: string): Promise<number>;
  /** Records coarse last use; retires predecessors that waited for this token's first use. */
  recordUse(id: string, at: string, agent: string | null, ip: string | null): Promise<void>;
}

/** Server-wide secrets shared by every instance (e.g. the key that signs pagination cursors). */
export interface SecretStore {
  /** Returns the named secret, creating it with `create()` if no instance has yet. */
  getOrCreate(name: string, create: () => string): Promise<string>;
}

export interface AuditStore {
  record(event: AuditEvent): Promise<void>;
  list(orgId: string, limit: number): Promise<AuditEvent[]>;
}

export interface ConsoleSession {
  /** SHA-256 of the session id held in the cookie; the id itself is never stored. */
  readonly idDigest: string;
  readonly accountId: string;
  readonly csrfSecret: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface SessionStore {
  create(session: ConsoleSession): Promise<void>;
  get(idDigest: string): Promise<ConsoleSession | undefined>;
  delete(idDigest: string): Promise<void>;
  /** Ends every session of an account (deprovisioned or password changed). */
  deleteForAccount(accountId: string): Promise<number>;
}

/** One-time first-run setup links, stored as digests. */
export interface SetupTokenStore {
  create(digest: string, createdAt: string, expiresAt: string): Promise<void>;
  /** Marks the token used if it is unused and unexpired at `now`; true when this call consumed it. */
  consume(digest: string, now: string): Promise<boolean>;
}

/** Failed sign-ins per key ("account:<email>", "ip:<address>"), shared by every instance. */
export interface SignInThrottleStore {
  recordFailure(key: string, at: string): Promise<void>;
  failuresSince(key: string, since: string): Promise<number>;
  clear(key: string): Promise<void>;
}

export interface ChangeRecord {
  readonly seq: number;
  readonly at: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly action: string;
  readonly version: number | null;
  readonly client: string | null;
  readonly status: number;
}

/** The provisioning activity log: every SCIM write, newest first. */
export interface ChangeStore {
  list(orgId: string, limit: number): Promise<ChangeRecord[]>;
}

/** One event of the feed as stored (design.md section 9); `data` and `changed` as the write appended them. */
export interface StoredEvent {
  readonly id: string;
  readonly orgId: string;
  readonly orgExternalId: string | null;
  readonly type: string;
  readonly occurredAt: string;
  readonly data: JsonObject;
  readonly changed: readonly string[];
}

export interface EventQuery {
  /** An event id returned earlier: only events after it in feed order. */
  readonly after?: string;
  readonly orgId?: string;
  readonly types?: readonly string[];
  readonly limit: number;
}

/** The events feed: one order per database, never skipping an event that commits after a later one was read. */
export interface EventStore {
  /** Events after `after` in feed order; undefined when `after` names no stored event (unknown or pruned). */
  list(query: EventQuery): Promise<StoredEvent[] | undefined>;
  /** Deletes events that occurred before `before`; returns how many. */
  prune(before: string): Promise<number>;
}

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  /** Event types this endpoint receives; null for all. */
  readonly types: readonly string[] | null;
  /** Only this organization's events; null for all. */
  readonly orgId: string | null;
  readonly enabled: boolean;
  readonly secret: string;
  /** During a rotation the previous secret also signs, until `previousSecretUntil`. */
  readonly previousSecret: string | null;
  readonly previousSecretUntil: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type WebhookEndpointChange = Partial<Pick<WebhookEndpoint, 'url' | 'types' | 'enabled' | 'secret' | 'previousSecret' | 'previousSecretUntil'>> & {
  readonly updatedAt: string;
};

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryAttempt {
  readonly at: string;
  /** HTTP status, or null when no answer came (refused, timed out, blocked address). */
  readonly status: number | null;
  readonly durationMs: number;
  /** The first bytes of the answer. */
  readonly responseExcerpt: string | null;
  readonly error: string | null;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly orgId: string;
  readonly eventId: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly createdAt: string;
  readonly nextAttemptAt: string;
  readonly finishedAt: string | null;
}

export interface DeliveryListOptions {
  readonly before?: string | undefined;
  readonly orgId?: string | undefined;
}

export interface ClaimedDelivery extends WebhookDelivery {
  readonly endpoint: WebhookEndpoint;
  /** Undefined when the event was pruned before it could be delivered. */
  readonly event: StoredEvent | undefined;
}

export interface WebhookStore {
  /** Stores the endpoint; it receives only events that become visible in the feed after this call. */
  createEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  endpoint(id: string): Promise<WebhookEndpoint | undefined>;
  endpoints(): Promise<WebhookEndpoint[]>;
  updateEndpoint(id: string, change: WebhookEndpointChange): Promise<WebhookEndpoint | undefined>;
  deleteEndpoint(id: string): Promise<boolean>;
  /** Copies the feed's next events into each enabled endpoint's delivery queue, in feed order; returns how many. */
  enqueue(now: string, batch: number): Promise<number>;
  /**
   * Leases up to `limit` due deliveries, each the oldest pending one of its endpoint and organization, so one failing
   * event holds back only its own endpoint+organization queue. Rows leased by another live worker are skipped, and so
   * are disabled endpoints' queues: they wait, in order, until the endpoint is enabled again. With `run` > 1 it also
   * leases up to run - 1 pending deliveries that follow each head in its queue, returned right after their head, so
   * one lease sends a burst in order.
   */
  claim(owner: string, now: string, leaseUntil: string, limit: number, run?: number): Promise<ClaimedDelivery[]>;
  /** Records several attempts in one transaction; returns how many (rows whose lease `owner` no longer holds are left alone). */
  finishMany(owner: string, results: readonly DeliveryResult[]): Promise<number>;
  /** Gives up leases without an attempt (the rest of a run after a failed send): the deliveries stay pending. */
  release(owner: string, deliveryIds: readonly string[]): Promise<void>;
  /** Records the attempt and the new state, if `owner` still holds the lease; false otherwise. */
  finish(
    deliveryId: string,
    owner: string,
    attempt: DeliveryAttempt,
    next: { readonly status: DeliveryStatus; readonly nextAttemptAt: string },
  ): Promise<boolean>;
  /** Newest first; `before` (a delivery id) pages on, `orgId` keeps one organization's deliveries. */
  deliveries(endpointId: string, limit: number, options?: DeliveryListOptions): Promise<WebhookDelivery[]>;
  delivery(endpointId: string, id: string): Promise<(WebhookDelivery & { readonly attemptLog: DeliveryAttempt[] }) | undefined>;
  attempts(deliveryIds: readonly string[]): Promise<Map<string, DeliveryAttempt[]>>;
  /** Queues the delivery's event again for its endpoint (at the end of its queue); undefined when unknown. */
  redeliver(endpointId: string, deliveryId: string, newId: string, now: string): Promise<WebhookDelivery | undefined>;
  /** Pending deliveries of all endpoints, and when the oldest of them was queued (the backlog metrics). */
  backlog(): Promise<WebhookBacklog>;
}

export interface DeliveryResult {
  readonly deliveryId: string;
  readonly attempt: DeliveryAttempt;
  readonly next: { readonly status: DeliveryStatus; readonly nextAttemptAt: string };
}

export interface WebhookBacklog {
  readonly pending: number;
  readonly oldestCreatedAt: string | null;
}

/** One entry of the provisioning activity log: a SCIM write or a failed request, described in words. */
export interface NewActivity {
  readonly orgId: string;
  readonly at: string;
  /** The recognised identity provider (src/scim/activity/idp-client.ts). */
  readonly client: string;
  readonly userAgent: string | null;
  readonly method: string;
  readonly path: string;
  readonly resourceType: 'User' | 'Group' | null;
  readonly resourceId: string | null;
  /** userName or displayName at the time, so deleted resources still read well. */
  readonly target: string | null;
  readonly summary: string;
  readonly outcome: 'success' | 'failure';
  readonly status: number;
  readonly scimType: string | null;
  readonly detail: string | null;
  /** The compatibility rule(s) applied to the request (src/scim/patch/idp-quirks.ts), comma-separated. */
  readonly quirk: string | null;
  /** The request body, secrets redacted and size capped. */
  readonly request: string | null;
  /** JSON of what changed (src/scim/activity/describe-activity.ts ActivityChange). */
  readonly change: string | null;
}

export interface ActivityEntry extends NewActivity {
  readonly seq: number;
}

export interface ActivityQuery {
  readonly outcome?: 'success' | 'failure';
  readonly client?: string;
  readonly resourceId?: string;
  /** Inclusive lower and exclusive upper bound on `at`. */
  readonly since?: string;
  readonly until?: string;
  /** Case-insensitive substring of the sentence, target or detail. */
  readonly search?: string;
  /** Cursor: entries older than this seq. */
  readonly beforeSeq?: number;
  /** Only entries at or above this seq: the window one search request scans. */
  readonly floorSeq?: number;
  readonly limit: number;
}

/** Requests per organization, hour (ISO, truncated) and client: successful reads are counted here, not stored. */
export interface RequestHour {
  readonly orgId: string;
  readonly hour: string;
  readonly client: string;
  readonly requests: number;
  readonly errors: number;
  /** Requests refused because they carried a retired (revoked or expired) token of this org. */
  readonly retiredToken: number;
  readonly lastRequestAt: string;
  readonly lastSuccessAt: string | null;
}

export interface ActivityStore {
  append(entries: readonly NewActivity[]): Promise<void>;
  /** Newest first. */
  list(orgId: string, query: ActivityQuery): Promise<ActivityEntry[]>;
  /** The seq of the `count`-th newest entry older than `beforeSeq` (or of all), read from the index; undefined when fewer. */
  seqAtDepth(orgId: string, beforeSeq: number | undefined, count: number): Promise<number | undefined>;
  get(orgId: string, seq: number): Promise<ActivityEntry | undefined>;
  /** The last target recorded for a resource (names a resource deleted since). */
  lastTarget(orgId: string, resourceId: string): Promise<string | undefined>;
  /** Adds these counts to the stored hours (creating them), keeping the latest instants. */
  addHours(hours: readonly RequestHour[]): Promise<void>;
  hours(orgId: string, since: string): Promise<RequestHour[]>;
  /** Deletes activity and hour rows older than `before`; returns how many activity rows went. */
  prune(before: string): Promise<number>;
}

/** A provisioned person as the console lists them. */
export interface DirectoryPerson {
  readonly seq: number;
  readonly id: string;
  readonly userName: string;
  readonly displayName: string | null;
  readonly externalId: string | null;
  readonly active: boolean;
  readonly doc: JsonObject;
}

export interface DirectoryGroup {
  readonly seq: number;
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly memberCount: number;
}

export interface DirectoryQuery {
  /** Prefix of userName / displayName / email, or an exact externalId (groups: displayName prefix or externalId). */
  readonly search?: string;
  readonly active?: boolean;
  /** Cursor: rows with a smaller seq (newest first). */
  readonly beforeSeq?: number;
  readonly limit: number;
}

/** The console's index-backed reads of what is provisioned (design.md section 10). */
export interface ConsoleDirectoryStore {
  people(orgId: string, query: DirectoryQuery): Promise<DirectoryPerson[]>;
  groups(orgId: string, query: DirectoryQuery): Promise<DirectoryGroup[]>;
  /** A group's user members ordered by id, after `afterId`. */
  members(orgId: string, groupId: string, afterId: string | undefined, limit: number): Promise<DirectoryPerson[]>;
  countDeactivated(orgId: string): Promise<number>;
}

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

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  readonly events: EventStore;
  readonly webhooks: WebhookStore;
  readonly sessions: SessionStore;
  readonly setupTokens: SetupTokenStore;
  readonly signInThrottle: SignInThrottleStore;
  readonly changes: ChangeStore;
  readonly activity: ActivityStore;
  readonly consoleDirectory: ConsoleDirectoryStore;
  readonly secrets: SecretStore;
  readonly orgs: OrgStore;
  readonly accounts: AccountStore;
  /** PostgreSQL only: the pool's connections by state, for /metrics. */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  readonly tokens: TokenStore;
  readonly audit: AuditStore;
  readonly users: UserStore;
  readonly groups: GroupStore;
  /** The product team's API (design.md section 8): src/storage/product-store.ts. */
  readonly apiKeys: ApiKeyStore;
  readonly productOrgs: ProductOrgStore;
  readonly setupLinks: SetupLinkStore;
  /** Invitations and password-reset links of organizations' teams: src/storage/team-link-store.ts. */
  readonly teamLinks: TeamLinkStore;
  readonly directory: DirectoryStore;
  readonly schemas: SchemaStore;
  /** Group-to-role and attribute mappings: src/storage/mapping-store.ts. */
  readonly roleMappings: RoleMappingStore;
  readonly attributeMappings: AttributeMappingStore;
  /** Throws when the database cannot answer (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
