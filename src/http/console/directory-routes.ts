// People and Groups: what the identity provider provisioned. Owners and admins only (personal data).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.js';
import { ConsoleError } from './console-errors.js';
import { loadOrgPage } from './console-request.js';
import { sendHtml } from './reply-html.js';
import { groupsView, groupView } from './views/group-views.js';
import { peopleView, personView } from './views/people-views.js';

type SlugParams = { Params: { slug: string } };
type IdParams = { Params: { slug: string; id: string } };
const RECENT_ACTIVITY = 20;

const text = (query: unknown, name: string, max = 200): string => {
  const value = (query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
};

const cursor = (query: unknown): number | undefined => {
  const value = text(query, 'before');
  if (value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) throw ConsoleError.badRequest('That page address is not valid: start again from the first page.');
  return Number(value);
};

export function directoryRoutes(app: FastifyInstance, services: Services): void {
  app.get<SlugParams>('/orgs/:slug/people', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const q = text(request.query, 'q');
    const status = text(request.query, 'status');
    if (status !== '' && status !== 'active' && status !== 'deactivated') throw ConsoleError.badRequest('Status is “active” or “deactivated”.');
    const before = cursor(request.query);
    const people = await services.consoleDirectory.people(page.org.id, {
      ...(q ? { search: q } : {}),
      ...(status ? { active: status === 'active' } : {}),
      ...(before !== undefined ? { before } : {}),
    });
    return sendHtml(reply, peopleView(page.shell, { q, status }, people));
  });

  app.get<IdParams>('/orgs/:slug/people/:id', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const detail = await services.consoleDirectory.person(page.org.id, request.params.id);
    if (!detail) throw ConsoleError.notFound('This person does not exist in this organization (perhaps the identity provider deleted them).');
    const activity = await services.activity.page(page.org.id, { resourceId: detail.user.id }, RECENT_ACTIVITY);
    return sendHtml(reply, personView(page.shell, detail, activity));
  });

  app.get<SlugParams>('/orgs/:slug/groups', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const q = text(request.query, 'q');
    const before = cursor(request.query);
    const groups = await services.consoleDirectory.groups(page.org.id, { ...(q ? { search: q } : {}), ...(before !== undefined ? { before } : {}) });
    return sendHtml(reply, groupsView(page.shell, q, groups));
  });

  app.get<IdParams>('/orgs/:slug/groups/:id', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const after = text(request.query, 'after', 1000) || undefined;
    const found = await services.consoleDirectory.group(page.org.id, request.params.id, after);
    if (!found) throw ConsoleError.notFound('This group does not exist in this organization (perhaps the identity provider deleted it).');
    const activity = await services.activity.page(page.org.id, { resourceId: found.group.id }, RECENT_ACTIVITY);
    return sendHtml(reply, groupView(page.shell, found.group, found.members, after, activity));
  });
}
