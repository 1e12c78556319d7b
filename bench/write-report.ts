// Writes docs/performance.md and docs/performance.svg from a bench run's rows and this machine's facts (`--report`).
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { BulkImportResult } from './bulk-import.js';
import { performanceMarkdown, ratioChartSvg, type MachineFacts, type ScenarioRow } from './performance-report.js';
import { BENCH_POSTGRES_URL } from './seed-postgres.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The server's version and its buffer cache, which decides how much of a 1,000,000-user tenant reads stay in memory. */
async function postgresVersion(): Promise<string | null> {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  try {
    await client.connect();
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    const buffers = (await client.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!.shared_buffers;
    return `${version}, shared_buffers ${buffers}`;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

async function machineFacts(): Promise<MachineFacts> {
  const memory = new Database(':memory:');
  const sqlite = memory.prepare('SELECT sqlite_version()').pluck().get() as string;
  memory.close();
  return { cpuModel: cpus()[0]?.model.trim() ?? 'unknown', cpuCount: cpus().length, memoryGb: totalmem() / 1024 ** 3, node: process.version, sqlite, postgres: await postgresVersion() };
}

/** The command that reproduces this run: the BENCH_* settings it was given, then the report flag. */
const commandLine = (): string => {
  const settings = Object.entries(process.env)
    .filter(([name]) => name.startsWith('BENCH_') && name !== 'BENCH_NOTE' && name !== 'BENCH_POSTGRES_URL')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`);
  return ['npm run build &&', ...settings, 'npm run bench -- --report'].join(' ');
};

const isScenarioRow = (row: Record<string, unknown>): boolean => typeof row['scenario'] === 'string' && typeof row['ceiling'] === 'number';

export async function writeReport(
  rows: readonly Record<string, unknown>[],
  bulk: readonly BulkImportResult[],
  run: { sizes: readonly number[]; engines: readonly string[]; seconds: number; importUsers: number; rebuilt?: boolean },
): Promise<void> {
  const sizes = run.sizes.map((n) => n.toLocaleString('en-US')).join(' and ');
  const note = [
    `Tenant sizes in this run: ${sizes} users on ${run.engines.join(' and ')}, ${run.seconds} s per scenario; bulk import of ${run.importUsers.toLocaleString('en-US')} users.`,
    "The issue's targets are stated at 1,000,000 users (and a 1,000,000-user import); that run takes long, so set BENCH_USERS=10000,1000000 BENCH_IMPORT=1000000 for it.",
    "The load generator and PostgreSQL share the machine's cores with the server, so absolute req/s are low and noisy; the ratios to the ceiling measured in the same run are the figures to compare (BENCH_NOTE adds what else ran).",
    process.env['BENCH_NOTE'] ?? '',
    run.rebuilt ? 'Warning: dist/ was rebuilt during this run, so its later scenarios measured another build than its first.' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const report = {
    generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: commandLine(),
    machine: await machineFacts(),
    note,
    scenarios: rows.filter(isScenarioRow) as unknown as ScenarioRow[],
    rss: rows.filter((r) => typeof r['rssMb'] === 'number') as unknown as { engine: string; users: number; rssMb: number }[],
    bulk,
  };
  writeFileSync(`${ROOT}docs/performance.md`, performanceMarkdown(report));
  writeFileSync(`${ROOT}docs/performance.svg`, ratioChartSvg(report.scenarios));
  console.log(`\nwrote docs/performance.md and docs/performance.svg`);
}
