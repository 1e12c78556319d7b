// Rows of the webhook tables as both engines return them, and their mapping to records (flags 0/1 or boolean).
import type { JsonObject } from '../scim/messages/resource.js';
import type { DeliveryAttempt, DeliveryStatus, StoredEvent, WebhookDelivery, WebhookEndpoint } from './store.js';

export interface EndpointRow {
  id: string;
  url: string;
  types: string | string[] | null;
  org_id: string | null;
  enabled: boolean | number;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: string | null;
  created_at: string;
  updated_at: string;
}

export const ENDPOINT_COLUMNS = 'id, url, types, org_id, enabled, secret, previous_secret, previous_secret_until, created_at, updated_at';

export const toEndpoint = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  types: typeof row.types === 'string' ? (JSON.parse(row.types) as string[]) : row.types,
  orgId: row.org_id,
  enabled: row.enabled === true || row.enabled === 1,
  secret: row.secret,
  previousSecret: row.previous_secret,
  previousSecretUntil: row.previous_secret_until,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface DeliveryRow {
  seq: number | string;
  id: string;
  endpoint_id: string;
  org_id: string;
  event_id: string;
  status: DeliveryStatus;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  finished_at: string | null;
}

export const DELIVERY_COLUMNS = 'seq, id, endpoint_id, org_id, event_id, status, attempts, created_at, next_attempt_at, finished_at';

export const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  endpointId: row.endpoint_id,
  orgId: row.org_id,
  eventId: row.event_id,
  status: row.status,
  attempts: row.attempts,
  createdAt: row.created_at,
  nextAttemptAt: row.next_attempt_at,
  finishedAt: row.finished_at,
});

/**
 * `queue_heads(seq, endpoint_id, org_id)`: the oldest pending delivery of every endpoint+organization queue, found by
 * skipping from one queue to the next along the partial index (endpoint_id, org_id, seq) WHERE status = 'pending':
 * one index probe per queue, however long the queues are (a bulk import's backlog does not slow each claim down).
 * For `WITH RECURSIVE`, on both engines.
 */
export const QUEUE_HEADS = `queue_heads(seq, endpoint_id, org_id) AS (
    SELECT seq, endpoint_id, org_id FROM webhook_deliveries
    WHERE seq = (SELECT f.seq FROM webhook_deliveries f WHERE f.status = 'pending' ORDER BY f.endpoint_id, f.org_id, f.seq LIMIT 1)
  UNION ALL
    SELECT x.seq, x.endpoint_id, x.org_id FROM queue_heads h JOIN webhook_deliveries x ON x.seq = (
      SELECT n.seq FROM webhook_deliveries n WHERE n.status = 'pending' AND (n.endpoint_id, n.org_id) > (h.endpoint_id, h.org_id)
      ORDER BY n.endpoint_id, n.org_id, n.seq LIMIT 1)
  )`;

export interface AttemptRow {
  delivery_id: string;
  at: string;
  status: number | null;
  duration_ms: number;
  response_excerpt: string | null;
  error: string | null;
}

export const toAttempt = (row: AttemptRow): DeliveryAttempt => ({
  at: row.at,
  status: row.status,
  durationMs: row.duration_ms,
  responseExcerpt: row.response_excerpt,
  error: row.error,
});

export interface EventBodyRow {
  id: string;
  org_id: string;
  org_external_id: string | null;
  type: string;
  occurred_at: string;
  data: string | JsonObject;
  changed: string | string[];
}

export const toStoredEvent = (row: EventBodyRow): StoredEvent => ({
  id: row.id,
  orgId: row.org_id,
  orgExternalId: row.org_external_id,
  type: row.type,
  occurredAt: row.occurred_at,
  data: typeof row.data === 'string' ? (JSON.parse(row.data) as JsonObject) : row.data,
  changed: typeof row.changed === 'string' ? (JSON.parse(row.changed) as string[]) : row.changed,
});

/** Whether an endpoint wants an event (its organization and type filters). */
export const endpointWants = (endpoint: { orgId: string | null; types: readonly string[] | null }, event: { orgId: string; type: string }): boolean =>
  (endpoint.orgId === null || endpoint.orgId === event.orgId) && (endpoint.types === null || endpoint.types.includes(event.type));
