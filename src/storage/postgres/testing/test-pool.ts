// Test support: a connection pool on a fresh PostgreSQL schema (migrated unless asked not to), for tests that speak SQL.
import type pg from 'pg';
import { migratePostgres } from '../migrate.js';
import { createPgPool } from '../pg-pool.js';
import { createTestSchema } from './test-schema.js';

export interface TestPool {
  readonly pool: pg.Pool;
  /** Ends the pool and drops its schema. */
  close(): Promise<void>;
}

export interface TestPoolOptions {
  /** Connections; one (the default) makes every statement reuse the same session. */
  readonly max?: number;
  /** false: the schema stays empty, for tests that create their own tables. */
  readonly migrate?: boolean;
}

/** Callers check requirePostgres() first, so a missing PostgreSQL skips locally and fails under CI. */
export async function testPool({ max = 1, migrate = true }: TestPoolOptions = {}): Promise<TestPool> {
  const schema = await createTestSchema();
  const pool = createPgPool(schema.url, { max });
  const close = async () => {
    await pool.end();
    await schema.drop();
  };
  try {
    if (migrate) await migratePostgres(pool);
  } catch (error) {
    await close();
    throw error;
  }
  return { pool, close };
}
