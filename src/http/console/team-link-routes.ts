// Invitations and password-reset links. On the Team page owners and admins make them (the link is in that one
// response only) and revoke pending ones; the public /invite and /reset-password pages use them. Opening a link uses
// nothing (mail scanners prefetch links); the form posts it back, and one post ever succeeds.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../../core/orgs/org-service.js';
import { INVITE_PATH, PASSWORD_RESET_PATH, type LinkOutcome, type TeamLinkState } from '../../core/orgs/team-link-service.js';
import { parseRole } from '../../core/orgs/team-service.js';
import type { Services } from '../../core/services.js';
import type { Account } from '../../storage/store.js';
import { ConsoleError } from './console-errors.js';
import type { ConsoleCookies } from './console-cookies.js';
import { actorOf, loadOrgPage, type OrgPage } from './console-request.js';
import { formField } from './form-body.js';
import { sendHtml } from './reply-html.js';
import { showTeam } from './team-routes.js';
import { inviteView, passwordResetView, teamLinkUnusableView, type InviteMode } from './views/team-link-views.js';
import { mayManage } from './views/team-views.js';

type SlugParams = { Params: { slug: string } };
type TokenQuery = { Querystring: { token?: string } };
type Valid = Extract<TeamLinkState, { state: 'valid' }>;

const sentence = (message: string) => `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
const statusOf = (state: string) => (state === 'invalid' ? 404 : 410);
const MISMATCH = 'The two passwords differ: type the same password twice.';
const WRONG_PASSWORD = 'The password is incorrect.';
const THROTTLED = 'Too many sign-in attempts. Wait 15 minutes and try again.';
const DEACTIVATED = 'Your identity provider has deactivated your access everywhere in Rollcall. Ask your administrator to reactivate you.';

/** The account the browser is signed in as (not a setup-link session). */
const signedInAccount = (request: FastifyRequest): Account | undefined => (request.signedIn && !request.signedIn.setupLink ? request.signedIn.account : undefined);

function inviteMode(state: Valid, request: FastifyRequest): InviteMode {
  if (!state.account) return 'new-account';
  return signedInAccount(request)?.id === state.account.id ? 'signed-in' : 'sign-in';
}

const inviteDetails = (state: Valid, token: string) => ({
  token,
  orgName: state.org.name,
  email: state.link.email,
  role: state.link.role ?? 'member',
  expiresAt: state.link.expiresAt,
});

export function teamLinkRoutes(app: FastifyInstance, services: Services, cookies: ConsoleCookies): void {
  const client = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });

  /** Team page forms: InputErrors come back as the page with the message. */
  const teamAction = (path: string, act: (page: OrgPage, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    app.post<SlugParams>(path, { config: { csrf: 'session' } }, async (request, reply) => {
      const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
      try {
        return await act(page, request, reply);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const invite = path.endsWith('/invite') ? { email: formField(request, 'email'), role: formField(request, 'role') } : undefined;
        return sendHtml(reply, await showTeam(services, page, { message: sentence(error.message), invite }), 400);
      }
    });

  teamAction('/orgs/:slug/team/invite', async (page, request, reply) => {
    const role = parseRole(formField(request, 'role'));
    if (!mayManage(page.role, role)) throw ConsoleError.forbidden('Only owners can invite an owner.');
    const issued = await services.teamLinks.invite(page.org, { email: formField(request, 'email'), role }, actorOf(page, request));
    return sendHtml(reply, await showTeam(services, page, { issued }));
  });

  teamAction('/orgs/:slug/team/reset', async (page, request, reply) => {
    const email = formField(request, 'email');
    const target = (await services.team.list(page.org.id)).find((m) => m.email.toLowerCase() === email.toLowerCase());
    if (target && !mayManage(page.role, target.role)) throw ConsoleError.forbidden("Only owners can reset an owner's password.");
    const issued = await services.teamLinks.passwordReset(page.org, email, actorOf(page, request));
    return sendHtml(reply, await showTeam(services, page, { issued }));
  });

  teamAction('/orgs/:slug/team/links/revoke', async (page, request, reply) => {
    const id = formField(request, 'id');
    const link = (await services.teamLinks.pending(page.org.id)).find((l) => l.id === id);
    if (link && !mayManage(page.role, link.role)) throw ConsoleError.forbidden("Only owners can revoke an owner's invitation.");
    await services.teamLinks.revoke(page.org, id, actorOf(page, request));
    return reply.redirect(`/orgs/${encodeURIComponent(page.org.slug)}/team`, 303);
  });

  const queryToken = (request: FastifyRequest<TokenQuery>) => (typeof request.query.token === 'string' ? request.query.token : '');

  // Referrer-Policy: same-origin (security headers) keeps these URLs out of other sites' logs.
  app.get<TokenQuery>(INVITE_PATH, { config: { public: true } }, async (request, reply) => {
    const token = queryToken(request);
    const state = await services.teamLinks.inspect('invite', token);
    if (state.state !== 'valid') return sendHtml(reply, teamLinkUnusableView(state, 'invite'), statusOf(state.state));
    return sendHtml(reply, inviteView(inviteDetails(state, token), inviteMode(state, request)));
  });

  // CSRF: the Origin check runs for every console POST, and the one-time secret in the form is the unguessable value.
  app.post(INVITE_PATH, { config: { public: true, csrf: 'setup-token' } }, async (request, reply) => {
    const token = formField(request, 'token');
    const password = formField(request, 'password');
    const state = await services.teamLinks.inspect('invite', token);
    if (state.state !== 'valid') return sendHtml(reply, teamLinkUnusableView(state, 'invite'), statusOf(state.state));
    const mode = inviteMode(state, request);
    const again = (status: number, error: string) => sendHtml(reply, inviteView(inviteDetails(state, token), mode, error), status);
    const landed = async (outcome: LinkOutcome, sessionId: string | undefined) => {
      if (!outcome.ok) {
        if (sessionId && sessionId !== request.signedIn?.sessionId) await services.sessions.signOut(sessionId);
        return sendHtml(reply, teamLinkUnusableView(outcome, 'invite'), statusOf(outcome.state));
      }
      if (sessionId === undefined) sessionId = (await services.sessions.start(outcome.accountId, client(request))).sessionId;
      if (sessionId !== request.signedIn?.sessionId) {
        // Whoever was signed in in this browser before is signed out: the new session always has a new id.
        if (request.signedIn && !request.signedIn.setupLink) await services.sessions.signOut(request.signedIn.sessionId);
        cookies.setSession(reply, sessionId);
      }
      return reply.redirect(`/orgs/${encodeURIComponent(outcome.org.slug)}`, 303);
    };
    try {
      if (mode === 'signed-in') return await landed(await services.teamLinks.acceptAsAccount(token, signedInAccount(request)!, request.ip), request.signedIn!.sessionId);
      if (mode === 'sign-in') {
        const signed = await services.sessions.signIn(state.link.email, password, client(request));
        if (!signed.ok) {
          if (signed.reason === 'invalid') return again(401, WRONG_PASSWORD);
          if (signed.reason === 'deactivated') return again(403, DEACTIVATED);
          reply.header('Retry-After', String(signed.retryAfterSeconds));
          return again(429, THROTTLED);
        }
        const account = (await services.store.accounts.byId(signed.session.accountId))!;
        return await landed(await services.teamLinks.acceptAsAccount(token, account, request.ip), signed.sessionId);
      }
      if (password !== formField(request, 'confirm')) return again(400, MISMATCH);
      return await landed(await services.teamLinks.acceptWithPassword(token, password, request.ip), undefined);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return again(400, sentence(error.message));
    }
  });

  app.get<TokenQuery>(PASSWORD_RESET_PATH, { config: { public: true } }, async (request, reply) => {
    const token = queryToken(request);
    const state = await services.teamLinks.inspect('password-reset', token);
    if (state.state !== 'valid') return sendHtml(reply, teamLinkUnusableView(state, 'password-reset'), statusOf(state.state));
    return sendHtml(reply, passwordResetView({ token, email: state.link.email, orgName: state.org.name, expiresAt: state.link.expiresAt }));
  });

  app.post(PASSWORD_RESET_PATH, { config: { public: true, csrf: 'setup-token' } }, async (request, reply) => {
    const token = formField(request, 'token');
    const password = formField(request, 'password');
    const state = await services.teamLinks.inspect('password-reset', token);
    if (state.state !== 'valid') return sendHtml(reply, teamLinkUnusableView(state, 'password-reset'), statusOf(state.state));
    const again = (error: string) =>
      sendHtml(reply, passwordResetView({ token, email: state.link.email, orgName: state.org.name, expiresAt: state.link.expiresAt }, error), 400);
    if (password !== formField(request, 'confirm')) return again(MISMATCH);
    let outcome: LinkOutcome;
    try {
      outcome = await services.teamLinks.resetPassword(token, password, request.ip);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return again(sentence(error.message));
    }
    if (!outcome.ok) return sendHtml(reply, teamLinkUnusableView(outcome, 'password-reset'), statusOf(outcome.state));
    // Every earlier session of the account has ended (this browser's too, if it had one); the new one starts here.
    if (request.signedIn && !request.signedIn.setupLink) await services.sessions.signOut(request.signedIn.sessionId);
    cookies.setSession(reply, (await services.sessions.start(outcome.accountId, client(request))).sessionId);
    return reply.redirect(`/orgs/${encodeURIComponent(outcome.org.slug)}`, 303);
  });
}
