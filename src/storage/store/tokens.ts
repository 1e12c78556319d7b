// SCIM bearer tokens (kept as digests) and the server-wide secrets every instance shares.

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
