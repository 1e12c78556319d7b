// The shared list runner on SQLite: generated statements prepared once and reused by SQL text.
import type { CompiledSql } from '../sql/compile-filter.js';
import { sqliteDialect } from '../sql/dialect.js';
import { rowLister, type RowLister } from '../sql/list-rows.js';
import type { SqlTarget } from '../sql/sql-target.js';
import type { SqliteDatabase } from './open-database.js';
import { StatementCache } from './statement-cache.js';
import type { ResourceRow } from './user-store.js';

export function sqliteRowLister(db: SqliteDatabase, target: SqlTarget): RowLister<ResourceRow> {
  const cache = new StatementCache(db);
  return rowLister<ResourceRow>(
    {
      dialect: sqliteDialect,
      first: async <T extends object>(c: CompiledSql) => cache.get(c.sql).get(...c.params) as T | undefined,
      all: async <T extends object = ResourceRow>(c: CompiledSql) => cache.get(c.sql).all(...c.params) as T[],
    },
    target,
  );
}
