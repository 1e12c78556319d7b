// The shared list runner on PostgreSQL, through the pool and the PostgreSQL dialect; generated statements are named.
import type pg from 'pg';
import type { CompiledSql } from '../sql/compile-filter.js';
import { postgresDialect } from '../sql/dialect.js';
import { rowLister, type RowLister } from '../sql/list-rows.js';
import type { SqlTarget } from '../sql/sql-target.js';
import type { NamedQueryable } from './pg-queries.js';
import { preparedNames } from './prepared-names.js';
import type { PgResourceRow } from './resource-row.js';

/** `types` parses the page's rows when the pool's parsing is not what they need (jsonbAsText). */
export function pgRowLister<Row extends object = PgResourceRow>(db: NamedQueryable, target: SqlTarget, types?: pg.CustomTypesConfig): RowLister<Row> {
  const nameOf = preparedNames();
  const run = <R extends pg.QueryResultRow>(c: CompiledSql, rowTypes?: pg.CustomTypesConfig) => {
    const name = nameOf(c.sql);
    return db.query<R>({ ...(name === undefined ? {} : { name }), ...(rowTypes === undefined ? {} : { types: rowTypes }), text: c.sql, values: c.params });
  };
  return rowLister<Row>(
    {
      dialect: postgresDialect,
      first: async <T extends object>(c: CompiledSql) => (await run(c)).rows[0] as T | undefined,
      all: async <T extends object = Row>(c: CompiledSql) => (await run<T & pg.QueryResultRow>(c)).rows,
      rows: async (c: CompiledSql) => (await run<Row & pg.QueryResultRow>(c, types)).rows,
    },
    target,
  );
}
