// A pipelined transaction commits all or nothing, throws the first failure, and leaves its connection usable.
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inPipelinedTransaction, pipelinedTransaction } from './pipelined-transaction.js';
import { testPool } from './testing/test-pool.js';
import { requirePostgres } from './testing/test-schema.js';

const available = await requirePostgres();
let pool: pg.Pool;
let close = async () => {};

beforeAll(async () => {
  if (!available) return;
  // One connection: every transaction below reuses the one before it.
  ({ pool, close } = await testPool({ migrate: false }));
  await pool.query('CREATE TABLE t (n integer PRIMARY KEY)');
});
afterAll(() => close());

const count = async () => Number((await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]!.n);

it.skipIf(!available)('commits every statement of the batch and returns their results in order', async () => {
  const results = await pipelinedTransaction(pool, [
    { text: 'INSERT INTO t VALUES ($1) RETURNING n', values: [1] },
    { text: 'INSERT INTO t VALUES ($1) RETURNING n', values: [2] },
  ]);
  expect(results.map((r) => r.rows[0])).toEqual([{ n: 1 }, { n: 2 }]);
  expect(await count()).toBe(2);
});

it.skipIf(!available)('throws the first failure and rolls every statement back, the connection still usable', async () => {
  await expect(
    pipelinedTransaction(pool, [
      { text: 'INSERT INTO t VALUES ($1)', values: [3] },
      { text: 'INSERT INTO t VALUES ($1)', values: [1] },
      { text: 'INSERT INTO t VALUES ($1)', values: [4] },
    ]),
  ).rejects.toMatchObject({ code: '23505' });
  expect(await count()).toBe(2);
});

it.skipIf(!available)('reads, then writes with COMMIT; work that stops early commits or rolls back what it did', async () => {
  const seen = await inPipelinedTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ n: number }>('SELECT max(n) AS n FROM t');
    await tx.commitWith([{ text: 'INSERT INTO t VALUES ($1)', values: [rows[0]!.n + 1] }]);
    return rows[0]!.n;
  });
  expect([seen, await count()]).toEqual([2, 3]);

  await inPipelinedTransaction(pool, async (tx) => {
    await tx.query('INSERT INTO t VALUES (10)');
  });
  await expect(
    inPipelinedTransaction(pool, async (tx) => {
      await tx.query('INSERT INTO t VALUES (11)');
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');
  expect((await pool.query('SELECT n FROM t ORDER BY n')).rows.map((r: { n: number }) => r.n)).toEqual([1, 2, 3, 10]);
  // No transaction is left open on the one connection: a statement outside one starts its own.
  expect((await pool.query<{ fresh: boolean }>('SELECT now() = statement_timestamp() AS fresh')).rows[0]!.fresh).toBe(true);
  expect(await inPipelinedTransaction(pool, async () => 'nothing sent')).toBe('nothing sent');
});

it.skipIf(!available)('runs a named statement in a transaction, again in the next one on the same connection', async () => {
  const newest = { name: 'pipelined-test-newest', text: 'SELECT max(n) AS n FROM t WHERE n < $1' };
  for (const next of [20, 21]) {
    await inPipelinedTransaction(pool, async (tx) => {
      const { rows } = await tx.run<{ n: number }>({ ...newest, values: [100] });
      expect(rows[0]!.n).toBe(next === 20 ? 10 : 20);
      await tx.commitWith([{ text: 'INSERT INTO t VALUES ($1)', values: [next] }]);
    });
  }
  expect((await pool.query('SELECT n FROM t ORDER BY n')).rows.map((r: { n: number }) => r.n)).toEqual([1, 2, 3, 10, 20, 21]);
});
