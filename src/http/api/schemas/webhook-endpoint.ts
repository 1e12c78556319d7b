// Webhook endpoint and delivery schemas of /api/v1. An endpoint never shows its secret, except in the answers of
// create and rotate-secret (EndpointWithSecret).
import { Type } from 'typebox';
import { DEFAULT_ROTATION_OVERLAP_SECONDS, MAX_ROTATION_OVERLAP_SECONDS, type DeliveryDetail } from '../../../core/events/webhook-endpoint-service.js';
import { MAX_RECEIVER_URL_LENGTH } from '../../../core/events/receiver-address.js';
import { EVENT_TYPES } from '../../../storage/event-drafts.js';
import type { DeliveryAttempt, WebhookDelivery, WebhookEndpoint as StoredEndpoint } from '../../../storage/store.js';
import { PageQuery } from './common.js';

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const Url = Type.String({ minLength: 1, maxLength: MAX_RECEIVER_URL_LENGTH, description: 'An http(s) URL on a public network (see WEBHOOK_ALLOW_PRIVATE_NETWORKS)' });
const Types = Type.Union([Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: EVENT_TYPES.length }), Type.Null()], {
  description: `Event types to receive, from ${EVENT_TYPES.join(', ')}; null or left out for every type`,
});

export const WebhookEndpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  types: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null: every type' }),
  organization_id: Type.Union([Type.String(), Type.Null()], { description: "null: every organization's events" }),
  enabled: Type.Boolean({ description: 'A disabled endpoint receives nothing; events that occur while disabled are not queued for it' }),
  previous_secret_expires_at: Type.Union([Timestamp, Type.Null()], { description: 'During a secret rotation: until when the previous secret also signs' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const WebhookEndpointWithSecret = Type.Object({
  ...WebhookEndpoint.properties,
  secret: Type.String({ description: 'whsec_…: shown only in this answer. Key the HMAC with its UTF-8 bytes exactly as given.' }),
});

export const CreateWebhookEndpoint = Type.Object(
  {
    url: Url,
    types: Type.Optional(Types),
    organization_id: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()], { description: "Only this organization's events; left out for all" })),
  },
  { additionalProperties: false },
);

export const UpdateWebhookEndpoint = Type.Object(
  { url: Type.Optional(Url), types: Type.Optional(Types), enabled: Type.Optional(Type.Boolean({ description: 'false disables the endpoint' })) },
  { additionalProperties: false, minProperties: 1 },
);

export const RotateSecret = Type.Object(
  {
    overlap_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_ROTATION_OVERLAP_SECONDS,
        default: DEFAULT_ROTATION_OVERLAP_SECONDS,
        description: 'How long the previous secret keeps signing beside the new one (both signatures are sent); 0 retires it at once',
      }),
    ),
  },
  { additionalProperties: false },
);

export const EndpointParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'Webhook endpoint id' }) });
export const DeliveryParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: 'Webhook endpoint id' }),
  delivery_id: Type.String({ minLength: 1, maxLength: 100, description: 'Delivery id' }),
});
export const DeliveryQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const Delivery = Type.Object({
  id: Type.String(),
  endpoint_id: Type.String(),
  event_id: Type.String(),
  organization_id: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempt_count: Type.Integer(),
  created_at: Timestamp,
  next_attempt_at: Type.Union([Timestamp, Type.Null()], { description: 'When a pending delivery is tried next; null once finished' }),
  finished_at: NullableTimestamp,
});

export const Attempt = Type.Object({
  at: Timestamp,
  status: Type.Union([Type.Integer(), Type.Null()], { description: 'The HTTP status; null when no answer came' }),
  duration_ms: Type.Integer(),
  response_excerpt: Type.Union([Type.String(), Type.Null()], { description: 'The first bytes of the answer' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why no answer came (refused, timed out, private address)' }),
});

export const DeliveryWithAttempts = Type.Object({ ...Delivery.properties, attempts: Type.Array(Attempt, { description: 'Every attempt, oldest first' }) });

export function endpointJson(endpoint: StoredEndpoint, now: Date) {
  const overlapping = endpoint.previousSecret !== null && endpoint.previousSecretUntil !== null && Date.parse(endpoint.previousSecretUntil) > now.getTime();
  return {
    id: endpoint.id,
    url: endpoint.url,
    types: endpoint.types && [...endpoint.types],
    organization_id: endpoint.orgId,
    enabled: endpoint.enabled,
    previous_secret_expires_at: overlapping ? endpoint.previousSecretUntil : null,
    created_at: endpoint.createdAt,
    updated_at: endpoint.updatedAt,
  };
}

export const deliveryJson = (d: WebhookDelivery) => ({
  id: d.id,
  endpoint_id: d.endpointId,
  event_id: d.eventId,
  organization_id: d.orgId,
  status: d.status,
  attempt_count: d.attempts,
  created_at: d.createdAt,
  next_attempt_at: d.status === 'pending' ? d.nextAttemptAt : null,
  finished_at: d.finishedAt,
});

const attemptJson = (a: DeliveryAttempt) => ({ at: a.at, status: a.status, duration_ms: a.durationMs, response_excerpt: a.responseExcerpt, error: a.error });

export const deliveryDetailJson = (d: DeliveryDetail) => ({ ...deliveryJson(d), attempts: d.attemptLog.map(attemptJson) });
