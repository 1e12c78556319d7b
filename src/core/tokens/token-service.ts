// The SCIM token lifecycle of the help article: shown once when generated, stored only as a digest,
// and generating a new one makes the previous one expire (or, by explicit choice, overlap for a while).
import { timingSafeEqual } from 'node:crypto';
import { ScimError } from '../../scim/errors.js';
import type { PreviousTokenPolicy, ScimTokenRecord, Store } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import { digestToken, generateToken, parseToken } from './token-format.js';

/** Last use is recorded coarsely: at most one write per token per interval keeps reads write-free. */
const LAST_USE_RESOLUTION_MS = 60_000;
export const MAX_OVERLAP_MINUTES = 7 * 24 * 60;
/**
 * Verified tokens are remembered this long, so steady IdP traffic costs no lookup. The bound is what lets every
 * instance refuse a revoked or replaced token within one second (design.md section 3); this process forgets an
 * org's tokens at once when it changes them itself.
 */
export const TOKEN_CACHE_TTL_MS = 500;
const TOKEN_CACHE_MAX_ENTRIES = 10_000;

interface VerifiedToken {
  readonly client: AuthenticatedClient;
  readonly expiresAt: string | null;
  readonly cachedUntil: number;
  lastUseRecordedAt: number;
}

export interface Actor {
  /** Email of the console user, or "cli". */
  readonly name: string;
  readonly ip: string | null;
}

export interface OverlapChoice {
  /** Keep the previous token working for at most this long. */
  readonly minutes: number;
  /** ...or until the identity provider first succeeds with the new token, whichever comes first. */
  readonly untilNewTokenUsed: boolean;
}

export interface TokenStatus {
  readonly enabled: boolean;
  readonly current: ScimTokenRecord | undefined;
  /** Older tokens still accepted during an overlap window. */
  readonly overlapping: readonly ScimTokenRecord[];
}

export interface AuthenticatedClient {
  readonly orgId: string;
  readonly tokenId: string;
}

export type AuthenticationResult =
  | { readonly ok: true; readonly client: AuthenticatedClient }
  /** `orgId` is known only when a genuine token of that org was presented after it was retired. */
  | { readonly ok: false; readonly orgId: string | undefined };

export interface RequestOrigin {
  readonly agent: string | null;
  readonly ip: string | null;
}

export class TokenService {
  /** Keyed by the token's SHA-256 digest; the secret itself is never held. */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  private forgetOrg(orgId: string): void {
    for (const [digest, entry] of this.verified) if (entry.client.orgId === orgId) this.verified.delete(digest);
  }

  /** Generates a token (enabling SCIM if needed) and returns the secret: the only time it exists in clear. */
  async generate(orgId: string, actor: Actor, overlap?: OverlapChoice): Promise<{ token: string; record: ScimTokenRecord }> {
    const now = this.clock();
    const at = now.toISOString();
    const org = await this.store.orgs.byId(orgId);
    if (!org) throw new Error(`unknown organization ${orgId}`);
    const { token, credentialId, digest, hint } = generateToken();
    const record: ScimTokenRecord = {
      id: credentialId,
      orgId,
      digest,
      hint,
      createdAt: at,
      createdBy: actor.name,
      expiresAt: null,
      retireWhenSuccessorUsed: false,
      revokedAt: null,
      lastUsedAt: null,
      lastUsedAgent: null,
      lastUsedIp: null,
    };
    let previous: PreviousTokenPolicy = { kind: 'expire-now' };
    if (overlap) {
      if (!Number.isInteger(overlap.minutes) || overlap.minutes < 1 || overlap.minutes > MAX_OVERLAP_MINUTES) {
        throw ScimError.invalidValue(`The overlap window must be between 1 and ${MAX_OVERLAP_MINUTES} minutes`);
      }
      const until = new Date(now.getTime() + overlap.minutes * 60_000).toISOString();
      previous = { kind: 'overlap', until, untilSuccessorUsed: overlap.untilNewTokenUsed };
    }
    await this.store.tokens.rotate(record, previous);
    this.forgetOrg(orgId);
    await this.store.audit.record({
      orgId,
      at,
      action: org.scimEnabled ? 'token.generated' : 'scim.enabled',
      actor: actor.name,
      ip: actor.ip,
      // Enabling has no previous token to speak of (any earlier one was revoked when provisioning was disabled).
      detail: org.scimEnabled
        ? {
            hint,
            previous: previous.kind === 'overlap' ? `valid until ${previous.until}${previous.untilSuccessorUsed ? ' or first use of the new token' : ''}` : 'expired',
          }
        : { hint },
    });
    return { token, record };
  }

  async status(orgId: string): Promise<TokenStatus> {
    const org = await this.store.orgs.byId(orgId);
    const active = await this.store.tokens.activeFor(orgId, this.clock().toISOString());
    const [current, ...overlapping] = active;
    return { enabled: org?.scimEnabled ?? false, current, overlapping };
  }

  /** Revokes every token and turns SCIM provisioning off. */
  async revoke(orgId: string, actor: Actor): Promise<number> {
    const at = this.clock().toISOString();
    const count = await this.store.tokens.revokeAll(orgId, at);
    this.forgetOrg(orgId);
    await this.store.audit.record({ orgId, at, action: 'scim.disabled', actor: actor.name, ip: actor.ip, detail: { revokedTokens: count } });
    return count;
  }

  /** Verifies a bearer token: checksum first (no I/O), then one primary-key lookup and a constant-time digest compare. */
  async authenticate(token: string, origin: RequestOrigin): Promise<AuthenticationResult> {
    // A digest in the cache is a token verified moments ago: no need to check its form again.
    const digest = digestToken(token);
    const now = this.clock();
    const cached = this.verified.get(digest);
    if (cached && cached.cachedUntil > now.getTime() && (cached.expiresAt === null || cached.expiresAt > now.toISOString())) {
      await this.recordUse(cached, origin, now);
      return { ok: true, client: cached.client };
    }
    const parsed = parseToken(token);
    if (!parsed) return { ok: false, orgId: undefined };
    const record = await this.store.tokens.byId(parsed.credentialId);
    if (!record) return { ok: false, orgId: undefined };
    const expected = Buffer.from(record.digest, 'hex');
    const actual = Buffer.from(digest, 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, orgId: undefined };
    // A genuine but retired token is worth an audit line: usually an IdP still configured with the old token.
    if (record.revokedAt !== null) return { ok: false, orgId: record.orgId };
    if (record.expiresAt !== null && record.expiresAt <= now.toISOString()) return { ok: false, orgId: record.orgId };
    const entry: VerifiedToken = {
      client: { orgId: record.orgId, tokenId: record.id },
      expiresAt: record.expiresAt,
      cachedUntil: now.getTime() + TOKEN_CACHE_TTL_MS,
      lastUseRecordedAt: record.lastUsedAt === null ? 0 : Date.parse(record.lastUsedAt),
    };
    if (this.verified.size >= TOKEN_CACHE_MAX_ENTRIES) this.verified.clear();
    this.verified.set(digest, entry);
    await this.recordUse(entry, origin, now);
    return { ok: true, client: entry.client };
  }

  /** Coarse last use: at most one write per token per minute, so reads stay write-free. */
  private async recordUse(entry: VerifiedToken, origin: RequestOrigin, now: Date): Promise<void> {
    if (now.getTime() - entry.lastUseRecordedAt < LAST_USE_RESOLUTION_MS) return;
    const firstUse = entry.lastUseRecordedAt === 0;
    entry.lastUseRecordedAt = now.getTime();
    await this.store.tokens.recordUse(entry.client.tokenId, now.toISOString(), origin.agent, origin.ip);
    // A first use may retire predecessors kept for an overlap; stop trusting them here at once.
    if (firstUse) {
      for (const [digest, other] of this.verified) {
        if (other.client.orgId === entry.client.orgId && other.client.tokenId !== entry.client.tokenId) this.verified.delete(digest);
      }
    }
  }

  /** Records a burst of refused attempts with a retired token of this org. */
  async recordRefusedBurst(orgId: string, ip: string | null, attempts: number): Promise<void> {
    await this.store.audit.record({
      orgId,
      at: this.clock().toISOString(),
      action: 'token.refused',
      actor: null,
      ip,
      detail: { attempts, reason: 'a revoked or expired token was presented' },
    });
  }
}
