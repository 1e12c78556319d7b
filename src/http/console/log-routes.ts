// The audit log (token events) and provisioning activity (SCIM writes) pages. Owners and admins only.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.js';
import { loadOrgPage } from './console-request.js';
import { sendHtml } from './reply-html.js';
import { activityView, auditView } from './views/log-views.js';

type SlugParams = { Params: { slug: string } };

export function logRoutes(app: FastifyInstance, services: Services): void {
  app.get<SlugParams>('/orgs/:slug/settings/scim/audit', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    return sendHtml(reply, auditView(page.shell, await services.activity.tokenEvents(page.org.id)));
  });

  app.get<SlugParams>('/orgs/:slug/settings/scim/activity', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    return sendHtml(reply, activityView(page.shell, await services.activity.provisioningChanges(page.org.id)));
  });
}
