// BENCH_WEBHOOKS=1: events from SCIM write to a signed webhook on a loopback receiver (its own process). A Bulk import (BENCH_IMPORT
// users, default 100,000) must arrive in full, then a mixed SCIM load reports the write-to-delivery latency
// (receiver arrival minus the event's occurred_at, one clock on one machine) and events/s.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openStore } from '../src/storage/open-store.js';
import { prepare, type Engine } from './bench-server.js';
import { startProcess } from './processes.js';
import { runLoad, type LoadRequest } from './load.js';

const IMPORT_USERS = Number(process.env['BENCH_IMPORT'] ?? 100_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const BULK_OPS = 1_000;
const BULK_PARALLEL = 2;
const DRAIN_LIMIT_MS = Number(process.env['BENCH_DRAIN_SECONDS'] ?? 600) * 1000;

interface Arrival {
  readonly type: string;
  readonly occurredAt: number;
  readonly arrivedAt: number;
}

/** The receiver process's reports: verified events (first arrival of each id), duplicates and refusals. */
class Receiver {
  readonly arrivals: Arrival[] = [];
  readonly seen = new Set<string>();
  duplicates = 0;
  refused = 0;
  private child: ChildProcess | undefined;

  constructor(private readonly secret: string) {}

  async start(): Promise<string> {
    const started = await startProcess(['dist/bench/webhook-receiver.js', this.secret], {}, /listening (\d+)/);
    this.child = started.child;
    let pending = '';
    started.child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) this.report(line);
    });
    return `http://127.0.0.1:${started.port}/rollcall`;
  }

  private report(line: string): void {
    if (!line.startsWith('{')) return;
    const event = JSON.parse(line) as { id?: string; type?: string; occurredAt?: number; arrivedAt?: number; refused?: boolean };
    if (event.refused) this.refused += 1;
    else if (this.seen.has(event.id!)) this.duplicates += 1;
    else {
      this.seen.add(event.id!);
      this.arrivals.push({ type: event.type!, occurredAt: event.occurredAt!, arrivedAt: event.arrivedAt! });
    }
  }

  /** Resolves when `count` distinct events arrived, or rejects after the limit. */
  async waitFor(count: number, limitMs: number): Promise<number> {
    const deadline = Date.now() + limitMs;
    while (this.arrivals.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.arrivals.length} of ${count} events arrived within ${limitMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.arrivals.at(-1)!.arrivedAt;
  }

  async close(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await new Promise((resolve) => this.child!.once('exit', resolve));
  }
}

async function bulkImport(port: number, token: string, users: number): Promise<{ errors: number }> {
  let next = 0;
  let errors = 0;
  const one = async (): Promise<void> => {
    for (;;) {
      const from = next;
      if (from >= users) return;
      next += BULK_OPS;
      const operations = Array.from({ length: Math.min(BULK_OPS, users - from) }, (_, k) => ({
        method: 'POST',
        path: '/Users',
        bulkId: `u${from + k}`,
        data: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: `import${from + k}@bench.example.com`,
          name: { givenName: 'Import', familyName: `User ${from + k}` },
          emails: [{ value: `import${from + k}@bench.example.com`, type: 'work', primary: true }],
          active: true,
        },
      }));
      const response = await fetch(`http://127.0.0.1:${port}/scim/v2/Bulk`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: operations }),
      });
      const answer = (await response.json()) as { Operations?: { status: string }[] };
      errors += response.ok ? (answer.Operations ?? []).filter((op) => !op.status.startsWith('2')).length : operations.length;
    }
  };
  await Promise.all(Array.from({ length: BULK_PARALLEL }, one));
  return { errors };
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function benchWebhookDelivery(engine: Engine, dir: string, report: Record<string, unknown>[]): Promise<void> {
  const { databaseUrl, token, ids, drop } = await prepare(dir, 1_000, engine);
  const secret = `whsec_bench_${randomUUID()}`;
  const receiver = new Receiver(secret);
  const url = await receiver.start();
  const store = await openStore(databaseUrl);
  const now = new Date().toISOString();
  await store.webhooks.createEndpoint({ id: `we_${randomUUID()}`, url, types: null, orgId: null, enabled: true, secret, previousSecret: null, previousSecretUntil: null, createdAt: now, updatedAt: now });
  await store.close();
  const server = await startProcess(
    ['bin/rollcall.js', 'serve'],
    { DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'warn', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' },
    /listening on http:\/\/[^:]+:(\d+)/,
  );
  try {
    console.log(`\n${engine}: webhooks to a loopback receiver`);
    const started = Date.now();
    const { errors } = await bulkImport(server.port, token, IMPORT_USERS);
    const acknowledged = Date.now();
    const expected = IMPORT_USERS - errors;
    const drained = await receiver.waitFor(expected, DRAIN_LIMIT_MS);
    const importSeconds = (acknowledged - started) / 1000;
    const deliverSeconds = (drained - started) / 1000;
    console.log(
      `Bulk import of ${IMPORT_USERS.toLocaleString('en-US')} users: written in ${importSeconds.toFixed(1)} s (${(expected / importSeconds).toFixed(0)} users/s), ` +
        `all ${expected.toLocaleString('en-US')} user.created delivered after ${deliverSeconds.toFixed(1)} s (${(expected / deliverSeconds).toFixed(0)} events/s), ` +
        `${((drained - acknowledged) / 1000).toFixed(1)} s after the last write was acknowledged`,
    );
    report.push({ engine, scenario: 'webhooks: bulk import delivered', users: IMPORT_USERS, importSeconds, deliverSeconds, eventsPerSecond: expected / deliverSeconds });

    // Mixed load: a third creates, a third Okta-style deactivate/reactivate PATCHes, a third reads (no events).
    const before = receiver.arrivals.length;
    let writes = 0;
    let patches = 0;
    const next = (i: number): LoadRequest => {
      if (i % 3 === 2) return { method: 'GET', path: `/scim/v2/Users/${ids[i % ids.length]}` };
      writes += 1;
      if (i % 3 === 0) {
        return {
          method: 'POST',
          path: '/scim/v2/Users',
          body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `mixed${i}-${randomUUID()}@bench.example.com`, active: true }),
        };
      }
      // Each seeded user is flipped once per pass over the list, so concurrent PATCHes never hit the same user.
      const k = patches++;
      const active = Math.floor(k / ids.length) % 2 === 1;
      return {
        method: 'PATCH',
        path: `/scim/v2/Users/${ids[k % ids.length]}`,
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active } }] }),
      };
    };
    const mixedStart = Date.now();
    const load = await runLoad(server.port, { authorization: `Bearer ${token}`, 'user-agent': 'Okta SCIM Client 1.0.0' }, next, { concurrency: 8, durationMs: SECONDS * 1000 });
    const mixedExpected = writes - load.errors;
    const mixedDrained = await receiver.waitFor(before + mixedExpected, DRAIN_LIMIT_MS);
    const lags = receiver.arrivals
      .slice(before)
      .map((a) => a.arrivedAt - a.occurredAt)
      .sort((a, b) => a - b);
    const mixedEventsPerSecond = mixedExpected / ((mixedDrained - mixedStart) / 1000);
    console.log(
      `mixed load (${load.perSecond.toFixed(0)} req/s, ${mixedExpected} events): write to delivery p50 ${percentile(lags, 0.5)} ms, p99 ${percentile(lags, 0.99)} ms, max ${lags.at(-1) ?? 0} ms; ${mixedEventsPerSecond.toFixed(0)} events/s`,
    );
    console.log(`duplicates ${receiver.duplicates}, refused signatures ${receiver.refused}`);
    report.push({ engine, scenario: 'webhooks: mixed load', requestsPerSecond: load.perSecond, events: mixedExpected, p50Ms: percentile(lags, 0.5), p99Ms: percentile(lags, 0.99), duplicates: receiver.duplicates });
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    await receiver.close();
    await drop();
  }
}
