// Runs a list query (filter, sort, window) on PostgreSQL with the shared SQL builders and the PostgreSQL dialect,
// returning rows in result order: the same steps as the SQLite lister, so both engines page identically.
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
import { postgresDialect } from '../sql/dialect.js';
import type { SqlTarget } from '../sql/sql-target.js';
import type { ListQuery, ListResult } from '../store.js';
import { one, rows, type Queryable } from './pg-queries.js';
import type { PgResourceRow } from './resource-row.js';

export type PgRowLister = (orgId: string, query: ListQuery) => Promise<ListResult<PgResourceRow>>;

export function pgRowLister(db: Queryable, target: SqlTarget): PgRowLister {
  const dialect = postgresDialect;
  const first = <T extends object>(c: CompiledSql) => one<T & Record<string, unknown>>(db, c.sql, c.params);
  const all = (c: CompiledSql) => rows<PgResourceRow & Record<string, unknown>>(db, c.sql, c.params);

  return async (orgId, query) => {
    const window = query.window;
    let total: number;
    let found: PgResourceRow[];
    if (usesSeqBuckets(query) && window.kind === 'offset') {
      total = (await first<{ n: number }>(bucketTotalSql(dialect, orgId, target.resourceType)))?.n ?? 0;
      const start = window.offset < total ? await first<{ bucket: number; before: number }>(bucketStartSql(dialect, orgId, target.resourceType, window.offset)) : undefined;
      found = start ? await all(bucketRowsSql(target, dialect, orgId, start.bucket, window.offset - start.before, window.limit)) : [];
    } else {
      found = await all(compileRows(target, dialect, orgId, query));
      // A short page proves the total (userName eq, externalId eq): no COUNT round trip.
      total = knownTotal(window, found.length) ?? (await first<{ n: number }>(compileCount(target, dialect, orgId, query)))?.n ?? 0;
    }
    const extra = found.length > window.limit;
    if (extra) found = found.slice(0, window.limit);
    const beyond = async (side: 'before' | 'after', seq: number) => (await first(compileExistsBeyond(target, dialect, orgId, query, side, seq))) !== undefined;
    switch (window.kind) {
      case 'offset':
        return { totalResults: total, resources: found, hasMoreBefore: window.offset > 0 && total > 0, hasMoreAfter: extra };
      case 'after':
        return { totalResults: total, resources: found, hasMoreBefore: await beyond('before', window.seq + 1), hasMoreAfter: extra };
      case 'before':
        return { totalResults: total, resources: found.reverse(), hasMoreBefore: extra, hasMoreAfter: await beyond('after', window.seq - 1) };
    }
  };
}
