// /api/v1/webhook-endpoints: create (the secret shown once), list, read, change, disable, delete, rotate the secret.
import type { Services } from '../../core/services.js';
import type { ApiApp } from './api-app.js';
import { Page, Problem, problemResponses } from './schemas/common.js';
import {
  CreateWebhookEndpoint,
  EndpointParams,
  endpointJson,
  RotateSecret,
  UpdateWebhookEndpoint,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from './schemas/webhook-endpoint.js';

const tags = ['Webhooks'];
const RECEIVER_RULES =
  'The url must be http(s) without credentials; a host that is or resolves to a loopback, private or link-local address is ' +
  'refused with 422 (problem type receiver-not-allowed) unless the server runs with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true; ' +
  'a host that does not resolve is a 422 receiver-unresolvable.';

export function webhookEndpointRoutes(app: ApiApp, services: Services): void {
  const json = (endpoint: Parameters<typeof endpointJson>[0]) => endpointJson(endpoint, services.clock());

  app.post(
    '/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'Create a webhook endpoint',
        description:
          'The answer carries the signing secret, shown this once. The endpoint receives the events that occur after it was ' +
          `created (older ones are in the feed). ${RECEIVER_RULES}`,
        body: CreateWebhookEndpoint,
        response: { 201: WebhookEndpointWithSecret, 400: Problem, 401: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const { url, types, organization_id } = request.body;
      const { endpoint, secret } = await services.webhookEndpoints.create({ url, types, orgId: organization_id });
      return reply.code(201).header('Location', `/api/v1/webhook-endpoints/${endpoint.id}`).send({ ...json(endpoint), secret });
    },
  );

  app.get(
    '/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'List webhook endpoints',
        description: 'Every endpoint, oldest first, without secrets, in one page (next is always null).',
        response: { 200: Page(WebhookEndpoint), 401: Problem },
      },
    },
    async () => ({ data: (await services.webhookEndpoints.list()).map(json), next: null }),
  );

  app.get(
    '/webhook-endpoints/:id',
    { schema: { tags, summary: 'Read a webhook endpoint (without its secret)', params: EndpointParams, response: { 200: WebhookEndpoint, ...problemResponses } } },
    async (request) => json(await services.webhookEndpoints.get(request.params.id)),
  );

  app.patch(
    '/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Change the url or types of a webhook endpoint, or disable (enable) it',
        description: `organization_id cannot change: create another endpoint. ${RECEIVER_RULES}`,
        params: EndpointParams,
        body: UpdateWebhookEndpoint,
        response: { 200: WebhookEndpoint, ...problemResponses, 422: Problem },
      },
    },
    async (request) => {
      const { url, types, enabled } = request.body;
      return json(await services.webhookEndpoints.update(request.params.id, { url, types, enabled }));
    },
  );

  app.delete(
    '/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Delete a webhook endpoint with its pending deliveries and their log',
        params: EndpointParams,
        response: { 204: { type: 'null', description: 'Deleted' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.webhookEndpoints.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhook-endpoints/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: 'Rotate the signing secret',
        description:
          'Answers the new secret, shown this once. For overlap_seconds (24 hours unless given, at most 7 days) the previous ' +
          'secret keeps signing too: each delivery carries one v1 signature per live secret, so the receiver can switch ' +
          'without missing one. A rotation during an overlap retires the oldest secret at once.',
        params: EndpointParams,
        body: RotateSecret,
        response: { 200: WebhookEndpointWithSecret, ...problemResponses },
      },
      // The body is optional: a bare POST rotates with the default overlap.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const { endpoint, secret } = await services.webhookEndpoints.rotateSecret(request.params.id, request.body.overlap_seconds);
      return { ...json(endpoint), secret };
    },
  );
}
