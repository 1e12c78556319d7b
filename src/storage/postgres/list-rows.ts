// The shared list runner on PostgreSQL, through the pool and the PostgreSQL dialect.
import type { CompiledSql } from '../sql/compile-filter.js';
import { postgresDialect } from '../sql/dialect.js';
import { rowLister, type RowLister } from '../sql/list-rows.js';
import type { SqlTarget } from '../sql/sql-target.js';
import { one, rows, type Queryable } from './pg-queries.js';
import type { PgResourceRow } from './resource-row.js';

export function pgRowLister(db: Queryable, target: SqlTarget): RowLister<PgResourceRow> {
  return rowLister<PgResourceRow>(
    {
      dialect: postgresDialect,
      first: <T extends object>(c: CompiledSql) => one<T & Record<string, unknown>>(db, c.sql, c.params),
      all: (c: CompiledSql) => rows<PgResourceRow & Record<string, unknown>>(db, c.sql, c.params),
    },
    target,
  );
}
