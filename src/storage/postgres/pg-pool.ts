// Opens the bounded PostgreSQL connection pool with type parsing that makes rows look exactly like SQLite's.
import pg from 'pg';

export interface PgPoolOptions {
  /** Upper bound on connections from this instance (DATABASE_POOL_MAX); N instances use up to N times this. */
  readonly max: number;
}

const TIMESTAMPTZ = 1184;
const INT8 = 20;
const JSONB = 3802;

/**
 * timestamptz comes back as the ISO-8601 text SQLite stores (milliseconds, `Z`), so the API answers the same on
 * both engines whatever the server's TimeZone; bigint counts and identities come back as JS numbers.
 */
const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ);
// A session in UTC writes `2026-12-01 19:50:45.12+00`: rearranged as text in a seventh of the time a Date takes
// (a 100-user page holds 200 of them). Any other form (another TimeZone, BC, infinity) goes through a Date.
const UTC_TEXT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

/** timestamptz text as SQLite's ISO-8601 text: milliseconds (truncated, as a Date truncates), `Z`. */
export function isoTimestamp(value: string): string {
  const utc = UTC_TEXT.exec(value);
  if (!utc) return (parseTimestamp(value) as Date).toISOString();
  return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMPTZ) return isoTimestamp;
    if (oid === INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The pool's parsing, except that jsonb stays the text PostgreSQL wrote: for rows whose documents are sent on as
 * they are (list pages spliced by renderUserJson), parsing them only to serialize them again was most of a page.
 */
export const jsonbAsText: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === JSONB ? (value: string) => value : types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export function createPgPool(connectionString: string, options: PgPoolOptions): pg.Pool {
  // `pipeline` (pg 8.23) is not in @types/pg 8.15 yet.
  const config: pg.PoolConfig & { pipeline: boolean } = {
    connectionString,
    max: options.max,
    types,
    // /readyz and requests fail fast instead of queueing forever when the database is gone.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'rollcall',
    // Queries queued on one connection go out without waiting for the previous answer (pipelinedTransaction);
    // code that awaits each query behaves exactly as without it.
    pipeline: true,
  };
  const pool = new pg.Pool(config);
  // An idle connection dropped by the server must not crash the process; the next checkout reconnects.
  pool.on('error', () => {});
  return pool;
}
