// `npm run bench -- --report`: the run's rows as docs/performance.md and a hand-written SVG chart of the ratio to the
// ceiling per scenario (pure functions; bench/run.ts gathers the rows and the machine's facts and writes the files).
import type { BulkImportResult } from './bulk-import.js';

export interface ScenarioRow {
  readonly engine: string;
  readonly users: number;
  readonly scenario: string;
  readonly perSecond: number;
  readonly ceiling: number;
  readonly ratio: number;
  readonly target: number;
}

export interface MachineFacts {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly sqlite: string;
  readonly postgres: string | null;
}

export interface PerformanceReport {
  readonly generatedAt: string;
  readonly command: string;
  readonly machine: MachineFacts;
  /** Free text shown under the heading: which sizes were used, what else shared the machine. */
  readonly note: string;
  readonly scenarios: readonly ScenarioRow[];
  readonly rss: readonly { readonly engine: string; readonly users: number; readonly rssMb: number }[];
  readonly bulk: readonly BulkImportResult[];
}

const BULK_RATIO_TARGET = 0.25;
const RSS_TARGET_MB = 300;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** Engine and tenant size pairs in the order the run produced them. */
export function seriesOf(rows: readonly ScenarioRow[]): { engine: string; users: number }[] {
  const seen = new Map<string, { engine: string; users: number }>();
  for (const r of rows) if (!seen.has(`${r.engine}:${r.users}`)) seen.set(`${r.engine}:${r.users}`, { engine: r.engine, users: r.users });
  return [...seen.values()];
}

export function performanceMarkdown(report: PerformanceReport, chartFile = 'performance.svg'): string {
  const m = report.machine;
  const lines = [
    '# Performance',
    '',
    `Generated ${report.generatedAt} by \`npm run bench -- --report\`. ${report.note}`.trim(),
    '',
    'Each scenario runs against Rollcall and against a plain `node:http` server answering a body of the same size',
    '(the ceiling) in the same run, in alternating slices (BENCH_SLICES, 3 by default) so that both see the machine in',
    'the same state; the ratio is Rollcall\'s req/s over the ceiling\'s, checked against the targets of design.md',
    'section 7 and issue 15.',
    '',
    'The reads and writes of one user (GET by id, PUT, PATCH active) pick among up to 100,000 seeded users spread',
    'evenly over the tenant, and the `userName eq` and `externalId eq` lookups among all of them, so at 1,000,000 users',
    'they touch the whole table and its indexes, as an identity provider does.',
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpuModel}, ${m.cpuCount} logical cores`,
    `- Memory: ${m.memoryGb.toFixed(1)} GB`,
    `- Node.js ${m.node}, SQLite ${m.sqlite}, PostgreSQL ${m.postgres ?? '(not used)'}`,
    '',
    '## Command',
    '',
    '```sh',
    report.command,
    '```',
    '',
    `![Ratio to the ceiling per scenario](${chartFile})`,
  ];
  for (const { engine, users } of seriesOf(report.scenarios)) {
    lines.push('', `## ${engine}, ${int(users)} users`, '', '| scenario | req/s | ceiling req/s | ratio | target | |', '|---|---:|---:|---:|---:|---|');
    for (const r of report.scenarios.filter((s) => s.engine === engine && s.users === users)) {
      lines.push(`| ${cell(r.scenario)} | ${int(r.perSecond)} | ${int(r.ceiling)} | ${r.ratio.toFixed(2)} | ≥ ${r.target.toFixed(2)} | ${verdict(r.ratio >= r.target)} |`);
    }
    const rss = report.rss.find((x) => x.engine === engine && x.users === users);
    if (rss) lines.push('', `Server memory (RSS) after the run: ${int(rss.rssMb)} MB (target < ${RSS_TARGET_MB} MB) ${verdict(rss.rssMb < RSS_TARGET_MB)}.`);
  }
  if (report.bulk.length > 0) {
    lines.push(
      '',
      '## Bulk import',
      '',
      'Users imported through `POST /Bulk` (1,000 operations a request, 2 requests at a time) against a bare batched insert',
      'of the same rows (users, email rows and `user.created` events, same tables and indexes; better-sqlite3 transactions',
      'of 1,000 rows on SQLite, one multi-row statement per 1,000 rows on PostgreSQL) in the same run.',
      '',
      '| engine | users | /Bulk users/s | bare insert users/s | ratio | target | peak server RSS | |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const b of report.bulk) {
      const ok = b.ratio >= BULK_RATIO_TARGET && b.peakRssMb < RSS_TARGET_MB && b.errors === 0;
      lines.push(
        `| ${b.engine} | ${int(b.users)} | ${int(b.bulkUsersPerSecond)} | ${int(b.bareUsersPerSecond)} | ${b.ratio.toFixed(2)} | ≥ ${BULK_RATIO_TARGET.toFixed(2)}, < ${RSS_TARGET_MB} MB | ${int(b.peakRssMb)} MB | ${verdict(ok)}${b.errors ? ` (${int(b.errors)} failed operations)` : ''} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const COLORS = ['#1f6feb', '#79b8ff', '#d1242f', '#ff8182', '#1a7f37', '#7ee2a8'];

/**
 * Horizontal bars of the ratio to the ceiling: one group per scenario (in run order; names differ between sizes only in
 * their numbers, so the first series names the group), one bar per engine and size labelled with its req/s, and the
 * bar's target (which depends on the engine) as a dashed mark.
 */
export function ratioChartSvg(rows: readonly ScenarioRow[]): string {
  const series = seriesOf(rows);
  const bySeries = series.map((s) => rows.filter((r) => r.engine === s.engine && r.users === s.users));
  const groups = Math.max(0, ...bySeries.map((list) => list.length));
  const bar = 14;
  const groupHeight = series.length * bar + 14;
  const left = 290;
  const plot = 420;
  const top = 40 + Math.ceil(series.length / 2) * 18;
  const height = top + groups * groupHeight + 30;
  const width = left + plot + 140;
  const max = Math.max(1, ...rows.map((r) => r.ratio), ...rows.map((r) => r.target));
  const x = (ratio: number) => Number((left + (ratio / max) * plot).toFixed(1));
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="18" font-size="14" font-weight="bold">Ratio to the node:http ceiling per scenario (dashed: target)</text>`,
  ];
  series.forEach((s, k) => {
    const lx = 10 + (k % 2) * 260;
    const ly = 32 + Math.floor(k / 2) * 18;
    out.push(`<rect x="${lx}" y="${ly}" width="12" height="12" fill="${COLORS[k % COLORS.length]}"/>`);
    out.push(`<text x="${lx + 18}" y="${ly + 10}">${escapeXml(`${s.engine}, ${int(s.users)} users`)}</text>`);
  });
  for (let tick = 0; tick <= max + 1e-9; tick += 0.25) {
    out.push(`<line x1="${x(tick)}" y1="${top - 4}" x2="${x(tick)}" y2="${top + groups * groupHeight}" stroke="#e1e4e8"/>`);
    out.push(`<text x="${x(tick)}" y="${top + groups * groupHeight + 14}" text-anchor="middle" fill="#57606a">${tick.toFixed(2)}</text>`);
  }
  for (let g = 0; g < groups; g++) {
    const y0 = top + g * groupHeight;
    const first = bySeries.find((list) => list[g])?.[g];
    if (!first) continue;
    out.push(`<text x="${left - 8}" y="${y0 + (series.length * bar) / 2 + 4}" text-anchor="end">${escapeXml(first.scenario)}</text>`);
    bySeries.forEach((list, k) => {
      const r = list[g];
      if (!r) return;
      const y = y0 + k * bar;
      out.push(`<rect x="${left}" y="${y}" width="${Math.max(0.5, x(r.ratio) - left)}" height="${bar - 2}" fill="${COLORS[k % COLORS.length]}"/>`);
      out.push(`<text x="${x(r.ratio) + 4}" y="${y + bar - 4}">${r.ratio.toFixed(2)} (${int(r.perSecond)} req/s)</text>`);
      // Targets differ between engines, so each bar carries its own mark.
      out.push(`<line x1="${x(r.target)}" y1="${y - 1}" x2="${x(r.target)}" y2="${y + bar - 1}" stroke="#24292f" stroke-dasharray="3,2"/>`);
    });
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
