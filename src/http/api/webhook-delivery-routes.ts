// /api/v1/webhook-endpoints/{id}/deliveries: what was sent to an endpoint, each attempt's log, and redelivery.
import { decodeCursor, encodeCursor, pageOf } from '../../core/directory/page-cursor.js';
import type { Services } from '../../core/services.js';
import type { ApiApp } from './api-app.js';
import { DEFAULT_PAGE_SIZE, Page, problemResponses } from './schemas/common.js';
import { Delivery, DeliveryParams, DeliveryQuery, deliveryDetailJson, deliveryJson, DeliveryWithAttempts, EndpointParams } from './schemas/webhook-endpoint.js';

const tags = ['Webhooks'];

export function webhookDeliveryRoutes(app: ApiApp, services: Services): void {
  app.get(
    '/webhook-endpoints/:id/deliveries',
    {
      schema: {
        tags,
        summary: "List an endpoint's deliveries, newest first",
        description: 'One delivery per event queued for the endpoint (and one more per redelivery); status pending, delivered or failed.',
        params: EndpointParams,
        querystring: DeliveryQuery,
        response: { 200: Page(Delivery), ...problemResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? DEFAULT_PAGE_SIZE;
      const after = request.query.after;
      const before = after === undefined ? undefined : String(decodeCursor('delivery', after, ['string'])[0]);
      const rows = await services.webhookEndpoints.deliveries(request.params.id, { before, limit: limit + 1 });
      const page = pageOf(rows, limit, (last) => encodeCursor('delivery', [last.id]));
      return { data: page.data.map(deliveryJson), next: page.next };
    },
  );

  app.get(
    '/webhook-endpoints/:id/deliveries/:delivery_id',
    {
      schema: {
        tags,
        summary: 'Read a delivery with the log of its attempts',
        description: 'Each attempt records when it was made, the HTTP status (null when no answer came), how long it took, the first bytes of the answer and the error.',
        params: DeliveryParams,
        response: { 200: DeliveryWithAttempts, ...problemResponses },
      },
    },
    async (request) => deliveryDetailJson(await services.webhookEndpoints.delivery(request.params.id, request.params.delivery_id)),
  );

  app.post(
    '/webhook-endpoints/:id/deliveries/:delivery_id/redeliver',
    {
      schema: {
        tags,
        summary: 'Send a delivery again',
        description: "Queues the delivery's event again as a new delivery, at the end of the endpoint's queue for that organization; any past delivery may be redelivered.",
        params: DeliveryParams,
        response: { 202: Delivery, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(202).send(deliveryJson(await services.webhookEndpoints.redeliver(request.params.id, request.params.delivery_id))),
  );
}
