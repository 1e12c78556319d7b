// Runs a list query (filter, sort, window) with the shared SQL builders on either engine and returns rows in
// result order; each engine only says how to run one statement.
import {
  BUCKETS_PER_GROUP,
  bucketGroupsSql,
  bucketRowsSql,
  bucketTotalSql,
  compileCount,
  compileExistsBeyond,
  compileRows,
  groupBucketsSql,
  knownTotal,
  locateOffset,
  SEQ_BUCKET_SIZE,
  usesSeqBuckets,
  type PlacedCount,
} from './compile-list.js';
import type { CompiledSql } from './compile-filter.js';
import type { SqlDialect } from './dialect.js';
import type { SqlTarget } from './sql-target.js';
import type { ListQuery, ListResult } from '../store.js';

/** How an engine runs one compiled statement. */
export interface SqlRunner<Row extends object> {
  readonly dialect: SqlDialect;
  first<T extends object>(statement: CompiledSql): Promise<T | undefined>;
  all<T extends object = Row>(statement: CompiledSql): Promise<T[]>;
  /** A statement selecting `resourceColumns`: the page's rows. */
  rows(statement: CompiledSql): Promise<Row[]>;
}

export type RowLister<Row> = (orgId: string, query: ListQuery) => Promise<ListResult<Row>>;

export function rowLister<Row extends object>(runner: SqlRunner<Row>, target: SqlTarget): RowLister<Row> {
  const { dialect } = runner;
  const { resourceType } = target;

  /** An offset page in the default order, located through the seq buckets, with the total. */
  const bucketPage = async (orgId: string, withGroups: boolean | undefined, offset: number, limit: number): Promise<{ total: number; found: Row[] }> => {
    const rowsFrom = (bucket: number, skip: number) => runner.rows(bucketRowsSql(target, dialect, orgId, bucket, skip, limit, withGroups));
    // A shallow page steps over fewer rows than a bucket holds: it reads from the tenant's first row.
    if (offset < SEQ_BUCKET_SIZE) {
      const total = (await runner.first<{ n: number }>(bucketTotalSql(dialect, orgId, resourceType)))?.n ?? 0;
      return { total, found: offset < total ? await rowsFrom(0, offset) : [] };
    }
    const groups = await runner.all<PlacedCount>(bucketGroupsSql(dialect, orgId, resourceType));
    const total = groups.reduce((sum, g) => sum + g.n, 0);
    const group = locateOffset(groups, offset);
    if (!group) return { total, found: [] };
    const inGroup = offset - group.before;
    const bucket = locateOffset(await runner.all<PlacedCount>(groupBucketsSql(dialect, orgId, resourceType, group.place)), inGroup);
    // A write between the two reads can move the row: then the page steps over rows from the group's start.
    if (!bucket) return { total, found: await rowsFrom(group.place * BUCKETS_PER_GROUP, inGroup) };
    return { total, found: await rowsFrom(bucket.place, inGroup - bucket.before) };
  };

  return async (orgId, query) => {
    const window = query.window;
    let total: number;
    let found: Row[];
    if (usesSeqBuckets(query) && window.kind === 'offset') {
      ({ total, found } = await bucketPage(orgId, query.withGroups, window.offset, window.limit));
    } else {
      found = await runner.rows(compileRows(target, dialect, orgId, query));
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
