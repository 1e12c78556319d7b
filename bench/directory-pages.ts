// Time per page when the product team reads a large directory through /api/v1 (design.md section 8): the first,
// a middle and the last page of users (plain, active=true, updated_since, group_id) and of a large group's members,
// each the median of BENCH_SAMPLES requests over loopback HTTP. A flat directory read shows the same time for all three.
//   npm run build && BENCH_USERS=100000 node dist/bench/directory-pages.js
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCursor } from '../src/core/directory/page-cursor.js';
import { createServices } from '../src/core/services.js';
import { buildApp } from '../src/http/build-app.js';
import { openSqlite } from '../src/storage/sqlite/open-database.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { seedGroups, seedUsers } from './seed.js';

const USERS = Number(process.env['BENCH_USERS'] ?? 100_000);
const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 30);
const GROUP_SIZE = Math.min(USERS, 100_000);
const LIMIT = 100;
const ORG = 'bench-org';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-directory-bench-'));
  const path = join(dir, 'bench.db');
  try {
    const setup = openSqlite(path);
    setup.prepare("INSERT INTO orgs (id, slug, name, created_at) VALUES (?, 'bench', 'Bench', '2026-01-01T00:00:00.000Z')").run(ORG);
    setup.close();
    const started = Date.now();
    seedUsers(path, ORG, USERS);
    const { bigId } = seedGroups(path, ORG, GROUP_SIZE);
    console.log(`seeded ${USERS} users and a ${GROUP_SIZE}-member group in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // Positions for the middle and last pages, read straight from the tables (cursors are opaque to API clients).
    const db = openSqlite(path);
    const seqAt = (offset: number) => db.prepare('SELECT seq FROM scim_users WHERE org_id = ? ORDER BY seq LIMIT 1 OFFSET ?').pluck().get(ORG, offset) as number;
    const updatedAt = db.prepare('SELECT updated_at FROM scim_users WHERE org_id = ? LIMIT 1').pluck().get(ORG) as string;
    const groupSeq = db.prepare('SELECT seq FROM scim_groups WHERE id = ?').pluck().get(bigId) as number;
    const memberAt = (offset: number) =>
      db.prepare('SELECT member_id FROM scim_group_members WHERE group_seq = ? ORDER BY member_id LIMIT 1 OFFSET ?').pluck().get(groupSeq, offset) as string;
    const positions = { middle: Math.floor(USERS / 2), last: USERS - LIMIT / 2 };
    const groupPositions = { middle: Math.floor(GROUP_SIZE / 2), last: GROUP_SIZE - LIMIT / 2 };
    const since = encodeURIComponent(updatedAt);
    const lists: [string, string, (at: 'middle' | 'last') => string][] = [
      ['users', `users?limit=${LIMIT}`, (at) => encodeCursor('user', [seqAt(positions[at])])],
      ['users?active=true', `users?active=true&limit=${LIMIT}`, (at) => encodeCursor('user', [seqAt(positions[at])])],
      ['users?updated_since', `users?updated_since=${since}&limit=${LIMIT}`, (at) => encodeCursor('user-by-update', [updatedAt, seqAt(positions[at])])],
      ['users?group_id', `users?group_id=${bigId}&limit=${LIMIT}`, (at) => encodeCursor('user-in-group', [memberAt(groupPositions[at])])],
      ['groups/{id}/members', `groups/${bigId}/members?limit=${LIMIT}`, (at) => encodeCursor('member', [memberAt(groupPositions[at])])],
    ];

    const store = createSqliteStore(path);
    const services = createServices(store, { publicUrl: 'http://127.0.0.1' });
    const { key } = await services.apiKeys.create('bench');
    const app = await buildApp(services, { logLevel: 'warn' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const headers = { authorization: `Bearer ${key}` };
    const time = async (url: string): Promise<{ ms: number; rows: number }> => {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const t0 = process.hrtime.bigint();
        const response = await fetch(`${address}/api/v1/organizations/${ORG}/${url}`, { headers });
        const body = (await response.json()) as { data: unknown[] };
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (response.status !== 200) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
        rows = body.data.length;
      }
      return { ms: median(times), rows };
    };
    console.log(`median of ${SAMPLES} requests per page, ${LIMIT} per page, SQLite, loopback HTTP`);
    console.log(['list', 'first ms', 'middle ms', 'last ms (rows)'].join('\t'));
    for (const [name, url, cursor] of lists) {
      const first = await time(url);
      const middle = await time(`${url}&after=${cursor('middle')}`);
      const last = await time(`${url}&after=${cursor('last')}`);
      console.log([name, first.ms.toFixed(2), middle.ms.toFixed(2), `${last.ms.toFixed(2)} (${last.rows})`].join('\t'));
    }
    await app.close();
    await store.close();
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
