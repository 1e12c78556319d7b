// The organization overview and its Settings page.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.js';
import { loadOrgPage } from './console-request.js';
import { sendHtml } from './reply-html.js';
import { overviewView, settingsView } from './views/org-views.js';

type SlugParams = { Params: { slug: string } };

export function orgRoutes(app: FastifyInstance, services: Services): void {
  app.get<SlugParams>('/orgs/:slug', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'member');
    const [counts, status] = await Promise.all([services.activity.counts(page.org.id), services.tokens.status(page.org.id)]);
    return sendHtml(reply, overviewView(page.shell, counts, status));
  });

  app.get<SlugParams>('/orgs/:slug/settings', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'member');
    return sendHtml(reply, settingsView(page.shell));
  });
}
