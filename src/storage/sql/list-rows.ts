// Runs a list query (filter, sort, window) with the shared SQL builders on either engine and returns rows in
// result order; each engine only says how to run one statement.
import {
  bucketRowsSql,
  bucketStartSql,
  bucketTotalSql,
  compileCount,
  compileExistsBeyond,
  compileRows,
  knownTotal,
  usesSeqBuckets,
} from './compile-list.js';
import type { CompiledSql } from './compile-filter.js';
import type { SqlDialect } from './dialect.js';
import type { SqlTarget } from './sql-target.js';
import type { ListQuery, ListResult } from '../store.js';

/** How an engine runs one compiled statement. */
export interface SqlRunner<Row> {
  readonly dialect: SqlDialect;
  first<T extends object>(statement: CompiledSql): Promise<T | undefined>;
  all(statement: CompiledSql): Promise<Row[]>;
}

export type RowLister<Row> = (orgId: string, query: ListQuery) => Promise<ListResult<Row>>;

export function rowLister<Row>(runner: SqlRunner<Row>, target: SqlTarget): RowLister<Row> {
  const { dialect } = runner;
  return async (orgId, query) => {
    const window = query.window;
    let total: number;
    let found: Row[];
    if (usesSeqBuckets(query) && window.kind === 'offset') {
      total = (await runner.first<{ n: number }>(bucketTotalSql(dialect, orgId, target.resourceType)))?.n ?? 0;
      const start =
        window.offset < total ? await runner.first<{ bucket: number; before: number }>(bucketStartSql(dialect, orgId, target.resourceType, window.offset)) : undefined;
      found = start ? await runner.all(bucketRowsSql(target, dialect, orgId, start.bucket, window.offset - start.before, window.limit, query.withGroups)) : [];
    } else {
      found = await runner.all(compileRows(target, dialect, orgId, query));
      // A short page proves the total (userName eq, externalId eq): no COUNT.
      total = knownTotal(window, found.length) ?? (await runner.first<{ n: number }>(compileCount(target, dialect, orgId, query)))?.n ?? 0;
    }
    const extra = found.length > window.limit;
    if (extra) found = found.slice(0, window.limit);
    const beyond = async (side: 'before' | 'after', seq: number) =>
      (await runner.first(compileExistsBeyond(target, dialect, orgId, query, side, seq))) !== undefined;
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
