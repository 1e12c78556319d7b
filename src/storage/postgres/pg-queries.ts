// Query helpers shared by the PostgreSQL stores: one transaction shape, typed rows, constraint detection.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** A pool or a checked-out client inside a transaction: both answer queries. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** A pool or a client, which also run named (prepared) statements. */
export interface NamedQueryable {
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

/**
 * A named prepared statement for a hot write whose text is fixed when the store is made: each connection parses it
 * once. The name carries a digest of the text, since the text may differ between stores in one process (the
 * benchmark's baseline appends no events). Never for SQL built per request (filters), which would fill the cache.
 */
export function namedStatement(prefix: string, text: string): { readonly name: string; readonly text: string } {
  return { name: `${prefix}-${createHash('sha1').update(text).digest('hex').slice(0, 12)}`, text };
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
export async function inTransaction<T>(pool: pg.Pool, work: (client: Queryable & NamedQueryable) => Promise<T>): Promise<T> {
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
    broken = (await rollBack(client)) ?? broken;
    throw error;
  } finally {
    client.removeListener('error', onLost);
    client.release(broken);
  }
}

/** Rolls back a failed transaction; returns the error when it cannot, as such a connection must not go back to the pool. */
export async function rollBack(client: Queryable): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error as Error;
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
