// Sign-in, sign-out, and "/" which sends people to their organization (or to sign in).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.js';
import type { ConsoleCookies } from './console-cookies.js';
import { requireSignedIn } from './console-request.js';
import { formField } from './form-body.js';
import { sendHtml } from './reply-html.js';
import { noOrganizationView, signInView } from './views/auth-views.js';

// One message for unknown email and wrong password alike: the page must not tell which accounts exist.
const INVALID = 'Email or password is incorrect.';
const DEACTIVATED =
  'Your identity provider has deactivated your access to this workspace. Ask your administrator to reactivate you in Okta, Entra ID or whichever identity provider your organization uses.';
const THROTTLED = 'Too many sign-in attempts. Wait 15 minutes and try again.';
const CSRF_COOKIE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function authRoutes(app: FastifyInstance, services: Services, cookies: ConsoleCookies): void {
  app.get('/', { config: { public: true } }, async (request, reply) => {
    if (!request.signedIn) return reply.redirect((await services.setup.isNeeded()) ? '/setup' : '/sign-in', 303);
    const [first] = await services.access.memberships(request.signedIn.account.id);
    if (!first) return sendHtml(reply, noOrganizationView(request.signedIn.account.email, request.signedIn.csrfToken));
    return reply.redirect(`/orgs/${encodeURIComponent(first.org.slug)}`, 303);
  });

  app.get('/sign-in', { config: { public: true } }, async (request, reply) => {
    if (request.signedIn) return reply.redirect('/', 303);
    let csrf = cookies.read(request, cookies.signInCsrf);
    if (!csrf || !CSRF_COOKIE_PATTERN.test(csrf)) {
      csrf = randomBytes(32).toString('base64url');
      cookies.setSignInCsrf(reply, csrf);
    }
    return sendHtml(reply, signInView({ csrf }));
  });

  app.post('/sign-in', { config: { public: true, csrf: 'sign-in' } }, async (request, reply) => {
    const email = formField(request, 'email').trim();
    const password = formField(request, 'password');
    const csrf = cookies.read(request, cookies.signInCsrf) ?? '';
    const result = await services.sessions.signIn(email, password, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
    if (!result.ok) {
      if (result.reason === 'invalid') return sendHtml(reply, signInView({ csrf, email, error: INVALID }), 401);
      if (result.reason === 'deactivated') return sendHtml(reply, signInView({ csrf, email, error: DEACTIVATED }), 403);
      reply.header('Retry-After', String(result.retryAfterSeconds));
      return sendHtml(reply, signInView({ csrf, email, error: THROTTLED }), 429);
    }
    // A session that existed before sign-in is ended: the new session always has a new id.
    if (request.signedIn) await services.sessions.signOut(request.signedIn.sessionId);
    cookies.clearSignInCsrf(reply);
    cookies.setSession(reply, result.sessionId);
    return reply.redirect('/', 303);
  });

  app.post('/sign-out', { config: { csrf: 'session' } }, async (request, reply) => {
    await services.sessions.signOut(requireSignedIn(request).sessionId);
    cookies.clearSession(reply);
    return reply.redirect('/sign-in', 303);
  });
}
