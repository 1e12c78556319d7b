// Who is asking: the signed-in account behind the session cookie, and its role in the organization of the URL.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canManageScim, type OrgMembership } from '../../core/console/org-access.js';
import type { Services } from '../../core/services.js';
import type { ActiveSession } from '../../core/sessions/session-service.js';
import type { Actor } from '../../core/tokens/token-service.js';
import { ConsoleError } from './console-errors.js';
import type { ConsoleCookies } from './console-cookies.js';
import { csrfTokenFor } from './csrf.js';
import { setupLinkMayOpen } from '../../core/setup-links/setup-link-scope.js';
import { setupLinkActor } from '../../core/setup-links/setup-link-service.js';
import type { Org } from '../../storage/store.js';
import { clearSetupLinkCookie, readSetupLinkCookie } from './setup-link-cookie.js';
import type { ShellContext } from './views/layout.js';

export interface SignedIn extends ActiveSession {
  /** The cookie value, kept only for sign-out. */
  readonly sessionId: string;
  readonly csrfToken: string;
  /** Set for a setup-link session: no account, one organization, its SCIM pages only (setup-link-scope.ts). */
  readonly setupLink?: { readonly linkId: string; readonly org: Org; readonly returnUrl: string | null };
}

declare module 'fastify' {
  interface FastifyRequest {
    signedIn?: SignedIn;
  }
  interface FastifyContextConfig {
    /** Pages anyone may open (sign-in, setup, assets); every other console route needs a session. */
    public?: boolean;
    csrf?: import('./csrf.js').CsrfMode;
  }
}

export function loadSession(services: Services, cookies: ConsoleCookies) {
  return async function load(request: FastifyRequest, reply: FastifyReply) {
    const sessionId = cookies.read(request, cookies.session);
    if (sessionId) {
      const active = await services.sessions.resolve(sessionId);
      if (active) request.signedIn = { ...active, sessionId, csrfToken: csrfTokenFor(active.session.csrfSecret) };
      else cookies.clearSession(reply);
    }
    if (!request.signedIn) {
      const setupSessionId = readSetupLinkCookie(cookies, request);
      if (setupSessionId) await loadSetupLinkSession(services, cookies, request, reply, setupSessionId);
    }
    if (!request.signedIn && !request.routeOptions.config.public) {
      return reply.redirect('/sign-in', 303);
    }
  };
}

/**
 * A setup-link session stands in for a signed-in admin only on the routes setup-link-scope.ts allows; elsewhere it
 * is refused (public pages such as sign-in stay open). Actions name the link as their actor, through `account.email`.
 */
async function loadSetupLinkSession(services: Services, cookies: ConsoleCookies, request: FastifyRequest, reply: FastifyReply, sessionId: string) {
  const active = await services.setupLinks.resolveSession(sessionId);
  if (!active) return clearSetupLinkCookie(cookies, reply);
  if (!setupLinkMayOpen(request.routeOptions.url)) {
    if (request.routeOptions.config.public) return;
    // The org's other pages (its overview, the Settings breadcrumb) lead back to the SCIM page rather than a dead end.
    const slug = (request.params as { slug?: string } | undefined)?.slug;
    if (request.method === 'GET' && slug === active.org.slug) return reply.redirect(`/orgs/${encodeURIComponent(slug)}/settings/scim`, 303);
    throw ConsoleError.forbidden(`This setup link opens only the User provisioning with SCIM pages of ${active.org.name}.`);
  }
  const actor = setupLinkActor(active.link.id);
  request.signedIn = {
    session: { idDigest: active.session.idDigest, accountId: actor, csrfSecret: active.session.csrfSecret, createdAt: active.session.createdAt, expiresAt: active.session.expiresAt, ip: null, userAgent: null },
    account: { id: actor, email: actor, passwordHash: '', createdAt: active.session.createdAt },
    sessionId,
    csrfToken: csrfTokenFor(active.session.csrfSecret),
    setupLink: { linkId: active.link.id, org: active.org, returnUrl: active.link.returnUrl },
  };
}

export function requireSignedIn(request: FastifyRequest): SignedIn {
  if (!request.signedIn) throw new Error('route registered without a session guard');
  return request.signedIn;
}

export interface OrgPage extends OrgMembership {
  readonly signedIn: SignedIn;
  readonly shell: ShellContext;
}

/** The org named in the URL, for a signed-in member; `manageScim` pages also need owner or admin (else 403). */
export async function loadOrgPage(services: Services, request: FastifyRequest, slug: string, need: 'member' | 'manage-scim'): Promise<OrgPage> {
  const signedIn = requireSignedIn(request);
  if (signedIn.setupLink) {
    // A setup link acts as an admin of its own organization, and knows no other.
    if (signedIn.setupLink.org.slug !== slug) throw ConsoleError.notFound();
    const current: OrgMembership = { org: signedIn.setupLink.org, role: 'admin' };
    const setupLink = { returnUrl: signedIn.setupLink.returnUrl };
    return { ...current, signedIn, shell: { email: 'Setup link', current, memberships: [current], csrfToken: signedIn.csrfToken, setupLink } };
  }
  const memberships = await services.access.memberships(signedIn.account.id);
  const current = memberships.find((m) => m.org.slug === slug);
  if (!current) throw ConsoleError.notFound();
  if (need === 'manage-scim' && !canManageScim(current.role)) throw ConsoleError.forbidden();
  return {
    ...current,
    signedIn,
    shell: { email: signedIn.account.email, current, memberships, csrfToken: signedIn.csrfToken },
  };
}

/** Token events name the signed-in person and the address they came from (design.md section 3). */
export const actorOf = (page: OrgPage, request: FastifyRequest): Actor => ({ name: page.signedIn.account.email, ip: request.ip });
