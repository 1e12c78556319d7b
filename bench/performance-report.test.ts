import { describe, expect, it } from 'vitest';
import { performanceMarkdown, ratioChartSvg, type PerformanceReport, type ScenarioRow } from './performance-report.js';

const row = (engine: string, users: number, scenario: string, perSecond: number, ratio: number, target: number): ScenarioRow => ({
  engine,
  users,
  scenario,
  perSecond,
  ceiling: perSecond / ratio,
  ratio,
  target,
});

const rows: ScenarioRow[] = [
  row('sqlite', 10_000, 'GET /Users/{id}', 8000, 0.5, 0.5),
  row('sqlite', 10_000, 'PATCH add member, 1,000-member group', 1500, 0.1, 0.25),
  row('sqlite', 100_000, 'GET /Users/{id}', 7000, 0.45, 0.5),
  row('sqlite', 100_000, 'PATCH add member, 10,000-member group', 1400, 0.09, 0.25),
  row('postgres', 10_000, 'GET /Users/{id}', 2500, 0.15, 0.5),
];

const report: PerformanceReport = {
  generatedAt: '2026-12-01T05:00:00Z',
  command: 'BENCH_USERS=10000,100000 npm run bench -- --report',
  machine: { cpuModel: 'Test CPU', cpuCount: 2, memoryGb: 7.8, node: 'v20.19.0', sqlite: '3.50.4', postgres: '16.4' },
  note: 'Sizes 10,000 and 100,000; the machine was shared.',
  scenarios: rows,
  rss: [{ engine: 'sqlite', users: 10_000, rssMb: 120.4 }],
  bulk: [{ engine: 'sqlite', users: 100_000, bulkUsersPerSecond: 4000, bareUsersPerSecond: 40_000, ratio: 0.1, peakRssMb: 180, errors: 0 }],
};

describe('performanceMarkdown', () => {
  const md = performanceMarkdown(report);

  it('states the machine, the command and the note', () => {
    expect(md).toContain('- CPU: Test CPU, 2 logical cores');
    expect(md).toContain('- Node.js v20.19.0, SQLite 3.50.4, PostgreSQL 16.4');
    expect(md).toContain('```sh\nBENCH_USERS=10000,100000 npm run bench -- --report\n```');
    expect(md).toContain('Sizes 10,000 and 100,000; the machine was shared.');
    expect(md).toContain('![Ratio to the ceiling per scenario](performance.svg)');
  });

  it('writes one table per engine and size, each scenario with its verdict', () => {
    expect(md.match(/^## (sqlite|postgres), /gm)).toEqual(['## sqlite, ', '## sqlite, ', '## postgres, ']);
    expect(md).toContain('## sqlite, 100,000 users');
    expect(md).toContain('| GET /Users/{id} | 8,000 | 16,000 | 0.50 | ≥ 0.50 | ok |');
    expect(md).toContain('| PATCH add member, 1,000-member group | 1,500 | 15,000 | 0.10 | ≥ 0.25 | MISSED |');
    expect(md).toContain('Server memory (RSS) after the run: 120 MB (target < 300 MB) ok.');
  });

  it('reports the bulk import against the bare insert', () => {
    expect(md).toContain('| sqlite | 100,000 | 4,000 | 40,000 | 0.10 | ≥ 0.25, < 300 MB | 180 MB | MISSED |');
  });

  it('leaves the bulk section out when there was no import', () => {
    expect(performanceMarkdown({ ...report, bulk: [] })).not.toContain('## Bulk import');
  });

  it('escapes pipes in scenario names', () => {
    expect(performanceMarkdown({ ...report, scenarios: [row('sqlite', 1, 'a|b', 10, 0.5, 0.5)] })).toContain('| a\\|b |');
  });
});

describe('ratioChartSvg', () => {
  const svg = ratioChartSvg(rows);

  it('is one well-formed svg document', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<rect /g)!.length).toBe(1 + 3 + rows.length);
  });

  it('draws a bar per row labelled with its ratio and req/s, and a legend per engine and size', () => {
    expect(svg).toContain('0.45 (7,000 req/s)');
    expect(svg).toContain('0.15 (2,500 req/s)');
    expect(svg).toContain('>postgres, 10,000 users</text>');
    expect(svg).toContain('>sqlite, 100,000 users</text>');
  });

  it('names each group once, after the first series, and marks each bar\'s target', () => {
    expect(svg.match(/>GET \/Users\/\{id\}</g)!.length).toBe(1);
    expect(svg).toContain('>PATCH add member, 1,000-member group<');
    expect(svg.match(/stroke-dasharray/g)!.length).toBe(rows.length);
  });

  it('escapes markup in scenario names', () => {
    expect(ratioChartSvg([row('sqlite', 1, 'a<b & "c"', 10, 0.5, 0.5)])).toContain('a&lt;b &amp; &quot;c&quot;');
  });
});
