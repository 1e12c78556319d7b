// `node dist/bench/write-ab.js`: the write scenarios (or those BENCH_AB_ONLY names, by a regular expression) against
// servers built from several checkouts (BENCH_AB_ROOTS, comma-separated, default this one) on one seeded database
// (BENCH_AB_ENGINE, PostgreSQL unless `sqlite`), alternating runs. req/s is noisy on a shared machine; the minimum CPU
// per request over BENCH_AB_ROUNDS runs, of the server and of its PostgreSQL backends, is what to compare, beside
// the 99th percentile and the slowest latency.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepare } from './bench-server.js';
import { runLoad } from './load.js';
import { measured, rssMb, startProcess } from './processes.js';
import { scenarios } from './scenarios.js';

const ROOTS = (process.env['BENCH_AB_ROOTS'] ?? new URL('../../', import.meta.url).pathname).split(',');
const USERS = Number(process.env['BENCH_USERS'] ?? 10_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
const ROUNDS = Number(process.env['BENCH_AB_ROUNDS'] ?? 3);
const ONLY = process.env['BENCH_AB_ONLY'] === undefined ? undefined : new RegExp(process.env['BENCH_AB_ONLY']);
const ENGINE = process.env['BENCH_AB_ENGINE'] === 'sqlite' ? 'sqlite' : 'postgres';
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);

interface Run {
  readonly errors: number;
  readonly perSecond: number;
  readonly cpuUs: number;
  readonly dbCpuUs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const db = await prepare(mkdtempSync(join(tmpdir(), 'rollcall-ab-')), USERS, ENGINE);
const servers = await Promise.all(
  ROOTS.map((root) => startProcess(['bin/rollcall.js', 'serve'], { DATABASE_URL: db.databaseUrl, PORT: '0', LOG_LEVEL: 'warn' }, /listening on http:\/\/[^:]+:(\d+)/, root)),
);
try {
  const auth = { authorization: `Bearer ${db.token}`, 'user-agent': 'rollcall-bench' };
  console.log(`${ENGINE}, ${USERS.toLocaleString('en-US')} users, ${CONCURRENCY} connections, ${SECONDS} s per run, ${ROUNDS} runs per build; min and max of each`);
  console.log(`${'scenario'.padEnd(34)}${'build'.padEnd(28)}${'req/s'.padStart(13)}${'node us'.padStart(13)}${'db us'.padStart(13)}${'p99 ms'.padStart(13)}${'max ms'.padStart(13)}${'errors'.padStart(8)}`);
  for (const s of scenarios(USERS, db.ids, db.groups).filter((x) => (ONLY ? ONLY.test(x.name) : x.kind === 'write'))) {
    const runs: Run[][] = ROOTS.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, server] of servers.entries()) {
        const r = await measured(server.child.pid!, () => runLoad(server.port, auth, s.next, { concurrency: CONCURRENCY, durationMs: SECONDS * 1000 }), db.backends);
        runs[i]!.push({ errors: r.errors, perSecond: r.perSecond, cpuUs: r.cpuUsPerRequest, dbCpuUs: r.dbCpuUsPerRequest ?? 0, p99Ms: r.p99Ms, maxMs: r.maxMs });
      }
    }
    for (const [i, root] of ROOTS.entries()) {
      const range = (pick: (r: Run) => number) => {
        const values = runs[i]!.map(pick);
        return `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}`.padStart(13);
      };
      console.log(`${s.name.padEnd(34)}${root.slice(-27).padEnd(28)}${range((r) => r.perSecond)}${range((r) => r.cpuUs)}${range((r) => r.dbCpuUs)}${range((r) => r.p99Ms)}${range((r) => r.maxMs)}${String(runs[i]!.reduce((n, r) => n + r.errors, 0)).padStart(8)}`);
    }
  }
  for (const [i, root] of ROOTS.entries()) console.log(`server RSS at the end, ${root}: ${rssMb(servers[i]!.child.pid!).toFixed(0)} MB`);
} finally {
  for (const server of servers) {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
  }
  await db.drop();
}
