// A small closed-loop HTTP load generator: C concurrent keep-alive connections for a fixed duration.
import { Agent, request } from 'node:http';

export interface LoadRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
}

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Every request's latency (ms), ascending: slices of one measurement combine from these. */
  readonly latencies: readonly number[];
  readonly errors: number;
  readonly bytesPerResponse: number;
}

export async function runLoad(
  port: number,
  headers: Record<string, string>,
  next: (i: number) => LoadRequest,
  options: { concurrency: number; durationMs: number },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  let counter = 0;
  const deadline = Date.now() + options.durationMs;
  const one = (r: LoadRequest) =>
    new Promise<void>((resolve) => {
      const started = process.hrtime.bigint();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: r.method,
          path: r.path,
          agent,
          headers: r.body === undefined ? headers : { ...headers, 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(r.body) },
        },
        (res) => {
          let size = 0;
          res.on('data', (c: Buffer) => (size += c.length));
          res.on('end', () => {
            if ((res.statusCode ?? 500) >= 400) errors++;
            bytes += size;
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(r.body);
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (Date.now() < deadline) await one(next(counter++));
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies.at(-1) ?? 0,
    latencies,
    errors,
    bytesPerResponse: latencies.length ? Math.round(bytes / latencies.length) : 0,
  };
}
