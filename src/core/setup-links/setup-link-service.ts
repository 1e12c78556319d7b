// One-time setup links (design.md section 8): the product team asks for one per organization; the customer's IT
// admin opens it, presses Continue, and gets a session of at most an hour that reaches only that org's SCIM pages
// (setup-link-scope.ts). Every action in it is audited as the link ("setup-link:<id>"), never as its secret.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Org, Store } from '../../storage/store.js';
import type { SetupLinkRecord, SetupLinkSession } from '../../storage/product-store.js';
import type { Clock } from '../clock.js';
import { Problem } from '../problem.js';
import { digestToken, SETUP_LINK } from '../tokens/token-format.js';

export const SETUP_LINK_TTL_MINUTES = 15;
export const MAX_SETUP_LINK_TTL_MINUTES = 24 * 60;
/** A setup-link session ends an hour after the link was used, whatever happens in it. */
export const SETUP_SESSION_TTL_MS = 60 * 60_000;
export const SETUP_LINK_PATH = '/setup-link';

export const setupLinkActor = (linkId: string): string => `setup-link:${linkId}`;

export type SetupLinkState =
  | { readonly state: 'valid'; readonly link: SetupLinkRecord; readonly org: Org }
  | { readonly state: 'used' | 'expired'; readonly link: SetupLinkRecord; readonly org: Org | undefined }
  | { readonly state: 'invalid' };

export interface ActiveSetupSession {
  readonly session: SetupLinkSession;
  readonly link: SetupLinkRecord;
  readonly org: Org;
}

const digestSessionId = (sessionId: string): string => createHash('sha256').update(sessionId).digest('hex');

function checkReturnUrl(returnUrl: string): string {
  let url: URL;
  try {
    url = new URL(returnUrl);
  } catch {
    throw Problem.invalid('return_url must be an absolute http or https URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw Problem.invalid('return_url must be an absolute http or https URL');
  return url.toString();
}

export class SetupLinkService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {}

  /** Makes a link for the org; the URL (holding the secret) is returned this once. */
  async create(orgId: string, options: { returnUrl?: string | undefined; expiresInMinutes?: number | undefined }, actor: string) {
    const org = await this.store.orgs.byId(orgId);
    if (!org) throw Problem.notFound(`No organization with id "${orgId}"`);
    const minutes = options.expiresInMinutes ?? SETUP_LINK_TTL_MINUTES;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_SETUP_LINK_TTL_MINUTES) {
      throw Problem.invalid(`expires_in_minutes must be between 1 and ${MAX_SETUP_LINK_TTL_MINUTES}`);
    }
    const now = this.clock();
    const { token, credentialId, digest } = SETUP_LINK.generate();
    const link: SetupLinkRecord = {
      id: credentialId,
      orgId,
      digest,
      returnUrl: options.returnUrl === undefined ? null : checkReturnUrl(options.returnUrl),
      createdAt: now.toISOString(),
      createdBy: actor,
      expiresAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
      usedAt: null,
    };
    await this.store.setupLinks.create(link);
    await this.store.audit.record({ orgId, at: link.createdAt, action: 'setup_link.created', actor, ip: null, detail: { link: link.id, expiresAt: link.expiresAt } });
    // The query string keeps the secret out of request logs (logging.ts masks token=), as the first-run link does.
    return { id: link.id, url: `${this.publicUrl}${SETUP_LINK_PATH}?token=${token}`, expiresAt: link.expiresAt };
  }

  /** What the link in hand is: valid, used, expired, or not a link at all. Reads only. */
  async inspect(token: string): Promise<SetupLinkState> {
    const parsed = SETUP_LINK.parse(token);
    if (!parsed) return { state: 'invalid' };
    const link = await this.store.setupLinks.byId(parsed.credentialId);
    if (!link) return { state: 'invalid' };
    const expected = Buffer.from(link.digest, 'hex');
    const actual = Buffer.from(digestToken(token), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { state: 'invalid' };
    const org = await this.store.orgs.byId(link.orgId);
    if (link.usedAt !== null) return { state: 'used', link, org };
    if (link.expiresAt <= this.clock().toISOString() || !org) return { state: 'expired', link, org };
    return { state: 'valid', link, org };
  }

  /** Uses the link (once, ever) and starts its session; the session id is returned this once, for the cookie. */
  async consume(token: string, ip: string | null): Promise<{ state: SetupLinkState; sessionId?: string }> {
    const state = await this.inspect(token);
    if (state.state !== 'valid') return { state };
    const now = this.clock();
    const sessionId = randomBytes(32).toString('base64url');
    const session: SetupLinkSession = {
      idDigest: digestSessionId(sessionId),
      linkId: state.link.id,
      orgId: state.org.id,
      csrfSecret: randomBytes(32).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SETUP_SESSION_TTL_MS).toISOString(),
    };
    // Two presses racing: the store's conditional update lets exactly one through.
    if (!(await this.store.setupLinks.consume(state.link.id, session))) return { state: await this.inspect(token) };
    await this.store.audit.record({
      orgId: state.org.id,
      at: session.createdAt,
      action: 'setup_link.used',
      actor: setupLinkActor(state.link.id),
      ip,
      detail: { sessionEndsAt: session.expiresAt },
    });
    return { state, sessionId };
  }

  /** The live session behind a cookie value; an expired one is deleted on sight. */
  async resolveSession(sessionId: string): Promise<ActiveSetupSession | undefined> {
    const digest = digestSessionId(sessionId);
    const session = await this.store.setupLinks.session(digest);
    if (!session) return undefined;
    if (session.expiresAt <= this.clock().toISOString()) {
      await this.store.setupLinks.endSession(digest);
      return undefined;
    }
    const [link, org] = await Promise.all([this.store.setupLinks.byId(session.linkId), this.store.orgs.byId(session.orgId)]);
    return link && org ? { session, link, org } : undefined;
  }

  async endSession(sessionId: string): Promise<void> {
    await this.store.setupLinks.endSession(digestSessionId(sessionId));
  }
}
