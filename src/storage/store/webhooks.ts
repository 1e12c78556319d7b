// Webhook endpoints and their delivery queues, attempts and backlog.
import type { StoredEvent } from './events.js';

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  /** Event types this endpoint receives; null for all. */
  readonly types: readonly string[] | null;
  /** Only this organization's events; null for all. */
  readonly orgId: string | null;
  readonly enabled: boolean;
  readonly secret: string;
  /** During a rotation the previous secret also signs, until `previousSecretUntil`. */
  readonly previousSecret: string | null;
  readonly previousSecretUntil: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type WebhookEndpointChange = Partial<Pick<WebhookEndpoint, 'url' | 'types' | 'enabled' | 'secret' | 'previousSecret' | 'previousSecretUntil'>> & {
  readonly updatedAt: string;
};

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryAttempt {
  readonly at: string;
  /** HTTP status, or null when no answer came (refused, timed out, blocked address). */
  readonly status: number | null;
  readonly durationMs: number;
  /** The first bytes of the answer. */
  readonly responseExcerpt: string | null;
  readonly error: string | null;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly orgId: string;
  readonly eventId: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly createdAt: string;
  readonly nextAttemptAt: string;
  readonly finishedAt: string | null;
}

export interface DeliveryListOptions {
  readonly before?: string | undefined;
  readonly orgId?: string | undefined;
}

export interface ClaimedDelivery extends WebhookDelivery {
  readonly endpoint: WebhookEndpoint;
  /** Undefined when the event was pruned before it could be delivered. */
  readonly event: StoredEvent | undefined;
}

export interface WebhookStore {
  /** Stores the endpoint; it receives only events that become visible in the feed after this call. */
  createEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  endpoint(id: string): Promise<WebhookEndpoint | undefined>;
  endpoints(): Promise<WebhookEndpoint[]>;
  updateEndpoint(id: string, change: WebhookEndpointChange): Promise<WebhookEndpoint | undefined>;
  deleteEndpoint(id: string): Promise<boolean>;
  /** Copies the feed's next events into each enabled endpoint's delivery queue, in feed order; returns how many. */
  enqueue(now: string, batch: number): Promise<number>;
  /**
   * Leases up to `limit` due deliveries, each the oldest pending one of its endpoint and organization, so one failing
   * event holds back only its own endpoint+organization queue. Rows leased by another live worker are skipped, and so
   * are disabled endpoints' queues: they wait, in order, until the endpoint is enabled again. With `run` > 1 it also
   * leases up to run - 1 pending deliveries that follow each head in its queue, returned right after their head, so
   * one lease sends a burst in order.
   */
  claim(owner: string, now: string, leaseUntil: string, limit: number, run?: number): Promise<ClaimedDelivery[]>;
  /** Records several attempts in one transaction; returns how many (rows whose lease `owner` no longer holds are left alone). */
  finishMany(owner: string, results: readonly DeliveryResult[]): Promise<number>;
  /** Gives up leases without an attempt (the rest of a run after a failed send): the deliveries stay pending. */
  release(owner: string, deliveryIds: readonly string[]): Promise<void>;
  /** Records the attempt and the new state, if `owner` still holds the lease; false otherwise. */
  finish(
    deliveryId: string,
    owner: string,
    attempt: DeliveryAttempt,
    next: { readonly status: DeliveryStatus; readonly nextAttemptAt: string },
  ): Promise<boolean>;
  /** Newest first; `before` (a delivery id) pages on, `orgId` keeps one organization's deliveries. */
  deliveries(endpointId: string, limit: number, options?: DeliveryListOptions): Promise<WebhookDelivery[]>;
  delivery(endpointId: string, id: string): Promise<(WebhookDelivery & { readonly attemptLog: DeliveryAttempt[] }) | undefined>;
  attempts(deliveryIds: readonly string[]): Promise<Map<string, DeliveryAttempt[]>>;
  /** Queues the delivery's event again for its endpoint (at the end of its queue); undefined when unknown. */
  redeliver(endpointId: string, deliveryId: string, newId: string, now: string): Promise<WebhookDelivery | undefined>;
  /** Pending deliveries of all endpoints, and when the oldest of them was queued (the backlog metrics). */
  backlog(): Promise<WebhookBacklog>;
}

export interface DeliveryResult {
  readonly deliveryId: string;
  readonly attempt: DeliveryAttempt;
  readonly next: { readonly status: DeliveryStatus; readonly nextAttemptAt: string };
}

export interface WebhookBacklog {
  readonly pending: number;
  readonly oldestCreatedAt: string | null;
}
