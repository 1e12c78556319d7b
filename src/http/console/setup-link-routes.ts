// Setup links in the console: GET shows Continue and uses nothing (mail scanners prefetch links); the POST uses the
// link once, starts a setup-link session and lands on the org's User provisioning with SCIM page.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.js';
import { SETUP_LINK_PATH } from '../../core/setup-links/setup-link-service.js';
import type { ConsoleCookies } from './console-cookies.js';
import { requireSignedIn } from './console-request.js';
import { formField } from './form-body.js';
import { sendHtml } from './reply-html.js';
import { clearSetupLinkCookie, setSetupLinkCookie } from './setup-link-cookie.js';
import { setupLinkContinueView, setupLinkEndedView, setupLinkUnusableView } from './views/setup-link-views.js';

const statusOf = (state: string) => (state === 'invalid' ? 404 : 410);

export function setupLinkRoutes(app: FastifyInstance, services: Services, cookies: ConsoleCookies): void {
  app.get<{ Querystring: { token?: string } }>(SETUP_LINK_PATH, { config: { public: true } }, async (request, reply) => {
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    const state = await services.setupLinks.inspect(token);
    if (state.state !== 'valid') return sendHtml(reply, setupLinkUnusableView(state), statusOf(state.state));
    // Referrer-Policy: same-origin (security headers) keeps this URL out of other sites' logs.
    return sendHtml(reply, setupLinkContinueView(token, state.org.name, state.link.expiresAt));
  });

  // CSRF: the Origin check runs for every console POST, and the one-time secret in the form is the unguessable value.
  app.post(SETUP_LINK_PATH, { config: { public: true, csrf: 'setup-token' } }, async (request, reply) => {
    const { state, sessionId } = await services.setupLinks.consume(formField(request, 'token'), request.ip);
    if (state.state !== 'valid' || sessionId === undefined) {
      return sendHtml(reply, setupLinkUnusableView(state.state === 'valid' ? { state: 'used', link: state.link, org: state.org } : state), statusOf(state.state));
    }
    setSetupLinkCookie(cookies, reply, sessionId);
    return reply.redirect(`/orgs/${encodeURIComponent(state.org.slug)}/settings/scim`, 303);
  });

  app.post(`${SETUP_LINK_PATH}/end`, { config: { csrf: 'session' } }, async (request, reply) => {
    const signedIn = requireSignedIn(request);
    if (signedIn.setupLink) await services.setupLinks.endSession(signedIn.sessionId);
    clearSetupLinkCookie(cookies, reply);
    return sendHtml(reply, setupLinkEndedView(signedIn.setupLink?.returnUrl ?? null));
  });
}
