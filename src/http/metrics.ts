// Prometheus metrics (/metrics) with prom-client: prom-client's default process and Node.js families (CPU, memory,
// event-loop delay, GC) beside Rollcall's own. Label values are bounded: route patterns, never URLs or ids;
// organizations only when METRICS_ORG_LABELS is set. Other modules register their own gauges (for example the
// webhook backlog and delivery age) on `RollcallMetrics.registry`.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { registerWebhookGauges } from '../core/events/webhook-gauges.js';
import { IDP_METRIC_LABELS, recogniseClient } from '../scim/activity/idp-client.js';
import type { Store } from '../storage/store.js';
import { VERSION } from '../version.js';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

// Process and Node.js metrics describe the process, not one app: registered once, shared by every app in it.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

// Database operations are timed at the Store boundary (both engines alike), into the process's registry.
let dbLatency: Histogram<'operation'> | undefined;
function dbOperationHistogram(): Histogram<'operation'> {
  dbLatency ??= new Histogram({
    name: 'rollcall_db_operation_duration_seconds',
    help: 'Time taken by storage operations (queries and transactions), by operation, e.g. users.list.',
    labelNames: ['operation'],
    buckets: LATENCY_BUCKETS,
    registers: [processMetrics()],
  });
  return dbLatency;
}

/** The same store, with every operation of its sub-stores timed (names such as users.create: a bounded set). */
export function instrumentStore(store: Store): Store {
  const histogram = dbOperationHistogram();
  const wrapped: Record<string, unknown> = { ...store };
  for (const [area, value] of Object.entries(store)) {
    if (value === null || typeof value !== 'object') continue;
    const timed: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(value as Record<string, unknown>)) {
      timed[name] =
        typeof fn === 'function'
          ? async (...args: unknown[]) => {
              const end = histogram.startTimer({ operation: `${area}.${name}` });
              try {
                return await (fn as (...a: unknown[]) => Promise<unknown>).apply(value, args);
              } finally {
                end();
              }
            }
          : fn;
    }
    wrapped[area] = timed;
  }
  return wrapped as unknown as Store;
}

export interface MetricsOptions {
  /** METRICS_TOKEN: when set, /metrics needs `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** METRICS_ORG_LABELS: label refused tokens by organization (one series per org: only for a bounded number of orgs). */
  readonly orgLabels?: boolean | undefined;
}

export class RollcallMetrics {
  /** Rollcall's own families; other modules add theirs here. */
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'rollcall_http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'rollcall_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly scimOperations = new Counter({
    name: 'rollcall_scim_operations_total',
    help: 'SCIM requests answered, by resource, method, status and identity provider (from the User-Agent).',
    labelNames: ['resource', 'method', 'status', 'client'],
    registers: [this.registry],
  });
  readonly refusedTokens: Counter<string>;

  constructor(
    private readonly store: Store,
    readonly options: MetricsOptions = {},
  ) {
    this.refusedTokens = new Counter({
      name: 'rollcall_scim_refused_tokens_total',
      help: options.orgLabels
        ? 'SCIM requests refused for a missing, invalid, revoked or expired token, by organization ("unknown" when the token names none).'
        : 'SCIM requests refused for a missing, invalid, revoked or expired token (set METRICS_ORG_LABELS=true for one series per organization).',
      labelNames: options.orgLabels ? ['org'] : [],
      registers: [this.registry],
    });
    new Gauge({
      name: 'rollcall_build_info',
      help: 'Always 1; the labels name the running Rollcall version and Node.js version.',
      labelNames: ['version', 'node'],
      registers: [this.registry],
    }).set({ version: VERSION, node: process.version }, 1);
    registerWebhookGauges(this.registry, store);
    const poolStats = () => this.store.poolStats?.();
    new Gauge({
      name: 'rollcall_db_pool_connections',
      help: 'PostgreSQL pool connections by state (total, idle, waiting clients) and the configured maximum; absent on SQLite.',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const stats = poolStats();
        if (!stats) return;
        for (const [state, value] of Object.entries(stats)) this.set({ state }, value);
      },
    });
  }

  observe(request: FastifyRequest, status: number, seconds: number): void {
    // The route pattern (/scim/v2/Users/:id), never the raw URL: bounded label values, no ids or query strings.
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
    if (!route.startsWith('/scim/v2')) return;
    if (status === 401) {
      if (this.options.orgLabels) this.refusedTokens.inc({ org: request.refusedTokenOrg ?? 'unknown' });
      else this.refusedTokens.inc();
    }
    const resource = /^\/scim\/v2\/([A-Za-z.]+)/.exec(route)?.[1] ?? 'root';
    this.scimOperations.inc({ resource, method: request.method, status: String(status), client: IDP_METRIC_LABELS[recogniseClient(request.headers['user-agent'])] });
  }

  async render(): Promise<string> {
    const own = await this.registry.metrics();
    return `${await processMetrics().metrics()}\n${own}`;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The organization of a genuine but retired token that was refused (for the refused-token metric). */
    refusedTokenOrg?: string;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export function metricsRoutes(app: FastifyInstance, metrics: RollcallMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(request, reply.statusCode, reply.elapsedTime / 1000);
  });
  const expected = metrics.options.token ? digest(`Bearer ${metrics.options.token}`) : undefined;
  app.get('/metrics', async (request, reply) => {
    if (expected && !timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      return reply
        .code(401)
        .header('WWW-Authenticate', 'Bearer realm="Rollcall metrics"')
        .type('text/plain; charset=utf-8')
        .send('Send Authorization: Bearer <METRICS_TOKEN> to read the metrics\n');
    }
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(await metrics.render());
  });
}
