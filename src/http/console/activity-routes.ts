// Provisioning activity (list, one entry, CSV export) and the audit log. Owners and admins only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { Services } from '../../core/services.js';
import type { ActivityQuery } from '../../storage/store.js';
import { isIdpClient } from '../../scim/activity/idp-client.js';
import { ConsoleError } from './console-errors.js';
import { loadOrgPage } from './console-request.js';
import { sendHtml } from './reply-html.js';
import { activityCsvRows, activityEntryView, activityView, CSV_HEADER, type ActivityFilters } from './views/activity-views.js';
import { auditView } from './views/log-views.js';

type SlugParams = { Params: { slug: string } };
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const text = (query: Record<string, unknown>, name: string, max = 200): string => {
  const value = query[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
};

function filtersOf(request: FastifyRequest): ActivityFilters {
  const query = request.query as Record<string, unknown>;
  const filters = { outcome: text(query, 'outcome'), client: text(query, 'client'), who: text(query, 'who'), q: text(query, 'q'), from: text(query, 'from'), to: text(query, 'to') };
  if (filters.outcome !== '' && filters.outcome !== 'success' && filters.outcome !== 'failure') throw ConsoleError.badRequest('Outcome is “success” or “failure”.');
  if (filters.client !== '' && !isIdpClient(filters.client)) throw ConsoleError.badRequest('Unknown client.');
  for (const day of [filters.from, filters.to]) if (day !== '' && (!DAY.test(day) || Number.isNaN(Date.parse(day)))) throw ConsoleError.badRequest('Dates are written YYYY-MM-DD.');
  return filters;
}

/** The person or group a filter names: an id, an exact userName or an exact group name. */
async function resourceIdOf(services: Services, orgId: string, who: string): Promise<string> {
  const lower = who.toLowerCase();
  const [people, groups] = await Promise.all([
    services.store.consoleDirectory.people(orgId, { search: who, limit: 20 }),
    services.store.consoleDirectory.groups(orgId, { search: who, limit: 20 }),
  ]);
  const person = people.find((p) => p.userName.toLowerCase() === lower);
  if (person) return person.id;
  const group = groups.find((g) => g.displayName.toLowerCase() === lower);
  return group ? group.id : who;
}

async function queryOf(services: Services, orgId: string, filters: ActivityFilters, before: unknown): Promise<Omit<ActivityQuery, 'limit'>> {
  const next = (day: string) => new Date(Date.parse(day) + 86_400_000).toISOString();
  const beforeSeq = typeof before === 'string' && /^\d{1,15}$/.test(before) ? Number(before) : undefined;
  return {
    ...(filters.outcome === 'success' || filters.outcome === 'failure' ? { outcome: filters.outcome } : {}),
    ...(filters.client ? { client: filters.client } : {}),
    ...(filters.who ? { resourceId: await resourceIdOf(services, orgId, filters.who) } : {}),
    ...(filters.q ? { search: filters.q } : {}),
    ...(filters.from ? { since: new Date(Date.parse(filters.from)).toISOString() } : {}),
    ...(filters.to ? { until: next(filters.to) } : {}),
    ...(beforeSeq !== undefined ? { beforeSeq } : {}),
  };
}

const CSV_PAGE_SIZE = 1000;

export function activityRoutes(app: FastifyInstance, services: Services): void {
  app.get<SlugParams>('/orgs/:slug/settings/scim/audit', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    return sendHtml(reply, auditView(page.shell, await services.activity.tokenEvents(page.org.id)));
  });

  app.get<SlugParams>('/orgs/:slug/settings/scim/activity', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const filters = filtersOf(request);
    const query = await queryOf(services, page.org.id, filters, (request.query as Record<string, unknown>)['before']);
    return sendHtml(reply, activityView(page.shell, filters, await services.activity.page(page.org.id, query)));
  });

  app.get<SlugParams>('/orgs/:slug/settings/scim/activity.csv', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const filters = filtersOf(request);
    const first = await queryOf(services, page.org.id, filters, undefined);
    // Streamed a thousand entries at a time: every entry within the retention, in bounded memory.
    async function* rows(): AsyncGenerator<string> {
      yield `${CSV_HEADER.join(',')}\r\n`;
      let query = first;
      for (;;) {
        const chunk = await services.activity.page(page.org.id, query, CSV_PAGE_SIZE);
        yield activityCsvRows(chunk.entries);
        if (chunk.next === undefined) return;
        query = { ...query, beforeSeq: chunk.next };
      }
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="provisioning-activity-${page.org.slug}.csv"`)
      .send(Readable.from(rows()));
  });

  app.get<{ Params: { slug: string; seq: string } }>('/orgs/:slug/settings/scim/activity/:seq', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    if (!/^\d{1,15}$/.test(request.params.seq)) throw ConsoleError.notFound();
    const entry = await services.activity.entry(page.org.id, Number(request.params.seq));
    if (!entry) throw ConsoleError.notFound('This activity entry does not exist, or it is older than the retention period.');
    return sendHtml(reply, activityEntryView(page.shell, entry));
  });
}
