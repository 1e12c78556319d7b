// Transactions whose statements go out in batches on a pipelining connection (pg-pool.ts): BEGIN with the first
// statement, COMMIT with the last, each batch in one socket write and one round trip. Locks the statements take are
// then released by a COMMIT already on the wire, never held while this process is busy with other requests.
import type pg from 'pg';
import { rollBack, type Queryable } from './pg-queries.js';

/** A transaction of inPipelinedTransaction: queries, and the last statements sent together with COMMIT. */
export interface PipelinedTransaction extends Queryable {
  /** A statement given whole (a named statement: PostgreSQL parses and plans it once per connection), as `query` runs one. */
  run<R extends pg.QueryResultRow>(statement: pg.QueryConfig): Promise<pg.QueryResult<R>>;
  /**
   * Sends `statements` and COMMIT at once and returns the statements' results; the transaction is over after it.
   * When one fails PostgreSQL skips the rest and the COMMIT rolls back; the first error is thrown.
   */
  commitWith(statements: readonly pg.QueryConfig[]): Promise<pg.QueryResult[]>;
}

type Stream = { cork?: () => void; uncork?: () => void };

/**
 * Submits queries in one socket write. node-postgres writes each query on its own (its `connection.stream` is not in
 * @types/pg); a pipelining client submits a query at once, so corking around the calls gathers them.
 */
function together<T>(client: pg.PoolClient, send: () => T): T {
  const stream = (client as unknown as { connection?: { stream?: Stream } }).connection?.stream;
  stream?.cork?.();
  try {
    return send();
  } finally {
    stream?.uncork?.();
  }
}

/**
 * Runs `work` in one READ COMMITTED transaction like inTransaction, in as many round trips as `work` has batches: a
 * read-then-write is two (the read with BEGIN, the write with COMMIT). A `work` that returns or throws before
 * `commitWith` commits or rolls back what it did.
 */
export async function inPipelinedTransaction<T>(pool: pg.Pool, work: (tx: PipelinedTransaction) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // As in inTransaction: a connection lost mid-transaction must not become an uncaught 'error' event.
  const onLost = (error: Error) => (broken = error);
  client.on('error', onLost);
  let begun = false;
  let open = true;
  /** BEGIN goes out with the first statement; a failed BEGIN fails that batch too. */
  const withBegin = (statements: readonly (pg.QueryConfig | string)[]): Promise<pg.QueryResult>[] =>
    together(client, () => {
      const sent = [...(begun ? [] : ['BEGIN']), ...statements].map((s) => (typeof s === 'string' ? client.query(s) : client.query(s)));
      begun = true;
      return sent;
    });
  const run = async <R extends pg.QueryResultRow>(statement: pg.QueryConfig) => {
    const results = await Promise.all(withBegin([statement]));
    return results[results.length - 1] as pg.QueryResult<R>;
  };
  const tx: PipelinedTransaction = {
    run,
    query: (text, values) => run({ text, values: values ?? [] }),
    async commitWith(statements) {
      open = false;
      const hadBegun = begun;
      const settled = await Promise.allSettled(withBegin([...statements, 'COMMIT']));
      const results: pg.QueryResult[] = [];
      for (const outcome of settled) {
        if (outcome.status === 'rejected') throw outcome.reason;
        results.push(outcome.value);
      }
      // COMMIT of a transaction that failed answers ROLLBACK; every failure above was thrown already, so this is a guard.
      if (results[results.length - 1]!.command !== 'COMMIT') throw new Error('PostgreSQL rolled the transaction back');
      return results.slice(hadBegun ? 0 : 1, -1);
    },
  };
  try {
    const result = await work(tx);
    if (open && begun) await client.query('COMMIT');
    return result;
  } catch (error) {
    if (open && begun) broken = (await rollBack(client)) ?? broken;
    throw error;
  } finally {
    client.removeListener('error', onLost);
    client.release(broken);
  }
}

/** `statements` as one transaction in one round trip (BEGIN, the statements, COMMIT); their results in order. */
export function pipelinedTransaction(pool: pg.Pool, statements: readonly pg.QueryConfig[]): Promise<pg.QueryResult[]> {
  return inPipelinedTransaction(pool, (tx) => tx.commitWith(statements));
}
