// Who is asking: the signed-in account behind the session cookie, and its role in the organization of the URL.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canManageScim, type OrgMembership } from '../../core/console/org-access.js';
import type { Services } from '../../core/services.js';
import type { ActiveSession } from '../../core/sessions/session-service.js';
import type { Actor } from '../../core/tokens/token-service.js';
import { ConsoleError } from './console-errors.js';
import type { ConsoleCookies } from './console-cookies.js';
import { csrfTokenFor } from './csrf.js';
import type { ShellContext } from './views/layout.js';

export interface SignedIn extends ActiveSession {
  /** The cookie value, kept only for sign-out. */
  readonly sessionId: string;
  readonly csrfToken: string;
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
    if (!request.signedIn && !request.routeOptions.config.public) {
      return reply.redirect('/sign-in', 303);
    }
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
