// Offset pages in the default order, located through the seq buckets, on both engines: every page equals the same
// slice of a plain walk, across tenants that share the seq space, deletions, and offsets deep enough to be located
// through groups of buckets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgRowLister } from '../postgres/list-rows.js';
import { testPool, type TestPool } from '../postgres/testing/test-pool.js';
import { requirePostgres } from '../postgres/testing/test-schema.js';
import { sqliteRowLister } from '../sqlite/list-rows.js';
import { openSqlite, type SqliteDatabase } from '../sqlite/open-database.js';
import type { RowLister } from './list-rows.js';
import { BUCKETS_PER_GROUP, locateOffset, SEQ_BUCKET_SIZE } from './compile-list.js';
import { userSqlTarget } from './sql-target.js';

const ORG = 'org-pages';
const OTHER = 'org-between';
const USERS = 3000;
// Seqs 50 apart: about 20 rows a bucket, spread over 147 buckets and 5 groups of buckets.
const SPACING = 50;
const DELETED = new Set([0, 1, 2, 20, 21, 500, 1023, 1024, 1025, 2047, 2999]);
const alive = Array.from({ length: USERS }, (_, i) => i).filter((i) => !DELETED.has(i));
const OFFSETS = [0, 1, 19, 1022, 1023, 1024, 1100, SEQ_BUCKET_SIZE * 2 - 3, 2000, 2500, alive.length - 5, alive.length - 1, alive.length, alive.length + 40];

describe('locateOffset', () => {
  it.each([
    { counts: [], offset: 0, found: undefined },
    { counts: [[3, 5]], offset: 0, found: { place: 3, before: 0 } },
    { counts: [[3, 5]], offset: 4, found: { place: 3, before: 0 } },
    { counts: [[3, 5]], offset: 5, found: undefined },
    { counts: [[0, 2], [1, 0], [4, 3]], offset: 2, found: { place: 4, before: 2 } },
    { counts: [[0, 0], [1, 0], [2, 1]], offset: 0, found: { place: 2, before: 0 } },
  ])('finds offset $offset in $counts', ({ counts, offset, found }) => {
    expect(locateOffset(counts.map(([place, n]) => ({ place: place!, n: n! })), offset)).toEqual(found);
  });
});

const userId = (org: string, i: number) => `${org}-${String(i).padStart(5, '0')}`;

async function expectPagesMatchWalk(list: RowLister<{ id: string }>) {
  const expected = alive.map((i) => userId(ORG, i));
  expect(alive.length * SPACING).toBeGreaterThan(BUCKETS_PER_GROUP * SEQ_BUCKET_SIZE * 4);
  for (const offset of OFFSETS) {
    for (const limit of [1, 7, 100]) {
      const page = await list(ORG, { window: { kind: 'offset', offset, limit } });
      expect(page.totalResults).toBe(alive.length);
      expect(page.resources.map((r) => r.id), `offset ${offset}, limit ${limit}`).toEqual(expected.slice(offset, offset + limit));
      expect(page.hasMoreAfter).toBe(offset + limit < alive.length);
    }
  }
}

describe('SQLite: bucket-located offset pages', () => {
  let dir: string;
  let db: SqliteDatabase;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollcall-pages-'));
    db = openSqlite(join(dir, 'pages.db'));
    const insertOrg = db.prepare(`INSERT INTO orgs (id, slug, name, created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z')`);
    const insertUser = db.prepare(
      `INSERT INTO scim_users (seq, id, org_id, user_name, user_name_ci, active, created_at, updated_at, version, doc)
       VALUES (?, ?, ?, ?, ?, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1, '{}')`,
    );
    db.transaction(() => {
      for (const org of [ORG, OTHER]) insertOrg.run(org, org, org);
      for (let i = 0; i < USERS; i++) {
        insertUser.run(i * SPACING + 5, userId(ORG, i), ORG, `u${i}`, `u${i}`);
        insertUser.run(i * SPACING + 6, userId(OTHER, i), OTHER, `u${i}`, `u${i}`);
      }
      const remove = db.prepare('DELETE FROM scim_users WHERE id = ?');
      for (const i of DELETED) remove.run(userId(ORG, i));
    })();
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the slice of a plain walk at every offset', async () => {
    await expectPagesMatchWalk(sqliteRowLister(db, userSqlTarget));
  });
});

const postgres = await requirePostgres();

describe.skipIf(!postgres)('PostgreSQL: bucket-located offset pages', () => {
  let test: TestPool;
  beforeAll(async () => {
    test = await testPool();
    const { pool } = test;
    for (const [org, shift] of [
      [ORG, 5],
      [OTHER, 6],
    ] as const) {
      await pool.query(`INSERT INTO orgs (id, slug, name, created_at) VALUES ($1, $1, $1, now())`, [org]);
      await pool.query(
        `INSERT INTO scim_users (seq, id, org_id, user_name, user_name_ci, active, created_at, updated_at, version, doc)
         OVERRIDING SYSTEM VALUE
         SELECT i * $3::int + $4::int, $1 || '-' || lpad(i::text, 5, '0'), $1, 'u' || i, 'u' || i, true, now(), now(), 1, '{}'
         FROM generate_series(0, $2::int - 1) AS i`,
        [org, USERS, SPACING, shift],
      );
    }
    await pool.query('DELETE FROM scim_users WHERE id = ANY($1)', [[...DELETED].map((i) => userId(ORG, i))]);
  }, 60_000);
  afterAll(async () => {
    await test?.close();
  });

  it('returns the slice of a plain walk at every offset', async () => {
    await expectPagesMatchWalk(pgRowLister(test.pool, userSqlTarget));
  });
});
