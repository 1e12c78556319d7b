// POST /Bulk (RFC 7644 section 3.7): its own body limit, the advertised maxPayloadSize, above the app's default.
import type { FastifyInstance } from 'fastify';
import type { BulkOutcome } from '../../core/scim/bulk-service.js';
import type { Services } from '../../core/services.js';
import { BULK_MAX_PAYLOAD_BYTES } from '../../scim/messages/bulk.js';
import { changeOf, orgOf, sendJson } from './request-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    scimBulkOutcomes?: readonly BulkOutcome[];
  }
}

export function bulkRoutes(app: FastifyInstance, services: Services): void {
  app.post('/Bulk', { bodyLimit: BULK_MAX_PAYLOAD_BYTES }, async (request, reply) => {
    const { response, outcomes } = await services.bulk.executeEach(orgOf(request), request.body, changeOf(request, services.clock));
    // The activity log records each operation on its own (record-activity.ts).
    request.scimBulkOutcomes = outcomes;
    return sendJson(reply, response);
  });
}
