// Webhook endpoints as the product team's API manages them (design.md section 9): each with its own secret, shown only
// by create and rotate; receivers checked against private networks; deliveries listed, inspected and redelivered.
// Sending is the delivery worker's job; this service only changes what it reads.
import { randomBytes, randomUUID } from 'node:crypto';
import type { DeliveryAttempt, Store, WebhookDelivery, WebhookEndpoint } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import { Problem } from '../problem.js';
import { checkEventTypes } from './event-feed-service.js';
import { assertReceiverAllowed, parseReceiverUrl, ReceiverUrlError, type ResolveAll } from './receiver-address.js';

export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;
export const MAX_ROTATION_OVERLAP_SECONDS = 7 * 24 * 3600;

export interface NewEndpoint {
  readonly url: string;
  /** Omitted or null: every type. */
  readonly types?: readonly string[] | null | undefined;
  /** Omitted or null: every organization's events. */
  readonly orgId?: string | null | undefined;
}

export interface EndpointChanges {
  readonly url?: string | undefined;
  readonly types?: readonly string[] | null | undefined;
  readonly enabled?: boolean | undefined;
}

export interface EndpointWithSecret {
  readonly endpoint: WebhookEndpoint;
  /** The signing secret, exactly as the receiver must key its HMAC with (its UTF-8 bytes). */
  readonly secret: string;
}

export type DeliveryDetail = WebhookDelivery & { readonly attemptLog: DeliveryAttempt[] };

/** What the console shows of an endpoint for one organization: no secret, counts over its recent deliveries. */
export interface EndpointOverview {
  readonly endpoint: Omit<WebhookEndpoint, 'secret' | 'previousSecret'>;
  /** Among the organization's most recent deliveries to this endpoint (RECENT_DELIVERIES). */
  readonly pending: number;
  readonly failed: number;
  readonly lastAttempt: DeliveryAttempt | null;
}

export const RECENT_DELIVERIES = 50;

/** `whsec_` and 32 random bytes, base64url: 256 bits the receiver uses as is. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
const newEndpointId = (): string => `we_${randomUUID().replaceAll('-', '')}`;
const newDeliveryId = (): string => `whd_${randomUUID().replaceAll('-', '')}`;

function receiverProblem(error: ReceiverUrlError): Problem {
  if (error.problem === 'invalid-url') return Problem.invalid(`url: ${error.message}`);
  const type = error.problem === 'private-network' ? 'receiver-not-allowed' : 'receiver-unresolvable';
  return new Problem(422, type, 'The webhook receiver cannot be used', error.message);
}

export class WebhookEndpointService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly allowPrivateNetworks: boolean,
    private readonly resolveAll?: ResolveAll,
  ) {}

  private async checkUrl(raw: string): Promise<string> {
    try {
      await assertReceiverAllowed(parseReceiverUrl(raw), this.allowPrivateNetworks, ...(this.resolveAll ? [this.resolveAll] : []));
      return raw;
    } catch (error) {
      if (error instanceof ReceiverUrlError) throw receiverProblem(error);
      throw error;
    }
  }

  private checkTypes(types: readonly string[] | null | undefined): string[] | null {
    if (types === undefined || types === null) return null;
    if (types.length === 0) throw Problem.invalid('types: give at least one event type, or leave types out (or null) for every type');
    return checkEventTypes(types, 'types');
  }

  async create(input: NewEndpoint): Promise<EndpointWithSecret> {
    const url = await this.checkUrl(input.url);
    const types = this.checkTypes(input.types);
    const orgId = input.orgId ?? null;
    if (orgId !== null && !(await this.store.productOrgs.byId(orgId))) throw Problem.invalid(`organization_id: no organization with id "${orgId}"`);
    const now = this.clock().toISOString();
    const secret = newWebhookSecret();
    const endpoint: WebhookEndpoint = { id: newEndpointId(), url, types, orgId, enabled: true, secret, previousSecret: null, previousSecretUntil: null, createdAt: now, updatedAt: now };
    await this.store.webhooks.createEndpoint(endpoint);
    return { endpoint, secret };
  }

  list(): Promise<WebhookEndpoint[]> {
    return this.store.webhooks.endpoints();
  }

  async get(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.store.webhooks.endpoint(id);
    if (!endpoint) throw Problem.notFound(`No webhook endpoint with id "${id}"`);
    return endpoint;
  }

  async update(id: string, changes: EndpointChanges): Promise<WebhookEndpoint> {
    await this.get(id);
    const url = changes.url === undefined ? undefined : await this.checkUrl(changes.url);
    const types = changes.types === undefined ? undefined : this.checkTypes(changes.types);
    const updated = await this.store.webhooks.updateEndpoint(id, {
      updatedAt: this.clock().toISOString(),
      ...(url !== undefined ? { url } : {}),
      ...(types !== undefined ? { types } : {}),
      ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
    });
    if (!updated) throw Problem.notFound(`No webhook endpoint with id "${id}"`);
    return updated;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.webhooks.deleteEndpoint(id))) throw Problem.notFound(`No webhook endpoint with id "${id}"`);
  }

  /**
   * A new secret; the current one keeps signing beside it for `overlapSeconds` (each delivery then carries one `v1`
   * per live secret), so the receiver can switch without losing a delivery. A previous rotation's secret is dropped.
   */
  async rotateSecret(id: string, overlapSeconds = DEFAULT_ROTATION_OVERLAP_SECONDS): Promise<EndpointWithSecret> {
    if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_ROTATION_OVERLAP_SECONDS) {
      throw Problem.invalid(`overlap_seconds must be a whole number from 0 to ${MAX_ROTATION_OVERLAP_SECONDS}`);
    }
    const current = await this.get(id);
    const now = this.clock();
    const secret = newWebhookSecret();
    const overlap = overlapSeconds > 0;
    const updated = await this.store.webhooks.updateEndpoint(id, {
      updatedAt: now.toISOString(),
      secret,
      previousSecret: overlap ? current.secret : null,
      previousSecretUntil: overlap ? new Date(now.getTime() + overlapSeconds * 1000).toISOString() : null,
    });
    if (!updated) throw Problem.notFound(`No webhook endpoint with id "${id}"`);
    return { endpoint: updated, secret };
  }

  /** Newest first; `before` is the last delivery id of the previous page. */
  async deliveries(id: string, page: { before?: string | undefined; limit: number; orgId?: string | undefined }): Promise<WebhookDelivery[]> {
    await this.get(id);
    return this.store.webhooks.deliveries(id, page.limit, { before: page.before, orgId: page.orgId });
  }

  async delivery(id: string, deliveryId: string): Promise<DeliveryDetail> {
    await this.get(id);
    const found = await this.store.webhooks.delivery(id, deliveryId);
    if (!found) throw Problem.notFound(`No delivery with id "${deliveryId}" for webhook endpoint "${id}"`);
    return found;
  }

  /** Queues the delivery's event again, at the end of its endpoint+organization queue. */
  async redeliver(id: string, deliveryId: string): Promise<WebhookDelivery> {
    await this.get(id);
    const queued = await this.store.webhooks.redeliver(id, deliveryId, newDeliveryId(), this.clock().toISOString());
    if (!queued) throw Problem.notFound(`No delivery with id "${deliveryId}" for webhook endpoint "${id}"`);
    return queued;
  }

  /**
   * Endpoints that receive this organization's events (its own and the all-organization ones) with the state of this
   * organization's recent deliveries only: another customer's traffic is never counted or shown.
   */
  async overviewFor(orgId: string): Promise<EndpointOverview[]> {
    const endpoints = (await this.store.webhooks.endpoints()).filter((e) => e.orgId === null || e.orgId === orgId);
    return Promise.all(
      endpoints.map(async ({ secret: _secret, previousSecret: _previous, ...endpoint }) => {
        const recent = await this.store.webhooks.deliveries(endpoint.id, RECENT_DELIVERIES, { orgId });
        const tried = recent.find((d) => d.attempts > 0);
        const log = tried ? (await this.store.webhooks.attempts([tried.id])).get(tried.id) : undefined;
        return {
          endpoint,
          pending: recent.filter((d) => d.status === 'pending').length,
          failed: recent.filter((d) => d.status === 'failed').length,
          lastAttempt: log?.at(-1) ?? null,
        };
      }),
    );
  }
}
