// Query helpers shared by the PostgreSQL stores: one transaction shape, typed rows, constraint detection.
import type pg from 'pg';

/** A pool or a checked-out client inside a transaction: both answer queries. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export async function rows<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<R[]> {
  return (await db.query<R>(text, values)).rows;
}

export async function one<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<R | undefined> {
  return (await db.query<R>(text, values)).rows[0];
}

export async function affected(db: Queryable, text: string, values: unknown[] = []): Promise<number> {
  return (await db.query(text, values)).rowCount ?? 0;
}

/**
 * Runs `work` in one READ COMMITTED transaction on one connection. Writers that check a version lock the row first
 * (SELECT ... FOR UPDATE), so concurrent writers from any instance are serialised by the database, not by process memory.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client has no pool listener: a connection lost mid-transaction would otherwise be an uncaught
  // 'error' event that ends the process. The running query fails too; the client is then discarded.
  const onLost = (error: Error) => (broken = error);
  client.on('error', onLost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // A connection that cannot roll back is not returned to the pool.
      broken = rollbackError as Error;
    }
    throw error;
  } finally {
    client.removeListener('error', onLost);
    client.release(broken);
  }
}

/**
 * Runs `statements` as one transaction written at once (BEGIN, the statements, COMMIT) on a pipelining connection
 * (pg-pool.ts): one round trip, and the locks they take are released by the COMMIT already on the wire, never held
 * while this process is busy elsewhere. When one fails, PostgreSQL skips the rest and the COMMIT rolls back; the
 * first error is thrown. Only for statements whose values do not depend on an earlier one's rows.
 */
export async function pipelinedTransaction(pool: pg.Pool, statements: readonly pg.QueryConfig[]): Promise<pg.QueryResult[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onLost = (error: Error) => (broken = error);
  client.on('error', onLost);
  try {
    const settled = await Promise.allSettled([client.query('BEGIN'), ...statements.map((s) => client.query(s)), client.query('COMMIT')]);
    const results: pg.QueryResult[] = [];
    for (const outcome of settled) {
      if (outcome.status === 'rejected') throw outcome.reason;
      results.push(outcome.value);
    }
    // COMMIT of a transaction that failed answers ROLLBACK; every failure above was thrown already, so this is a guard.
    if (results[results.length - 1]!.command !== 'COMMIT') throw new Error('PostgreSQL rolled the transaction back');
    return results.slice(1, -1);
  } finally {
    client.removeListener('error', onLost);
    client.release(broken);
  }
}

/** A transaction of inTwoTripTransaction: queries, and the last statement sent together with COMMIT. */
export interface TwoTripTransaction extends Queryable {
  /** Sends `statement` and COMMIT at once and returns the statement's result; the transaction is over after it. */
  commitWith<R extends pg.QueryResultRow>(statement: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

/**
 * A read-then-write transaction in two round trips on a pipelining connection (pg-pool.ts): BEGIN goes out with the
 * first query, COMMIT with the last statement (`commitWith`). A `work` that returns or throws before `commitWith`
 * commits or rolls back as inTransaction does.
 */
export async function inTwoTripTransaction<T>(pool: pg.Pool, work: (tx: TwoTripTransaction) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onLost = (error: Error) => (broken = error);
  client.on('error', onLost);
  let open = true;
  const begin = client.query('BEGIN');
  // Awaited with the first statement; a failed BEGIN fails that statement too.
  begin.catch(() => {});
  const tx: TwoTripTransaction = {
    async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      const [, result] = await Promise.all([begin, client.query<R>(text, values)]);
      return result;
    },
    async commitWith<R extends pg.QueryResultRow>(statement: pg.QueryConfig) {
      open = false;
      const [began, result, committed] = await Promise.allSettled([begin, client.query<R>(statement), client.query('COMMIT')]);
      for (const outcome of [began, result, committed]) if (outcome.status === 'rejected') throw outcome.reason;
      if ((committed as PromiseFulfilledResult<pg.QueryResult>).value.command !== 'COMMIT') throw new Error('PostgreSQL rolled the transaction back');
      return (result as PromiseFulfilledResult<pg.QueryResult<R>>).value;
    },
  };
  try {
    const result = await work(tx);
    if (open) await client.query('COMMIT');
    return result;
  } catch (error) {
    if (open) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
    }
    throw error;
  } finally {
    client.removeListener('error', onLost);
    client.release(broken);
  }
}

/** True when PostgreSQL reports a unique_violation (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

// SQLSTATE classes 08 (connection exception) and 53 (insufficient resources: disk full, out of memory, too many
// connections), and 57P01-57P03 (administrator/crash shutdown, cannot connect now).
const UNAVAILABLE_SQLSTATE = /^(08...|53...|57P0[123])$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// node-postgres reports a lost or never-made connection with these messages and no code.
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** The SQLSTATE, errno or "connection lost" when `error` means PostgreSQL is unavailable for now. */
export function pgUnavailableReason(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return code;
  // A pool that cannot connect may report an AggregateError (one attempt per resolved address).
  if (error instanceof AggregateError) return error.errors.map(pgUnavailableReason).find((reason) => reason !== undefined);
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message) ? 'connection lost' : undefined;
}
