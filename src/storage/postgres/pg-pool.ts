// Opens the bounded PostgreSQL connection pool with type parsing that makes rows look exactly like SQLite's.
import pg from 'pg';

export interface PgPoolOptions {
  /** Upper bound on connections from this instance (DATABASE_POOL_MAX); N instances use up to N times this. */
  readonly max: number;
}

const TIMESTAMPTZ = 1184;
const INT8 = 20;

/**
 * timestamptz comes back as the ISO-8601 text SQLite stores (milliseconds, `Z`), so the API answers the same on
 * both engines whatever the server's TimeZone; bigint counts and identities come back as JS numbers.
 */
const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ);
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMPTZ) return (value: string) => (parseTimestamp(value) as Date).toISOString();
    if (oid === INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
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
