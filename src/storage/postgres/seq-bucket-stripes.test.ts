// Striped seq bucket counts on PostgreSQL (migration 11): concurrent creates do not wait on each other's counter row,
// counts stay exact through inserts, deletes and folding from many transactions at once, and folding leaves one row a bucket.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEQ_BUCKET_STRIPES } from '../migrations/0011-striped-seq-buckets.js';
import { foldSeqBucketStripes } from './seq-bucket-stripes.js';
import { testPool, type TestPool } from './testing/test-pool.js';
import { requirePostgres } from './testing/test-schema.js';

const available = await requirePostgres();
const ORG = 'org-stripes';
let next = 0;

const insertUser = (db: pg.ClientBase | pg.Pool, org = ORG) => {
  const name = `u${next++}@example.com`;
  return db.query(
    `INSERT INTO scim_users (id, org_id, user_name, user_name_ci, active, created_at, updated_at, version, doc)
     VALUES ($1, $2, $1, $1, true, now(), now(), 1, '{}')`,
    [name, org],
  );
};

/** Per bucket: what the counter rows sum to, and how many rows there are (`counted`), against `count(*)`. */
async function bucketCounts(pool: pg.Pool) {
  const { rows } = await pool.query<{ bucket: number; counted: number; actual: number; stripes: number }>(
    `SELECT coalesce(c.bucket, a.bucket) AS bucket, coalesce(c.n, 0)::int AS counted, coalesce(a.n, 0)::int AS actual, coalesce(c.rows, 0)::int AS stripes
     FROM (SELECT bucket, sum(n) AS n, count(*) AS rows FROM scim_seq_buckets WHERE org_id = $1 AND resource_type = 'User' GROUP BY bucket) c
     FULL JOIN (SELECT seq / 1024 AS bucket, count(*) AS n FROM scim_users WHERE org_id = $1 GROUP BY seq / 1024) a ON a.bucket = c.bucket
     ORDER BY 1`,
    [ORG],
  );
  return rows;
}

describe.skipIf(!available)('striped seq bucket counts on PostgreSQL', () => {
  let test: TestPool;
  beforeAll(async () => {
    test = await testPool({ max: 12 });
    await test.pool.query(`INSERT INTO orgs (id, slug, name, created_at) VALUES ($1, $1, $1, now()), ('org-else', 'org-else', 'else', now())`, [ORG]);
  });
  afterAll(async () => {
    await test?.close();
  });

  it('lets a create proceed while another create of the same bucket is uncommitted', async () => {
    const first = await test.pool.connect();
    const second = await test.pool.connect();
    try {
      await first.query('BEGIN');
      await insertUser(first);
      const firstStripe = Number((await first.query<{ id: string }>('SELECT pg_current_xact_id()::text AS id')).rows[0]!.id) % SEQ_BUCKET_STRIPES;
      // Other suites share this server's transaction ids: begin until the second transaction lands in another stripe.
      for (;;) {
        await second.query('BEGIN');
        const id = Number((await second.query<{ id: string }>('SELECT pg_current_xact_id()::text AS id')).rows[0]!.id);
        if (id % SEQ_BUCKET_STRIPES !== firstStripe) break;
        await second.query('ROLLBACK');
      }
      // One counter row per bucket made this wait for the first commit; now it must not wait at all.
      await second.query(`SET LOCAL lock_timeout = '2s'`);
      await insertUser(second);
      await second.query('COMMIT');
      await first.query('COMMIT');
    } finally {
      first.release();
      second.release();
    }
    expect((await bucketCounts(test.pool)).every((b) => b.counted === b.actual)).toBe(true);
  });

  it('keeps every bucket exact through concurrent transactions of creates and deletes while folding, then folds to one row', async () => {
    const attempt = async (creates: number): Promise<boolean> => {
      const client = await test.pool.connect();
      try {
        await client.query('BEGIN');
        for (let i = 0; i < creates; i++) await insertUser(client, i % 5 === 0 ? 'org-else' : ORG);
        // Deletes reach back into older buckets, in no particular order.
        await client.query(`DELETE FROM scim_users WHERE seq IN (SELECT seq FROM scim_users WHERE org_id = $1 ORDER BY random() LIMIT 3)`, [ORG]);
        await client.query('COMMIT');
        return true;
      } catch (error) {
        await client.query('ROLLBACK');
        // Random deletes in random order can deadlock on the users' own rows; PostgreSQL undoes one, which runs again.
        if ((error as { code?: string }).code === '40P01') return false;
        throw error;
      } finally {
        client.release();
      }
    };
    const transaction = async (creates: number) => {
      while (!(await attempt(creates)));
    };
    // Enough rows for several buckets, spread over many transactions and stripes.
    for (let round = 0; round < 6; round++) {
      await Promise.all([
        ...Array.from({ length: 8 }, () => transaction(60)),
        ...Array.from({ length: 40 }, () => transaction(1)),
        foldSeqBucketStripes(test.pool),
      ]);
      for (const bucket of await bucketCounts(test.pool)) expect(bucket.counted, `bucket ${bucket.bucket} after round ${round}`).toBe(bucket.actual);
    }
    const before = await bucketCounts(test.pool);
    expect(before.length).toBeGreaterThan(2);
    expect(before.some((b) => b.stripes > 1)).toBe(true);
    await foldSeqBucketStripes(test.pool);
    const after = await bucketCounts(test.pool);
    expect(after.map((b) => [b.bucket, b.counted])).toEqual(before.map((b) => [b.bucket, b.actual]));
    expect(after.every((b) => b.stripes === 1)).toBe(true);
  }, 60_000);
});
