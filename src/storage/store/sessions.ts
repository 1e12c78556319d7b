// Console sign-in: sessions, one-time setup tokens and the failed sign-in throttle.

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
