// POST /Bulk (RFC 7644 section 3.7): its own body limit, the advertised maxPayloadSize, above the app's default.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.js';
import { BULK_MAX_PAYLOAD_BYTES } from '../../scim/messages/bulk.js';
import { changeOf, orgOf, sendJson } from './request-context.js';

export function bulkRoutes(app: FastifyInstance, services: Services): void {
  app.post('/Bulk', { bodyLimit: BULK_MAX_PAYLOAD_BYTES }, async (request, reply) =>
    sendJson(reply, await services.bulk.execute(orgOf(request), request.body, changeOf(request, services.clock))),
  );
}
