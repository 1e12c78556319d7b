// A connection lost in the middle of a transaction fails that transaction, and only it: no uncaught 'error' event
// ends the process, and the pool hands out a working connection next.
import pg from 'pg';
import { expect, it } from 'vitest';
import { createPgPool } from './pg-pool.js';
import { inTransaction } from './pg-queries.js';
import { requirePostgres, TEST_POSTGRES_URL } from './testing/test-schema.js';

const available = await requirePostgres();

it.skipIf(!available)('fails a transaction whose connection is lost between two statements, without an uncaught error', async () => {
  const pool = createPgPool(TEST_POSTGRES_URL, { max: 1 });
  const killer = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await killer.connect();
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', record);
  try {
    const lost = inTransaction(pool, async (db) => {
      const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await killer.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      // Between statements: the connection ends while no query is running on it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await db.query('SELECT 1');
    });
    await expect(lost).rejects.toThrow();
    expect(uncaught).toEqual([]);
    expect(await inTransaction(pool, async (db) => (await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one)).toBe(1);
  } finally {
    process.off('uncaughtException', record);
    await killer.end();
    await pool.end();
  }
});
