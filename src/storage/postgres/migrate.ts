// Applies the shared migration list to PostgreSQL at start, safely when several instances start at once.
import type pg from 'pg';
import { MIGRATIONS } from '../migrations/all-migrations.js';
import type { Migration } from '../migrations/migration.js';
import { inTransaction, rows } from './pg-queries.js';

/**
 * One transaction holds a transaction-scoped advisory lock keyed by the schema, so instances starting together queue
 * behind the first; the others then find every version applied and do nothing. A failed migration rolls back whole.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return inTransaction(pool, async (db) => {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('rollcall.migrations:' || coalesce(current_schema(), '')))`);
    await db.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)',
    );
    const applied = new Set((await rows<{ version: number }>(db, 'SELECT version FROM schema_migrations')).map((r) => r.version));
    const ran: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await db.query(migration.postgres);
      await db.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [migration.version, migration.name]);
      ran.push(migration.version);
    }
    return ran;
  });
}
