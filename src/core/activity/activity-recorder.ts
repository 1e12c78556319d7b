// Records what each SCIM request did for the provisioning activity log and connection health, off the request path:
// the HTTP layer hands over a few facts synchronously; words, names and the database come later, in batches.
// Losing a buffered entry in a crash loses log lines only: every acknowledged SCIM write also has its change row,
// written in the write's own transaction (scim_changes).
import type { Clock } from '../clock.js';
import type { BulkOutcome } from '../scim/bulk-service.js';
import type { NewActivity, RequestHour, Store } from '../../storage/store.js';
import { parseToken } from '../tokens/token-format.js';
import { recogniseClient, type IdpClient } from '../../scim/activity/idp-client.js';
import { changeOf, describeActivity, type ActivityResource } from '../../scim/activity/describe-activity.js';
import { redactBody } from '../../scim/activity/redact-body.js';
import { quirksApplied } from '../../scim/patch/idp-quirks.js';
import { parsePatchMessage } from '../../scim/patch/patch-request.js';
import { groupResourceType, userResourceType } from '../../scim/schema/resource-types.js';

/** What the HTTP layer knows when a SCIM response has been sent. */
export interface ObservedRequest {
  readonly at: Date;
  /** The authenticated organization, when the token was accepted. */
  readonly orgId: string | undefined;
  /** A refused token: the org it belonged to when known, else the raw token to read its credential id from. */
  readonly refused?: { readonly orgId: string | undefined; readonly token: string | undefined; readonly retired: boolean };
  readonly method: string;
  /** Path under /scim/v2 without the query. */
  readonly path: string;
  readonly userAgent: string | undefined;
  readonly body: unknown;
  readonly status: number;
  readonly scimType: string | undefined;
  readonly detail: string | undefined;
  /** The Location header of a 201: names the created resource. */
  readonly location: string | undefined;
  /** The written resource's userName or displayName as the response gave it (absent for 204s and errors). */
  readonly target?: string | undefined;
  /** A Bulk request's operations as they ran: each is recorded as its own write. */
  readonly bulk?: readonly BulkOutcome[];
}

export interface RecorderOptions {
  /** false: nothing is recorded (the benchmark's comparison run). */
  readonly enabled: boolean;
  readonly retentionDays: number;
  /** How long entries wait in memory before a batch is written. */
  readonly flushDelayMs?: number;
  readonly maxBuffered?: number;
  /** Where a failed flush is reported (the app's logger). */
  readonly onError?: (error: unknown) => void;
}

const READ_METHODS = new Set(['GET', 'HEAD']);
const SEARCH = /\/\.search$/;
const RESOURCE = /^\/(Users|Groups)(?:\/([^/?]+))?$/;
const HOUR_MS = 3_600_000;

type HourCounts = Map<string, { orgId: string; hour: string; client: IdpClient; requests: number; errors: number; retired: number; last: number; lastOk: number | null }>;

/** Each operation of an answered Bulk request, as if it had been sent on its own (path relative to /scim/v2). */
function operationsOf(request: ObservedRequest, outcomes: readonly BulkOutcome[]): ObservedRequest[] {
  return outcomes.map(({ operation, result }) => {
    const error = result.response as { scimType?: unknown; detail?: unknown } | undefined;
    const { bulk: _bulk, ...single } = request;
    return {
      ...single,
      method: operation.method,
      path: operation.path,
      body: operation.data ?? null,
      status: result.status,
      scimType: typeof error?.scimType === 'string' ? error.scimType : undefined,
      detail: typeof error?.detail === 'string' ? error.detail : undefined,
      location: result.location,
    };
  });
}

export const hourOf = (at: Date): string => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS).toISOString();

export class ActivityRecorder {
  private pending: ObservedRequest[] = [];
  private hours: HourCounts = new Map();
  /** Refused requests whose org is read from the token's credential id at flush time. */
  private unattributed: ObservedRequest[] = [];
  private readonly clients = new Map<string, IdpClient>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private pruneTimer: NodeJS.Timeout | undefined;

  private onError: (error: unknown) => void;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly options: RecorderOptions,
  ) {
    this.onError = options.onError ?? (() => {});
  }

  /** The app's logger reports failed batches (the recorder is built before the app). */
  reportErrorsTo(onError: (error: unknown) => void): void {
    this.onError = onError;
  }

  /** Called once per SCIM response; cheap and synchronous. */
  observe(request: ObservedRequest): void {
    if (!this.options.enabled) return;
    const orgId = request.orgId ?? request.refused?.orgId;
    if (orgId === undefined) {
      if (request.refused?.token !== undefined) this.queue(this.unattributed, request);
      return;
    }
    this.count(this.hours, orgId, request);
    this.schedule();
    const isRead = READ_METHODS.has(request.method) || SEARCH.test(request.path);
    if (request.bulk && request.status < 400) {
      for (const operation of operationsOf(request, request.bulk)) this.queue(this.pending, operation);
    } else if (request.status >= 400 || !isRead) this.queue(this.pending, request);
  }

  private count(hours: HourCounts, orgId: string, request: ObservedRequest): void {
    const client = this.clientOf(request);
    // Epoch hours in the key and epoch milliseconds for the instants: no date formatting per request.
    const ms = request.at.getTime();
    const hourNumber = Math.floor(ms / HOUR_MS);
    const key = `${orgId}|${hourNumber}|${client}`;
    let entry = hours.get(key);
    if (!entry) {
      entry = { orgId, hour: new Date(hourNumber * HOUR_MS).toISOString(), client, requests: 0, errors: 0, retired: 0, last: 0, lastOk: null };
      hours.set(key, entry);
    }
    const at = ms;
    entry.requests += 1;
    if (at > entry.last) entry.last = at;
    if (request.status >= 400) entry.errors += 1;
    else if (entry.lastOk === null || at > entry.lastOk) entry.lastOk = at;
    if (request.refused?.retired) entry.retired += 1;
  }

  private clientOf(request: ObservedRequest): IdpClient {
    const agent = request.userAgent ?? '';
    let client = this.clients.get(agent);
    if (client === undefined) {
      // Cached by agent alone (bounded: agents are few); Entra is also recognised by its PATCH shape, below.
      client = recogniseClient(agent);
      if (this.clients.size < 1000) this.clients.set(agent, client);
    }
    if (client === 'other' && request.method === 'PATCH') return recogniseClient(agent, request.body);
    return client;
  }

  private queue(list: ObservedRequest[], request: ObservedRequest): void {
    list.push(request);
    if (this.pending.length + this.unattributed.length >= (this.options.maxBuffered ?? 500)) void this.flush();
    else this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.flushDelayMs ?? 500);
    this.timer.unref();
  }

  /** Writes everything observed so far; pages call it first so an admin always sees up to their own click. */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.writeBatch());
    this.flushing = run.catch((error: unknown) => this.onError(error));
    return this.flushing;
  }

  private async writeBatch(): Promise<void> {
    const pending = this.pending;
    const unattributed = this.unattributed;
    const hours = this.hours;
    this.pending = [];
    this.unattributed = [];
    this.hours = new Map();
    for (const request of unattributed) {
      const parsed = request.refused?.token === undefined ? undefined : parseToken(request.refused.token);
      const record = parsed && (await this.store.tokens.byId(parsed.credentialId));
      if (!record) continue;
      this.count(hours, record.orgId, request);
      pending.push({ ...request, orgId: record.orgId });
    }
    const entries: NewActivity[] = [];
    // One lookup per resource per batch: an IdP filling a group sends many PATCHes to the same id.
    const names = new Map<string, Promise<string | null>>();
    for (const request of pending) entries.push(await this.entryFor(request, names));
    await this.store.activity.append(entries);
    const flat: RequestHour[] = [...hours.values()].map((h) => ({
      orgId: h.orgId,
      hour: h.hour,
      client: h.client,
      requests: h.requests,
      errors: h.errors,
      retiredToken: h.retired,
      lastRequestAt: new Date(h.last).toISOString(),
      lastSuccessAt: h.lastOk === null ? null : new Date(h.lastOk).toISOString(),
    }));
    await this.store.activity.addHours(flat);
  }

  private async entryFor(request: ObservedRequest, names: Map<string, Promise<string | null>>): Promise<NewActivity> {
    const orgId = (request.orgId ?? request.refused?.orgId)!;
    const client = this.clientOf(request);
    const match = RESOURCE.exec(request.path);
    const resourceType = (match?.[1] === 'Users' ? 'User' : match?.[1] === 'Groups' ? 'Group' : null) as ActivityResource | null;
    const resourceId = match?.[2] ?? (request.location ? decodeURIComponent(request.location.split('/').pop() ?? '') : undefined) ?? null;
    const key = `${orgId}|${resourceType}|${resourceId}`;
    const named = this.namedIn(resourceType, request.body) ?? request.target ?? null;
    let target = named;
    if (target !== null) {
      // A later entry of this batch about the same resource (a DELETE above all, whose row is gone) names it so;
      // a failed write's body names what it tried, not what the resource is called.
      if (request.status < 400) names.set(key, Promise.resolve(target));
    } else if (request.method !== 'DELETE') {
      if (!names.has(key)) names.set(key, this.targetOf(orgId, resourceType, resourceId));
      target = await names.get(key)!;
    } else {
      target = (await names.get(key)) ?? (await this.targetOf(orgId, resourceType, resourceId));
    }
    const facts = { client, method: request.method, resourceType, target, status: request.status, detail: request.detail ?? null, body: request.body };
    const summary = describeActivity(facts);
    const change = changeOf(facts);
    return {
      orgId,
      at: request.at.toISOString(),
      client,
      userAgent: request.userAgent ?? null,
      method: request.method,
      path: request.path,
      resourceType,
      resourceId,
      target,
      summary,
      outcome: request.status >= 400 ? 'failure' : 'success',
      status: request.status,
      scimType: request.scimType ?? null,
      detail: request.detail ?? null,
      quirk: this.quirkOf(request, resourceType, resourceId),
      request: redactBody(request.body),
      change: change ? JSON.stringify(change) : null,
    };
  }

  /** The userName / displayName the request body itself names. */
  private namedIn(type: ActivityResource | null, body: unknown): string | null {
    const named = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[type === 'Group' ? 'displayName' : 'userName'] : undefined;
    return typeof named === 'string' && named !== '' ? named : null;
  }

  /** The stored userName / displayName, else the last one recorded (a deleted resource), else the id. */
  private async targetOf(orgId: string, type: ActivityResource | null, id: string | null): Promise<string | null> {
    if (!type || !id) return null;
    const stored = type === 'User' ? await this.store.users.get(orgId, id) : await this.store.groups.get(orgId, id, false);
    const name = stored?.doc[type === 'User' ? 'userName' : 'displayName'];
    if (typeof name === 'string') return name;
    return (await this.store.activity.lastTarget(orgId, id)) ?? id;
  }

  private quirkOf(request: ObservedRequest, type: ActivityResource | null, id: string | null): string | null {
    if (request.method !== 'PATCH' || !type || !id) return null;
    try {
      const applied = quirksApplied(parsePatchMessage(request.body), type === 'User' ? userResourceType : groupResourceType, { resourceId: id });
      return applied.length > 0 ? applied.join(', ') : null;
    } catch {
      return null;
    }
  }

  /** Deletes entries older than the retention; the server calls it at start and every hour. */
  prune(): Promise<number> {
    const before = new Date(this.clock().getTime() - this.options.retentionDays * 24 * HOUR_MS).toISOString();
    return this.store.activity.prune(before);
  }

  startPruning(): void {
    const run = () => void this.prune().catch((error: unknown) => this.onError(error));
    run();
    this.pruneTimer = setInterval(run, HOUR_MS);
    this.pruneTimer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.flush();
  }
}
