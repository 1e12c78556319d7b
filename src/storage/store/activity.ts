// The provisioning activity log: SCIM writes and failed requests in words, and request counts per hour.

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
