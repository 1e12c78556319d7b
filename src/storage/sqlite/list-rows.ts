// Runs a list query (filter, sort, window) on SQLite with the shared SQL builders and returns rows in result order.
import {
  bucketRowsSql,
  bucketStartSql,
  bucketTotalSql,
  compileCount,
  compileExistsBeyond,
  compileRows,
  knownTotal,
  usesSeqBuckets,
} from '../sql/compile-list.js';
import type { CompiledSql } from '../sql/compile-filter.js';
import { sqliteDialect } from '../sql/dialect.js';
import type { SqlTarget } from '../sql/sql-target.js';
import type { ListQuery, ListResult } from '../store.js';
import type { SqliteDatabase } from './open-database.js';
import { StatementCache } from './statement-cache.js';
import type { ResourceRow } from './user-store.js';

export type RowLister = (orgId: string, query: ListQuery) => ListResult<ResourceRow>;

export function sqliteRowLister(db: SqliteDatabase, target: SqlTarget): RowLister {
  const cache = new StatementCache(db);
  const one = <T>(c: CompiledSql) => cache.get(c.sql).get(...c.params) as T | undefined;
  const all = (c: CompiledSql) => cache.get(c.sql).all(...c.params) as ResourceRow[];
  const dialect = sqliteDialect;

  return (orgId, query) => {
    const window = query.window;
    let total: number;
    let rows: ResourceRow[];
    if (usesSeqBuckets(query) && window.kind === 'offset') {
      total = one<{ n: number }>(bucketTotalSql(dialect, orgId, target.resourceType))?.n ?? 0;
      const start = window.offset < total ? one<{ bucket: number; before: number }>(bucketStartSql(dialect, orgId, target.resourceType, window.offset)) : undefined;
      rows = start ? all(bucketRowsSql(target, dialect, orgId, start.bucket, window.offset - start.before, window.limit)) : [];
    } else {
      rows = all(compileRows(target, dialect, orgId, query));
      total = knownTotal(window, rows.length) ?? one<{ n: number }>(compileCount(target, dialect, orgId, query))?.n ?? 0;
    }
    const extra = rows.length > window.limit;
    if (extra) rows = rows.slice(0, window.limit);
    const beyond = (side: 'before' | 'after', seq: number) => one(compileExistsBeyond(target, dialect, orgId, query, side, seq)) !== undefined;
    switch (window.kind) {
      case 'offset':
        return { totalResults: total, resources: rows, hasMoreBefore: window.offset > 0 && total > 0, hasMoreAfter: extra };
      case 'after':
        return { totalResults: total, resources: rows, hasMoreBefore: beyond('before', window.seq + 1), hasMoreAfter: extra };
      case 'before':
        return { totalResults: total, resources: rows.reverse(), hasMoreBefore: extra, hasMoreAfter: beyond('after', window.seq - 1) };
    }
  };
}
