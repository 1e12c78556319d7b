// One-time team links (issue 14): an owner or admin invites someone by email and role, or hands a member a
// password-reset link. The link (its secret in the query string) is returned once; only its digest is stored. A
// link works once, expires, and can be revoked while pending; every step is in the audit log, never the secret.
import { timingSafeEqual } from 'node:crypto';
import type { Account, Org, Role, Store } from '../../storage/store.js';
import type { TeamLink, TeamLinkKind } from '../../storage/team-link-store.js';
import type { Clock } from '../clock.js';
import { hashPassword, passwordWeakness } from '../passwords.js';
import { digestToken, INVITE_LINK, PASSWORD_RESET_LINK, type TokenFormat } from '../tokens/token-format.js';
import type { Actor } from '../tokens/token-service.js';
import { InputError, type OrgService } from './org-service.js';
import { parseRole } from './team-service.js';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;
/** A reset link opens an account: it lives a day, not a week. */
export const PASSWORD_RESET_TTL_MS = 24 * 60 * 60_000;
export const INVITE_PATH = '/invite';
export const PASSWORD_RESET_PATH = '/reset-password';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const KINDS: Record<TeamLinkKind, { format: TokenFormat; path: string; ttlMs: number; audit: string }> = {
  invite: { format: INVITE_LINK, path: INVITE_PATH, ttlMs: INVITE_TTL_MS, audit: 'invite' },
  'password-reset': { format: PASSWORD_RESET_LINK, path: PASSWORD_RESET_PATH, ttlMs: PASSWORD_RESET_TTL_MS, audit: 'password_reset' },
};

export type TeamLinkState =
  | { readonly state: 'valid'; readonly link: TeamLink; readonly org: Org; readonly account: Account | undefined }
  | { readonly state: 'used' | 'expired'; readonly link: TeamLink }
  | { readonly state: 'invalid' };

export type Unusable = Exclude<TeamLinkState, { state: 'valid' }>;

/** A link just made: `url` carries the secret and is shown this once. */
export interface IssuedLink {
  readonly url: string;
  readonly link: TeamLink;
}

export type LinkOutcome = { readonly ok: true; readonly org: Org; readonly accountId: string } | ({ readonly ok: false } & Unusable);

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class TeamLinkService {
  constructor(
    private readonly store: Store,
    private readonly orgs: OrgService,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {}

  /** Invites a person who is not yet a member; a new invitation replaces a pending one for the same email. */
  async invite(org: Org, input: { email: string; role: string }, actor: Actor): Promise<IssuedLink> {
    const email = input.email.trim();
    const role = parseRole(input.role);
    if (!EMAIL_PATTERN.test(email)) throw new InputError(`invalid email address "${email}"`);
    const account = await this.store.accounts.byEmail(email);
    if (account && (await this.store.accounts.membership(org.id, account.id))) throw new InputError(`${org.name} already has ${account.email} as a member`);
    return this.issue(org, 'invite', email, role, actor);
  }

  /** A reset link for a member's password; a new one replaces a pending one for the same member. */
  async passwordReset(org: Org, email: string, actor: Actor): Promise<IssuedLink> {
    const account = await this.store.accounts.byEmail(email);
    if (!account || !(await this.store.accounts.membership(org.id, account.id))) throw new InputError(`no member of ${org.name} has the email ${email}`);
    return this.issue(org, 'password-reset', account.email, null, actor);
  }

  pending(orgId: string): Promise<TeamLink[]> {
    return this.store.teamLinks.pending(orgId, this.clock().toISOString());
  }

  async revoke(org: Org, id: string, actor: Actor): Promise<TeamLink> {
    const link = await this.store.teamLinks.byId(id);
    if (!link || link.orgId !== org.id || !(await this.store.teamLinks.revoke(org.id, id))) {
      throw new InputError('that link is no longer pending: it was used, revoked or replaced');
    }
    await this.audit(link, `${KINDS[link.kind].audit}.revoked`, actor, {});
    return link;
  }

  /** What the link in hand is. Reads only: opening a link (or a mail scanner prefetching it) uses nothing. */
  async inspect(kind: TeamLinkKind, token: string): Promise<TeamLinkState> {
    const parsed = KINDS[kind].format.parse(token);
    const link = parsed && (await this.store.teamLinks.byId(parsed.credentialId));
    if (!link || link.kind !== kind) return { state: 'invalid' };
    const expected = Buffer.from(link.digest, 'hex');
    const actual = Buffer.from(digestToken(token), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { state: 'invalid' };
    if (link.usedAt !== null) return { state: 'used', link };
    const org = await this.store.orgs.byId(link.orgId);
    if (link.expiresAt <= this.clock().toISOString() || !org) return { state: 'expired', link };
    return { state: 'valid', link, org, account: await this.store.accounts.byEmail(link.email) };
  }

  /** Accepts an invitation for an email without an account: the invitee's chosen password makes the account. */
  async acceptWithPassword(token: string, password: string, ip: string | null): Promise<LinkOutcome> {
    const state = await this.inspect('invite', token);
    if (state.state !== 'valid') return { ok: false, ...state };
    if (state.account) throw new InputError(`an account for ${state.account.email} already exists: sign in with its password to join`);
    // Checked before the link is used, so a weak password does not burn it.
    const weakness = passwordWeakness(password);
    if (weakness) throw new InputError(weakness);
    return this.join(state, token, password, ip);
  }

  /** Accepts an invitation for the account the caller has authenticated (signed in, or its password just checked). */
  async acceptAsAccount(token: string, account: Account, ip: string | null): Promise<LinkOutcome> {
    const state = await this.inspect('invite', token);
    if (state.state !== 'valid') return { ok: false, ...state };
    if (!sameEmail(account.email, state.link.email)) throw new InputError(`this invitation is for ${state.link.email}, not ${account.email}`);
    return this.join(state, token, '', ip);
  }

  /** Sets a member's new password and ends every session they had, in one step. */
  async resetPassword(token: string, password: string, ip: string | null): Promise<LinkOutcome> {
    const state = await this.inspect('password-reset', token);
    if (state.state !== 'valid') return { ok: false, ...state };
    const account = state.account;
    // Removed from the organization since the link was made: the link no longer opens anything.
    if (!account || !(await this.store.accounts.membership(state.org.id, account.id))) return { ok: false, state: 'expired', link: state.link };
    const weakness = passwordWeakness(password);
    if (weakness) throw new InputError(weakness);
    const hash = await hashPassword(password);
    if (!(await this.store.teamLinks.resetPassword(state.link.id, account.id, hash, this.clock().toISOString()))) return this.unusable(token, 'password-reset');
    await this.audit(state.link, 'password_reset.used', { name: account.email, ip }, {});
    return { ok: true, org: state.org, accountId: account.id };
  }

  private async join(state: Extract<TeamLinkState, { state: 'valid' }>, token: string, password: string, ip: string | null): Promise<LinkOutcome> {
    const { link, org } = state;
    if (!(await this.store.teamLinks.consume(link.id, this.clock().toISOString()))) return this.unusable(token, 'invite');
    const existing = state.account && (await this.store.accounts.membership(org.id, state.account.id));
    // Someone added them meanwhile: the invitation is used up, their role stays as it is.
    const accountId = existing ? existing.accountId : (await this.orgs.addMember({ orgSlug: org.slug, email: link.email, password, role: link.role ?? 'member' })).accountId;
    await this.audit(link, 'invite.accepted', { name: link.email, ip }, { role: existing ? existing.role : (link.role ?? 'member') });
    return { ok: true, org, accountId };
  }

  /** After a lost race to use a link: whatever state it is in now. */
  private async unusable(token: string, kind: TeamLinkKind): Promise<LinkOutcome> {
    const now = await this.inspect(kind, token);
    return now.state === 'valid' ? { ok: false, state: 'used', link: now.link } : { ok: false, ...now };
  }

  private async issue(org: Org, kind: TeamLinkKind, email: string, role: Role | null, actor: Actor): Promise<IssuedLink> {
    const { format, path, ttlMs, audit } = KINDS[kind];
    const now = this.clock();
    for (const earlier of await this.pending(org.id)) {
      if (earlier.kind === kind && sameEmail(earlier.email, email)) await this.store.teamLinks.revoke(org.id, earlier.id);
    }
    const { token, credentialId, digest } = format.generate();
    const link: TeamLink = {
      id: credentialId,
      orgId: org.id,
      kind,
      email,
      role,
      digest,
      createdAt: now.toISOString(),
      createdBy: actor.name,
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
      usedAt: null,
    };
    await this.store.teamLinks.create(link);
    await this.audit(link, `${audit}.created`, actor, { expiresAt: link.expiresAt });
    // The secret rides in the query string, which the request log masks (src/http/logging.ts).
    return { url: `${this.publicUrl}${path}?token=${token}`, link };
  }

  private audit(link: TeamLink, action: string, actor: Actor, extra: Record<string, string>): Promise<void> {
    const detail = { account: link.email, link: link.id, ...(link.role ? { role: link.role } : {}), ...extra };
    return this.store.audit.record({ orgId: link.orgId, at: this.clock().toISOString(), action, actor: actor.name, ip: actor.ip, detail });
  }
}
