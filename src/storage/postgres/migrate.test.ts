// Migrations on PostgreSQL: safe when instances start together, and the same tables and columns as on SQLite.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations/all-migrations.js';
import { SQLITE_MIGRATIONS } from '../sqlite/migrations.js';
import { migratePostgres } from './migrate.js';
import { createPgPool } from './pg-pool.js';
import { createTestSchema, requirePostgres, type TestSchema } from './testing/test-schema.js';

const available = await requirePostgres();

/** Columns PostgreSQL adds where SQLite has an implicit rowid. */
// events.txid orders the feed on PostgreSQL only (SQLite has one writer, so seq is commit order).
const POSTGRES_ONLY = new Set(['scim_tokens.seq', 'events.txid']);

describe.skipIf(!available)('PostgreSQL migrations', () => {
  let schema: TestSchema | undefined;
  afterEach(async () => {
    await schema?.drop();
    schema = undefined;
  });

  it('apply exactly once when several instances migrate the same empty schema at once', async () => {
    schema = await createTestSchema();
    const pools = Array.from({ length: 4 }, () => createPgPool(schema!.url, { max: 2 }));
    try {
      const ran = await Promise.all(pools.map((pool) => migratePostgres(pool)));
      expect(ran.flat().sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version));
      const { rows } = await pools[0]!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migratePostgres(pools[1]!)).toEqual([]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('create the same tables and columns as the SQLite migrations', async () => {
    schema = await createTestSchema();
    const pool = createPgPool(schema.url, { max: 1 });
    const sqlite = new Database(':memory:');
    try {
      await migratePostgres(pool);
      for (const m of SQLITE_MIGRATIONS) sqlite.exec(m.sql);
      const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
      const sqliteColumns = tables.flatMap((t) => (sqlite.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => `${t}.${c.name}`));
      const { rows } = await pool.query<{ column: string }>(
        `SELECT table_name || '.' || column_name AS column FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'`,
      );
      const postgresColumns = rows.map((r) => r.column).filter((c) => !POSTGRES_ONLY.has(c));
      expect(postgresColumns.sort()).toEqual(sqliteColumns.sort());
    } finally {
      sqlite.close();
      await pool.end();
    }
  });
});
