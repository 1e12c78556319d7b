// /api/v1/events: the ordered feed of every change (design.md section 9), resumable from any event id, with long-polling.
import type { Static } from 'typebox';
import { eventEnvelope } from '../../core/events/event-envelope.js';
import type { Services } from '../../core/services.js';
import type { ApiApp } from './api-app.js';
import { DEFAULT_PAGE_SIZE, Problem, problemResponses } from './schemas/common.js';
import { Event, EventPage, EventQuery } from './schemas/events.js';

const tags = ['Events'];

export function eventRoutes(app: ApiApp, services: Services): void {
  // Waiting readers answer (an empty page) as soon as the server starts closing, so they never hold a shutdown.
  app.addHook('preClose', async () => services.eventFeed.close());

  app.get(
    '/events',
    {
      schema: {
        tags,
        summary: 'Read the events feed in order',
        description:
          'Events in one order per database, oldest first. Resume from the id of the last event you processed (after): the ' +
          'answer never skips an event that committed later than one already read. With wait (at most 30 seconds) the answer ' +
          'comes as soon as a matching event is visible, or is an empty page when the wait ends. An after that names no stored ' +
          'event (never issued, or pruned after EVENT_RETENTION_DAYS, 30 by default) is answered 410 with the problem type ' +
          '/api/v1/problems/event-cursor-gone: read again without after and reconcile with the directory reads. A malformed ' +
          'after, an unknown type or a bad limit or wait is a 400.',
        querystring: EventQuery,
        response: { 200: EventPage, ...problemResponses, 410: Problem },
      },
    },
    async (request, reply) => {
      const { after, organization_id, types, limit, wait } = request.query;
      const gone = new AbortController();
      const onClose = () => gone.abort();
      reply.raw.once('close', onClose);
      try {
        const page = await services.eventFeed.list({
          after,
          orgId: organization_id,
          types: types?.split(',').map((t) => t.trim()),
          limit: limit ?? DEFAULT_PAGE_SIZE,
          waitSeconds: wait,
          signal: gone.signal,
        });
        // The envelope is the shape Event describes; it is typed as plain JSON because webhook bodies share it.
        return { data: page.events.map((e) => eventEnvelope(e) as Static<typeof Event>), next: page.next };
      } finally {
        reply.raw.off('close', onClose);
      }
    },
  );
}
