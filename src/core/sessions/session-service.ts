// Console sessions: a random 256-bit id lives only in the browser's cookie; the store keeps its SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { Account, ConsoleSession, Store } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** Absolute lifetime: an admin console session does not outlive a working day. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string | null;
}

export interface StartedSession {
  /** The secret cookie value: returned once, never stored. */
  readonly sessionId: string;
  readonly session: ConsoleSession;
}

export type SignInResult =
  | ({ readonly ok: true } & StartedSession)
  | { readonly ok: false; readonly reason: 'invalid' }
  | { readonly ok: false; readonly reason: 'deactivated' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterSeconds: number };

export interface ActiveSession {
  readonly session: ConsoleSession;
  readonly account: Account;
}

export const digestSessionId = (sessionId: string): string => createHash('sha256').update(sessionId).digest('hex');

export class SessionService {
  /** Verified against when the email is unknown, so both answers take the same time. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly throttle: SignInThrottle = new SignInThrottle(store.signInThrottle),
  ) {}

  async signIn(email: string, password: string, client: ClientInfo): Promise<SignInResult> {
    const now = this.clock();
    const retryAfterSeconds = await this.throttle.retryAfterSeconds(email, client.ip, now);
    if (retryAfterSeconds !== undefined) return { ok: false, reason: 'throttled', retryAfterSeconds };
    const account = await this.store.accounts.byEmail(email.trim());
    this.dummyHash ??= hashPassword('rollcall-timing-equaliser');
    const valid = await verifyPassword(password, account?.passwordHash ?? (await this.dummyHash));
    if (!account || !valid) {
      await this.throttle.recordFailure(email, client.ip, now);
      return { ok: false, reason: 'invalid' };
    }
    // Deprovisioned everywhere (every membership suspended by an identity provider): no sign-in. The password was
    // right, so the person is told why (and whom to ask) rather than sent round in circles by "incorrect".
    const memberships = await this.store.accounts.membershipsOf(account.id);
    if (memberships.length > 0 && memberships.every((m) => m.suspended)) return { ok: false, reason: 'deactivated' };
    await this.throttle.recordSuccess(email, client.ip);
    return { ok: true, ...(await this.start(account.id, client)) };
  }

  /** Always a fresh id (sign-in and first-run setup), so a session id planted before sign-in is worthless. */
  async start(accountId: string, client: ClientInfo): Promise<StartedSession> {
    const now = this.clock();
    const sessionId = randomBytes(32).toString('base64url');
    const session: ConsoleSession = {
      idDigest: digestSessionId(sessionId),
      accountId,
      csrfSecret: randomBytes(32).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
      ip: client.ip,
      userAgent: client.userAgent,
    };
    await this.store.sessions.create(session);
    return { sessionId, session };
  }

  /** The live session behind a cookie value; an expired one is deleted on sight. */
  async resolve(sessionId: string): Promise<ActiveSession | undefined> {
    const digest = digestSessionId(sessionId);
    const session = await this.store.sessions.get(digest);
    if (!session) return undefined;
    if (session.expiresAt <= this.clock().toISOString()) {
      await this.store.sessions.delete(digest);
      return undefined;
    }
    const account = await this.store.accounts.byId(session.accountId);
    return account && { session, account };
  }

  async signOut(sessionId: string): Promise<void> {
    await this.store.sessions.delete(digestSessionId(sessionId));
  }
}
