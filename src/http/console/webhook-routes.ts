// The Webhooks page (owners and admins): read-only; setup-link sessions never reach it (setup-link-scope.ts).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.js';
import { loadOrgPage } from './console-request.js';
import { sendHtml } from './reply-html.js';
import { webhooksView } from './views/webhook-views.js';

export function webhookRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { slug: string } }>('/orgs/:slug/webhooks', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    return sendHtml(reply, webhooksView(page.shell, await services.webhookEndpoints.overviewFor(page.org.id)));
  });
}
