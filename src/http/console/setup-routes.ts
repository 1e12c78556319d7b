// First-run setup: the one-time link printed by `rollcall serve` creates the first organization and its owner.
import type { FastifyInstance } from 'fastify';
import { InputError } from '../../core/orgs/org-service.js';
import type { Services } from '../../core/services.js';
import type { ConsoleCookies } from './console-cookies.js';
import { formField } from './form-body.js';
import { sendHtml } from './reply-html.js';
import { setupClosedView, setupLinkNeededView, setupView } from './views/auth-views.js';

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function setupRoutes(app: FastifyInstance, services: Services, cookies: ConsoleCookies): void {
  app.get<{ Querystring: { token?: string } }>('/setup', { config: { public: true } }, async (request, reply) => {
    if (!(await services.setup.isNeeded())) return sendHtml(reply, setupClosedView());
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    if (!token) return sendHtml(reply, setupLinkNeededView());
    // Referrer-Policy: same-origin (security headers) keeps this URL out of other sites' logs.
    return sendHtml(reply, setupView({ token }));
  });

  app.post('/setup', { config: { public: true, csrf: 'setup-token' } }, async (request, reply) => {
    if (!(await services.setup.isNeeded())) return sendHtml(reply, setupClosedView(), 409);
    const token = formField(request, 'token');
    const values = { name: formField(request, 'name').trim(), slug: formField(request, 'slug').trim(), email: formField(request, 'email').trim() };
    try {
      const { org, ownerAccountId } = await services.setup.complete(token, {
        name: values.name,
        slug: values.slug,
        ownerEmail: values.email,
        ownerPassword: formField(request, 'password'),
      });
      const { sessionId } = await services.sessions.start(ownerAccountId, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      cookies.setSession(reply, sessionId);
      return reply.redirect(`/orgs/${encodeURIComponent(org.slug)}`, 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return sendHtml(reply, setupView({ token, values, error: `${capitalise(error.message)}.` }), 400);
    }
  });
}
