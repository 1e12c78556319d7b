// `npm run bench`: Rollcall on the embedded SQLite at several tenant sizes, each scenario reported as a ratio
// to a plain node:http server answering a body of the same size in the same run (design.md section 7).
// Two ratios: throughput (req/s over the ceiling's) and CPU per request (the ceiling's over ours), the latter
// steadier when other work shares the machine. Other modes: BENCH_RECORDING=compare (activity recording cost),
// BENCH_WEBHOOKS=1 (events delivered to a loopback receiver, bench/webhook-delivery.ts), BENCH_BULK=1 or `only`
// (BENCH_IMPORT users through /Bulk against a bare batched insert, bench/bulk-import.ts). `--report` writes
// docs/performance.md and docs/performance.svg from the run (bench/write-report.ts) and turns BENCH_BULK on unless set.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepare, type Engine } from './bench-server.js';
import { eventsCost } from './events-cost.js';
import { runLoad, type LoadRequest, type LoadResult } from './load.js';
import { scenarios, type Scenario } from './scenarios.js';
import { measured, rssMb, startProcess } from './processes.js';
import { interleaved } from './interleaved.js';
import { buildStamp } from './build-stamp.js';
import { latestProfile, profileShare } from './profile-share.js';
import { profileTop } from './profile-top.js';
import { benchWebhookDelivery } from './webhook-delivery.js';
import { benchBulkImport, type BulkImportResult } from './bulk-import.js';
import { writeReport } from './write-report.js';

const SIZES = (process.env['BENCH_USERS'] ?? '10000,1000000').split(',').map(Number);
/** `sqlite` (the embedded default) and/or `postgres` (BENCH_POSTGRES_URL, default the local test database). */
const ENGINES = (process.env['BENCH_ENGINES'] ?? 'sqlite').split(',') as Engine[];
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
/** BENCH_SLICES: each scenario and its ceiling run in this many alternating slices of BENCH_SECONDS / BENCH_SLICES. */
const SLICES = Math.max(1, Number(process.env['BENCH_SLICES'] ?? 3));
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
/** BENCH_EVENTS: `on` (default) adds what events cost a SCIM write on each engine; `only` runs just that; `off` skips it. */
const EVENTS = process.env['BENCH_EVENTS'] ?? 'on';
const EVENTS_SECONDS = Number(process.env['BENCH_EVENTS_SECONDS'] ?? 2);
const REPORT = process.argv.includes('--report');
/** BENCH_BULK: `1` adds the /Bulk import to the run, `only` runs just that; BENCH_IMPORT users (the issue's target is 1,000,000). */
const BULK = process.env['BENCH_BULK'] ?? (REPORT ? '1' : '0');
const IMPORT_USERS = Number(process.env['BENCH_IMPORT'] ?? 100_000);
/** BENCH_WARMUP_SECONDS: each scenario first runs this long unmeasured, so no server is measured before its JIT warms up; 0 skips it. */
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1);
/** BENCH_ONLY: a regular expression on scenario names; only those run (for quick looks, never for --report). */
const ONLY = new RegExp(process.env['BENCH_ONLY'] ?? '');
if (REPORT && process.env['BENCH_ONLY']) throw new Error('BENCH_ONLY runs some scenarios; --report needs them all');


/** Runs a scenario unmeasured; returns how many requests it sent, so a measured run can go on from there instead of replaying them. */
async function warmUp(port: number, headers: Record<string, string>, next: (i: number) => LoadRequest): Promise<number> {
  if (WARMUP_SECONDS <= 0) return 0;
  return (await runLoad(port, headers, next, { concurrency: CONCURRENCY, durationMs: WARMUP_SECONDS * 1000 })).requests;
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(8);

/**
 * The target ratio of a scenario on an engine: design.md section 7's on SQLite; issue 15's on PostgreSQL, whose
 * database shares the machine's cores (reads 0.25, writes 0.08; it names none for list pages, so those keep SQLite's).
 */
const targetOn = (engine: Engine, s: Scenario): number => (engine === 'postgres' && s.kind !== 'list' ? (s.kind === 'read' ? 0.25 : 0.08) : s.target);
// (On PostgreSQL the mixed loop, for which the issue names no figure, is held to the write target.)

type Report = Record<string, unknown>[];

/** One server per tenant size; each scenario against it, then against the ceiling with the same body size. */
async function benchEngine(engine: Engine, dir: string, baseline: { child: ChildProcess; port: number }, report: Report): Promise<void> {
  const perSize = new Map<number, Map<string, LoadResult>>();
  for (const users of SIZES) {
    const { databaseUrl, token, ids, groups, seedSeconds, backends, drop } = await prepare(dir, users, engine);
    console.log(`\n${engine}: ${users.toLocaleString('en-US')} users (seeded in ${seedSeconds.toFixed(1)} s), ${CONCURRENCY} connections, ${SECONDS} s per run`);
    const server = await startProcess(['bin/rollcall.js', 'serve'], { DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'warn' }, /listening on http:\/\/[^:]+:(\d+)/);
    const results = new Map<string, LoadResult>();
    perSize.set(users, results);
    try {
      // On PostgreSQL `db us` is its backends' CPU per request, which shares the machine's cores with the server.
      const dbColumn = (text: string) => (backends ? text.padStart(8) : '');
      console.log(`${'scenario'.padEnd(40)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'bytes'.padStart(8)}${'ceiling'.padStart(8)}${'ratio'.padStart(8)}${'cpu us'.padStart(8)}${'cpu x'.padStart(8)}${dbColumn('db us')}  target (ratio)`);
      for (const s of scenarios(users, ids, groups).filter((x) => ONLY.test(x.name))) {
        const target = targetOn(engine, s);
        const auth = { authorization: `Bearer ${token}`, 'user-agent': 'rollcall-bench' };
        const warmed = await warmUp(server.port, auth, s.next);
        const next = (i: number) => s.next(warmed + i);
        const slice = { concurrency: CONCURRENCY, durationMs: (SECONDS * 1000) / SLICES };
        const { result, ceiling } = await interleaved(
          SLICES,
          (sent) => measured(server.child.pid!, () => runLoad(server.port, auth, (i) => next(sent + i), slice), backends),
          (mine) => measured(baseline.child.pid!, () => runLoad(baseline.port, {}, () => ({ method: 'GET', path: `/?size=${mine.bytesPerResponse}` }), slice)),
        );
        const ratio = result.perSecond / ceiling.perSecond;
        const cpuRatio = ceiling.cpuUsPerRequest / result.cpuUsPerRequest;
        results.set(s.name, result);
        console.log(
          `${s.name.padEnd(40)}${fmt(result.perSecond)}${fmt(result.p50Ms, 2)}${fmt(result.p99Ms, 2)}${fmt(result.bytesPerResponse)}${fmt(ceiling.perSecond)}${fmt(ratio, 2)}${fmt(result.cpuUsPerRequest)}${fmt(cpuRatio, 2)}${dbColumn(fmt(result.dbCpuUsPerRequest ?? 0).trim())}  >= ${target.toFixed(2)} ${ratio >= target ? 'ok' : 'MISSED'}${result.errors ? ` (${result.errors} errors)` : ''}`,
        );
        report.push({ engine, users, scenario: s.name, perSecond: result.perSecond, ceiling: ceiling.perSecond, ratio, target, cpuRatio, cpuUs: result.cpuUsPerRequest, dbCpuUs: result.dbCpuUsPerRequest, errors: result.errors });
      }
      const small = [...results].find(([name]) => name.includes('10-member'))?.[1];
      const big = [...results].find(([name]) => name.includes('-member group') && !name.includes('10-member'))?.[1];
      if (small && big) {
        const slowdown = small.perSecond / big.perSecond;
        console.log(`member add, big group vs 10-member group: ${slowdown.toFixed(2)}x slower (target within 1.5x) ${slowdown <= 1.5 ? 'ok' : 'MISSED'}`);
      }
      const rss = rssMb(server.child.pid!);
      console.log(`server memory (RSS): ${rss.toFixed(0)} MB (target < 300 MB)`);
      report.push({ engine, users, rssMb: rss });
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
      await drop();
    }
  }
  const [small, large] = [SIZES[0], SIZES[SIZES.length - 1]];
  if (small === undefined || large === undefined || small === large) return;
  console.log(`\n${engine}: scaling ${small.toLocaleString('en-US')} -> ${large.toLocaleString('en-US')} users (reads must stay within 1.3x)`);
  const readNames = new Set(scenarios(small, ['x'], { bigId: 'x', smallId: 'x', outsiders: ['x'] }).filter((s) => s.kind === 'read').map((s) => s.name));
  for (const [name, result] of perSize.get(small)!) {
    const big = perSize.get(large)!.get(name);
    if (!big || !readNames.has(name)) continue;
    const slowdown = result.perSecond / big.perSecond;
    console.log(`${name.padEnd(40)}${fmt(slowdown, 2)}x ${slowdown <= 1.3 ? 'ok' : 'MISSED'}`);
  }
}

/**
 * BENCH_RECORDING=compare: the cost of provisioning activity recording on the SCIM path. Two servers on the same
 * database, one with SCIM_ACTIVITY=off; each scenario runs off, on, off, on and the two runs of each are summed.
 */
async function recordingCost(engine: Engine, dir: string, report: Report): Promise<void> {
  const users = SIZES[0]!;
  const { databaseUrl, token, ids, groups, drop } = await prepare(dir, users, engine);
  const start = (activity: string) =>
    startProcess(['bin/rollcall.js', 'serve'], { DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'warn', SCIM_ACTIVITY: activity }, /listening on http:\/\/[^:]+:(\d+)/);
  const off = await start('off');
  const on = await start('on');
  console.log(`\n${engine}: activity recording cost at ${users.toLocaleString('en-US')} users, ${CONCURRENCY} connections, ${SECONDS} s per run x2`);
  console.log(`${'scenario'.padEnd(40)}${'off r/s'.padStart(9)}${'on r/s'.padStart(9)}${'slower'.padStart(9)}${'off cpu'.padStart(9)}${'on cpu'.padStart(9)}${'cpu +'.padStart(9)}`);
  try {
    const auth = { authorization: `Bearer ${token}`, 'user-agent': 'Okta SCIM Client 1.0.0' };
    const chosen = scenarios(users, ids, groups).filter((s) => s.kind === 'write' || s.name === 'GET /Users/{id}').filter((s) => !/\d{3},\d{3}-member/.test(s.name));
    for (const s of chosen) {
      const totals = { off: { n: 0, ms: 0, cpu: 0 }, on: { n: 0, ms: 0, cpu: 0 } };
      for (const server of [off, on]) await warmUp(server.port, auth, s.next);
      for (const [label, server] of [['off', off], ['on', on], ['off', off], ['on', on]] as const) {
        const result = await measured(server.child.pid!, () => runLoad(server.port, auth, s.next, { concurrency: CONCURRENCY, durationMs: SECONDS * 1000 }));
        totals[label].n += result.requests;
        totals[label].ms += SECONDS * 1000;
        totals[label].cpu += result.cpuUsPerRequest * result.requests;
      }
      const rate = (t: { n: number; ms: number }) => (t.n * 1000) / t.ms;
      const cpu = (t: { n: number; cpu: number }) => t.cpu / Math.max(1, t.n);
      const slower = rate(totals.off) / rate(totals.on) - 1;
      const cpuMore = cpu(totals.on) / cpu(totals.off) - 1;
      console.log(
        `${s.name.padEnd(40)}${fmt(rate(totals.off))} ${fmt(rate(totals.on))} ${fmt(slower * 100, 1)}%${fmt(cpu(totals.off))} ${fmt(cpu(totals.on))} ${fmt(cpuMore * 100, 1)}%  (target: at most 10% slower) ${slower <= 0.1 ? 'ok' : 'MISSED'}`,
      );
      report.push({ engine, users, scenario: s.name, recordingOff: rate(totals.off), recordingOn: rate(totals.on), slower, cpuMore });
    }
  } finally {
    for (const server of [off, on]) {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
  }
  try {
    await profiledShares(engine, dir, databaseUrl, token, ids, groups, report);
  } finally {
    await drop();
  }
}

/** Recording on: the recorder's and the event outbox's shares of the server's busy CPU, per write scenario. */
async function profiledShares(
  engine: Engine,
  dir: string,
  databaseUrl: string,
  token: string,
  ids: string[],
  groups: { bigId: string; smallId: string; outsiders: string[] },
  report: Report,
): Promise<void> {
  const users = SIZES[0]!;
  console.log(`\n${engine}: share of the server's busy CPU (V8 CPU profile, recording on; database time counts only on SQLite, in-process)`);
  console.log(`${'scenario'.padEnd(40)}${'recorder'.padStart(10)}${'events'.padStart(10)}`);
  const auth = { authorization: `Bearer ${token}`, 'user-agent': 'Okta SCIM Client 1.0.0' };
  const chosen = scenarios(users, ids, groups).filter((s) => s.kind === 'write');
  for (const s of chosen) {
    const profiles = join(dir, `profile-${report.length}`);
    const server = await startProcess(
      [`--cpu-prof`, `--cpu-prof-dir=${profiles}`, 'bin/rollcall.js', 'serve'],
      { DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'warn', SCIM_ACTIVITY: 'on' },
      /listening on http:\/\/[^:]+:(\d+)/,
    );
    try {
      await runLoad(server.port, auth, s.next, { concurrency: CONCURRENCY, durationMs: SECONDS * 1000 });
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
    const share = profileShare(latestProfile(profiles), PROFILE_PARTS);
    console.log(`${s.name.padEnd(40)}${fmt(share['recorder']! * 100, 1)}% ${fmt(share['events']! * 100, 1)}%  (targets: recorder <= 10%, events <= 15%)`);
    report.push({ engine, users, scenario: s.name, recorderShare: share['recorder'], eventsShare: share['events'] });
  }
}

/**
 * BENCH_PROFILE=1 (or a scenario name substring): each chosen scenario against a server under `node --cpu-prof`,
 * printing the frames with the most self time and the scripts with the most inclusive time.
 */
async function profileScenarios(engine: Engine, dir: string): Promise<void> {
  const users = SIZES[0]!;
  const { databaseUrl, token, ids, groups, drop } = await prepare(dir, users, engine);
  const only = process.env['BENCH_PROFILE'] === '1' ? '' : process.env['BENCH_PROFILE']!;
  try {
    for (const s of scenarios(users, ids, groups).filter((x) => x.name.includes(only))) {
      const profiles = join(dir, `profile-${randomUUID()}`);
      const server = await startProcess(
        ['--cpu-prof', `--cpu-prof-dir=${profiles}`, 'bin/rollcall.js', 'serve'],
        { DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'warn' },
        /listening on http:\/\/[^:]+:(\d+)/,
      );
      let result: LoadResult & { cpuUsPerRequest: number };
      try {
        const auth = { authorization: `Bearer ${token}`, 'user-agent': 'rollcall-bench' };
        result = await measured(server.child.pid!, () => runLoad(server.port, auth, s.next, { concurrency: CONCURRENCY, durationMs: SECONDS * 1000 }));
      } finally {
        server.child.kill('SIGTERM');
        await new Promise((resolve) => server.child.once('exit', resolve));
      }
      const top = profileTop(latestProfile(profiles), 25);
      console.log(`\n${engine}, ${users.toLocaleString('en-US')} users: ${s.name}: ${result.perSecond.toFixed(0)} req/s, ${result.cpuUsPerRequest.toFixed(0)} us CPU per request`);
      console.log('  self time:');
      for (const f of top.self) console.log(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.frame}`);
      console.log('  inclusive, by script:');
      for (const f of top.scripts) console.log(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.frame}`);
    }
  } finally {
    await drop();
  }
}

/** Script URLs (and, for event drafting inside the stores, function names) of each part. */
const PROFILE_PARTS = {
  recorder: /activity-recorder\.js|record-activity\.js|activity-store\.js|describe-activity\.js|redact-body\.js/,
  events: /event-store\.js|event-drafts\.js|#(membershipEvents|summaries)$/,
};

const DIST_SRC = new URL('../src/', import.meta.url).pathname;

async function main() {
  const built = buildStamp(DIST_SRC);
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-bench-'));
  const baseline = await startProcess(['dist/bench/baseline-server.js'], {}, /listening (\d+)/);
  await warmUp(baseline.port, {}, () => ({ method: 'GET', path: '/?size=1000' }));
  const report: Report = [];
  try {
    for (const engine of EVENTS === 'only' || BULK === 'only' ? [] : ENGINES) {
      if (process.env['BENCH_PROFILE']) await profileScenarios(engine, dir);
      else if (process.env['BENCH_RECORDING'] === 'compare') await recordingCost(engine, dir, report);
      else if (process.env['BENCH_WEBHOOKS']) await benchWebhookDelivery(engine, dir, report);
      else await benchEngine(engine, dir, baseline, report);
    }
    const bulk: BulkImportResult[] = [];
    for (const engine of BULK === '0' || EVENTS === 'only' ? [] : ENGINES) {
      console.log(`\n${engine}: importing ${IMPORT_USERS.toLocaleString('en-US')} users through /Bulk (1,000 operations a request, 2 at a time) vs a bare batched insert`);
      const b = await benchBulkImport(engine, dir, IMPORT_USERS);
      console.log(
        `/Bulk ${fmt(b.bulkUsersPerSecond)} users/s, bare insert ${fmt(b.bareUsersPerSecond)} users/s, ratio ${b.ratio.toFixed(2)} (target >= 0.25) ${b.ratio >= 0.25 ? 'ok' : 'MISSED'}; peak server RSS ${b.peakRssMb.toFixed(0)} MB (target < 300 MB) ${b.peakRssMb < 300 ? 'ok' : 'MISSED'}; server ${(b.serverCpuUsPerUser ?? 0).toFixed(0)} cpu us per user${b.errors ? `; ${b.errors} failed operations` : ''}`,
      );
      bulk.push(b);
      report.push({ ...b });
    }
    const otherMode = Boolean(process.env['BENCH_PROFILE']) || process.env['BENCH_RECORDING'] === 'compare' || Boolean(process.env['BENCH_WEBHOOKS']) || BULK === 'only';
    for (const engine of EVENTS === 'off' || otherMode ? [] : ENGINES) {
      const { databaseUrl, token, ids, groups, drop } = await prepare(dir, Math.min(...SIZES), engine);
      try {
        await eventsCost({ engine, databaseUrl, token, ids, groups, seconds: EVENTS_SECONDS, concurrency: CONCURRENCY }, report);
      } finally {
        await drop();
      }
    }
    if (process.env['BENCH_JSON']) console.log(JSON.stringify(report));
    const rebuilt = buildStamp(DIST_SRC) !== built;
    if (rebuilt) console.warn('\ndist/ was rebuilt during this run (a test run rebuilds it when src/ is newer): servers started after that ran another build.');
    if (REPORT) await writeReport(report, bulk, { sizes: SIZES, engines: ENGINES, seconds: SECONDS, importUsers: IMPORT_USERS, rebuilt });
  } finally {
    baseline.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
