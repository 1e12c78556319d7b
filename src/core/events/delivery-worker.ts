// Sends webhooks: copies new feed events into each endpoint's queue, leases queue heads (one per endpoint and
// organization, so order holds), posts them concurrently, and records each attempt. Leases are short, so the
// deliveries of an instance that died are picked up by another (or a restart) within 30 s.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { ClaimedDelivery, DeliveryAttempt, DeliveryResult, Store } from '../../storage/store.js';
import { VERSION } from '../../version.js';
import { eventEnvelope } from './event-envelope.js';
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAt, type RetrySchedule } from './retry-schedule.js';
import { postWebhook, ReceiverAgents } from './webhook-request.js';
import { liveSecrets, signatureHeader } from './webhook-signature.js';

export interface DeliveryWorkerOptions {
  readonly allowPrivateNetworks: boolean;
  /** Identifies this worker's leases; unique per process by default. */
  readonly owner?: string;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** The whole exchange with a receiver (default 10 s); a slower answer is a failed attempt. */
  readonly timeoutMs?: number;
  /**
   * How long a lease lasts (default 20 s): longer than a send (10 s) and its recording, short enough that a dead
   * instance's deliveries resume on another instance (or a restart) within 30 s, one poll included.
   */
  readonly leaseMs?: number;
  /** How often an idle worker looks for new events (default 1 s). */
  readonly pollIntervalMs?: number;
  /** Queues sent to at once (default 32). */
  readonly concurrency?: number;
  /**
   * Deliveries of one queue leased together and sent one after another (default 50): a burst of one organization
   * costs two transactions per run rather than per event. A crash can send a run's delivered events again.
   */
  readonly runLength?: number;
  /** Events copied into the queues per enqueue call (default 500). */
  readonly enqueueBatch?: number;
  readonly schedule?: RetrySchedule;
  /** How long stop() waits for in-flight sends before abandoning them to their leases (default 5 s). */
  readonly stopTimeoutMs?: number;
  readonly onError?: (error: unknown) => void;
  /** A PEM certificate authority trusted for https receivers beside the system's (tests). */
  readonly trustedCa?: string;
}

const LOOP_ERROR_REPORT_MS = 60_000;
/**
 * Writes wake the worker; under a stream of writes a round that found nothing to send waits this long before the
 * next, so wake-ups coalesce instead of costing two transactions per SCIM write.
 */
const MIN_WOKEN_ROUND_MS = 25;

export const PRUNED_EVENT_ERROR = 'The event was deleted by the retention limit (EVENT_RETENTION_DAYS) before it could be delivered.';

export class DeliveryWorker {
  readonly owner: string;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly runLength: number;
  private readonly enqueueBatch: number;
  private readonly schedule: RetrySchedule;
  private readonly stopTimeoutMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly agents: ReceiverAgents;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private running = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private lastLoopErrorAt = -Infinity;
  /** New events may be in the feed: copy them into the queues before the next claim. */
  private enqueueDue = true;
  /** Whether any endpoint is enabled, re-read at most once per poll interval: without one there is nothing to do. */
  private anyEndpoint = true;
  private endpointsReadAt = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly options: DeliveryWorkerOptions,
  ) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.leaseMs = options.leaseMs ?? 20_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.concurrency = options.concurrency ?? 32;
    this.runLength = options.runLength ?? 50;
    this.enqueueBatch = options.enqueueBatch ?? 500;
    this.schedule = options.schedule ?? DEFAULT_RETRY_SCHEDULE;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
    this.onError = options.onError ?? (() => {});
    this.agents = new ReceiverAgents(options.trustedCa);
  }

  start(): void {
    if (this.running) return;
    if (this.abort.signal.aborted) throw new Error('A stopped DeliveryWorker cannot start again: create a new one.');
    this.running = true;
    this.loop = this.run();
  }

  /** Looks for work now instead of at the next poll (this process just committed an event, or a send finished). */
  wake(): void {
    this.enqueueDue = true;
    this.claimNow();
  }

  private claimNow(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming, waits (bounded) for sends in flight to be recorded, then aborts the rest: their leases expire. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.stopTimeoutMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), bound]);
    clearTimeout(timer);
    this.abort.abort();
    this.agents.destroy();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let claimedAny = false;
      const roundStarted = Date.now();
      try {
        const now = this.clock();
        if (roundStarted - this.endpointsReadAt >= this.pollIntervalMs) {
          this.endpointsReadAt = roundStarted;
          this.anyEndpoint = (await this.store.webhooks.endpoints()).some((e) => e.enabled);
        }
        // Only when new events may have committed (a poll, a local write, a full batch last time), not after each send.
        if (this.enqueueDue && this.anyEndpoint) {
          this.enqueueDue = false;
          const queued = await this.store.webhooks.enqueue(now.toISOString(), this.enqueueBatch);
          if (queued >= this.enqueueBatch) this.enqueueDue = true;
        }
        const room = this.concurrency - this.inFlight.size;
        if (room > 0 && this.running && this.anyEndpoint) {
          const leaseUntil = now.getTime() + this.leaseMs;
          const claimed = await this.store.webhooks.claim(this.owner, now.toISOString(), new Date(leaseUntil).toISOString(), room, this.runLength);
          for (const run of runsOf(claimed)) this.track(this.deliverRun(run, leaseUntil));
          claimedAny = claimed.length > 0;
        }
      } catch (error) {
        // While the database is down every poll fails the same way: one report a minute is enough.
        if (Date.now() - this.lastLoopErrorAt >= LOOP_ERROR_REPORT_MS) {
          this.lastLoopErrorAt = Date.now();
          this.onError(error);
        }
      }
      if (!claimedAny && this.running) {
        if (!this.woken) {
          await this.idle();
          this.enqueueDue = true;
        } else {
          const rest = MIN_WOKEN_ROUND_MS - (Date.now() - roundStarted);
          if (rest > 0) await sleep(rest);
        }
      }
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  private track(send: Promise<void>): void {
    const tracked = send
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.inFlight.delete(tracked);
        // The next event of that queue is due now.
        this.claimNow();
      });
    this.inFlight.add(tracked);
  }

  /**
   * Sends a run of one queue in order and records it in one call. A send that will be retried ends the run (the rest
   * is released, still pending, behind it); a send is not started unless it can end before the lease does.
   */
  private async deliverRun(run: readonly ClaimedDelivery[], leaseUntil: number): Promise<void> {
    const results: DeliveryResult[] = [];
    let sent = 0;
    for (const delivery of run) {
      if (sent > 0 && this.clock().getTime() + this.timeoutMs >= leaseUntil) break;
      const result = await this.attempt(delivery);
      // Aborted by stop(): no verdict; the leases expire and the run is sent again.
      if (!result) return;
      results.push(result);
      sent += 1;
      if (result.next.status === 'pending') break;
    }
    await this.store.webhooks.finishMany(this.owner, results);
    await this.store.webhooks.release(
      this.owner,
      run.slice(sent).map((d) => d.id),
    );
  }

  /** One send and its verdict; undefined when stop() aborted it. */
  private async attempt(delivery: ClaimedDelivery): Promise<DeliveryResult | undefined> {
    const started = this.clock();
    const at = started.toISOString();
    if (!delivery.event) {
      const attempt = { at, status: null, durationMs: 0, responseExcerpt: null, error: PRUNED_EVENT_ERROR };
      return { deliveryId: delivery.id, attempt, next: { status: 'failed', nextAttemptAt: at } };
    }
    const body = JSON.stringify(eventEnvelope(delivery.event));
    const timestamp = Math.floor(started.getTime() / 1000);
    const response = await postWebhook(
      {
        url: delivery.endpoint.url,
        body,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': `Rollcall-Webhooks/${VERSION}`,
          'Rollcall-Event-Id': delivery.event.id,
          'Rollcall-Signature': signatureHeader(liveSecrets(delivery.endpoint, started), timestamp, body),
        },
        timeoutMs: this.timeoutMs,
        allowPrivateNetworks: this.options.allowPrivateNetworks,
        signal: this.abort.signal,
      },
      this.agents,
    );
    if (this.abort.signal.aborted) return undefined;
    const ended = this.clock();
    const attempt: DeliveryAttempt = {
      at,
      status: response.status,
      durationMs: Math.max(0, ended.getTime() - started.getTime()),
      responseExcerpt: response.excerpt,
      error: response.error,
    };
    const succeeded = response.error === null && response.status !== null && response.status >= 200 && response.status < 300;
    if (succeeded) return { deliveryId: delivery.id, attempt, next: { status: 'delivered', nextAttemptAt: ended.toISOString() } };
    const next = nextAttemptAt(this.schedule, delivery.attempts + 1, new Date(delivery.createdAt), ended, this.random());
    return {
      deliveryId: delivery.id,
      attempt,
      next: next ? { status: 'pending', nextAttemptAt: next.toISOString() } : { status: 'failed', nextAttemptAt: ended.toISOString() },
    };
  }
}

/** Claimed deliveries grouped by queue (endpoint and organization), each group in claim order. */
function runsOf(claimed: readonly ClaimedDelivery[]): ClaimedDelivery[][] {
  const runs = new Map<string, ClaimedDelivery[]>();
  for (const delivery of claimed) {
    const key = `${delivery.endpointId}\u0000${delivery.orgId}`;
    const run = runs.get(key);
    if (run) run.push(delivery);
    else runs.set(key, [delivery]);
  }
  return [...runs.values()];
}
