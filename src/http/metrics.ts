// Prometheus text exposition (/metrics): request counts and latency per route and status, nothing secret.
// Hand-written because four metric families do not earn a dependency.
import type { FastifyInstance } from 'fastify';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

export class HttpMetrics {
  private readonly series = new Map<string, Series>();
  private readonly startedAt = Date.now();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${method}",route="${route}",status="${status}"`;
    let s = this.series.get(key);
    if (!s) {
      s = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
      this.series.set(key, s);
    }
    s.count += 1;
    s.sum += seconds;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) s.buckets[i]! += 1;
  }

  render(): string {
    const lines = [
      '# HELP rollcall_http_requests_total HTTP requests answered, by method, route and status.',
      '# TYPE rollcall_http_requests_total counter',
    ];
    for (const [key, s] of this.series) lines.push(`rollcall_http_requests_total{${key}} ${s.count}`);
    lines.push('# HELP rollcall_http_request_duration_seconds Time to answer HTTP requests.', '# TYPE rollcall_http_request_duration_seconds histogram');
    for (const [key, s] of this.series) {
      BUCKETS.forEach((le, i) => lines.push(`rollcall_http_request_duration_seconds_bucket{${key},le="${le}"} ${s.buckets[i]}`));
      lines.push(`rollcall_http_request_duration_seconds_bucket{${key},le="+Inf"} ${s.count}`);
      lines.push(`rollcall_http_request_duration_seconds_sum{${key}} ${s.sum}`);
      lines.push(`rollcall_http_request_duration_seconds_count{${key}} ${s.count}`);
    }
    const memory = process.memoryUsage();
    lines.push(
      '# HELP rollcall_process_resident_memory_bytes Resident set size.',
      '# TYPE rollcall_process_resident_memory_bytes gauge',
      `rollcall_process_resident_memory_bytes ${memory.rss}`,
      '# HELP rollcall_process_uptime_seconds Seconds since the process started serving.',
      '# TYPE rollcall_process_uptime_seconds gauge',
      `rollcall_process_uptime_seconds ${((Date.now() - this.startedAt) / 1000).toFixed(0)}`,
    );
    return `${lines.join('\n')}\n`;
  }
}

export function metricsRoutes(app: FastifyInstance, metrics: HttpMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern (/scim/v2/Users/:id), never the raw URL: bounded label values, no ids or query strings.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4').send(metrics.render()));
}
