// Builds the SQL of a list query (filter + sort + window) for either engine, tenant-scoped, values bound.
// Deep offsets over the default order are located through per-org seq buckets (see locateOffset) instead of
// stepping over every earlier row.
import type { ListQuery, ListWindow } from '../store.js';
import { compileFilter, type CompiledSql } from './compile-filter.js';
import { compileSort } from './compile-sort.js';
import type { SqlDialect } from './dialect.js';
import type { SqlTarget } from './sql-target.js';

/** Rows per seq bucket; a bucket-located page steps over fewer than this many rows. */
export const SEQ_BUCKET_SIZE = 1024;

class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: SqlDialect) {}
  bind(value: unknown): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length);
  }
}

export const resourceColumns = (target: SqlTarget, dialect?: SqlDialect, withGroups?: boolean): string =>
  ['seq', 'id', 'org_id', 'doc', 'created_at', 'updated_at', 'version'].map((c) => `${target.alias}.${c}`).join(', ') +
  (withGroups && dialect && target.resourceType === 'User' ? `, ${dialect.userGroupsJson(target.alias)} AS groups` : '');

function whereClause(target: SqlTarget, dialect: SqlDialect, orgId: string, query: ListQuery, params: Params): string {
  let where = `${target.alias}.${target.orgColumn} = ${params.bind(orgId)}`;
  if (query.filter) {
    const base = query.scimBaseUrl === undefined ? {} : { scimBaseUrl: query.scimBaseUrl };
    const compiled = compileFilter(query.filter, target, dialect, { paramOffset: params.values.length, orgId, ...base });
    params.values.push(...compiled.params);
    where += ` AND (${compiled.sql})`;
  }
  return where;
}

/** COUNT of the rows the filter matches. */
export function compileCount(target: SqlTarget, dialect: SqlDialect, orgId: string, query: ListQuery): CompiledSql {
  const params = new Params(dialect);
  const where = whereClause(target, dialect, orgId, query, params);
  return { sql: `SELECT count(*) AS n FROM ${target.table} ${target.alias} WHERE ${where}`, params: params.values };
}

/**
 * A page's row limit as an integer literal. Bound as a parameter, LIMIT made better-sqlite3's indexed page query
 * about 2.5x slower (about 12 us more per query; SQLite is built with STAT4), and the values are few (count + 1, capped),
 * so the statement cache still holds one statement per page size (docs/decisions/literal-page-limit.md).
 */
function limitLiteral(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`page limit must be a non-negative integer, got ${limit}`);
  return String(limit);
}

/**
 * The page itself. One extra row is asked for, so the caller learns whether more rows follow.
 * A `before` window reads backwards; the caller reverses it.
 */
export function compileRows(target: SqlTarget, dialect: SqlDialect, orgId: string, query: ListQuery): CompiledSql {
  const params = new Params(dialect);
  let where = whereClause(target, dialect, orgId, query, params);
  const seq = `${target.alias}.${target.seqColumn}`;
  const window = query.window;
  let order = compileSort(query.sort?.attribute, query.sort?.order ?? 'ascending', target, dialect);
  let tail: string;
  if (window.kind === 'offset') {
    tail = `LIMIT ${limitLiteral(window.limit + 1)} OFFSET ${params.bind(window.offset)}`;
  } else if (window.kind === 'after') {
    where += ` AND ${seq} > ${params.bind(window.seq)}`;
    tail = `LIMIT ${limitLiteral(window.limit + 1)}`;
  } else {
    where += ` AND ${seq} < ${params.bind(window.seq)}`;
    order = `${seq} DESC`;
    tail = `LIMIT ${limitLiteral(window.limit + 1)}`;
  }
  return { sql: `SELECT ${resourceColumns(target, dialect, query.withGroups)} FROM ${target.table} ${target.alias} WHERE ${where} ORDER BY ${order} ${tail}`, params: params.values };
}

/** Whether any filtered row lies on the other side of a cursor (for previousCursor / nextCursor). */
export function compileExistsBeyond(target: SqlTarget, dialect: SqlDialect, orgId: string, query: ListQuery, side: 'before' | 'after', seq: number): CompiledSql {
  const params = new Params(dialect);
  const where = whereClause(target, dialect, orgId, query, params);
  const op = side === 'before' ? '<' : '>';
  return {
    sql: `SELECT 1 AS found FROM ${target.table} ${target.alias} WHERE ${where} AND ${target.alias}.${target.seqColumn} ${op} ${params.bind(seq)} LIMIT 1`,
    params: params.values,
  };
}

/** True when the query can use the seq buckets: no filter, default order, offset window. */
export const usesSeqBuckets = (query: ListQuery): boolean => !query.filter && !query.sort && query.window.kind === 'offset';

/** Total rows of an org's resource type, summed from its buckets. */
export function bucketTotalSql(dialect: SqlDialect, orgId: string, resourceType: string): CompiledSql {
  return {
    sql: `SELECT COALESCE(sum(n), 0) AS n FROM scim_seq_buckets WHERE org_id = ${dialect.placeholder(1)} AND resource_type = ${dialect.placeholder(2)}`,
    params: [orgId, resourceType],
  };
}

/**
 * Buckets per group when locating a deep offset. Summing a running total over every bucket of a tenant with a
 * window function cost about 560 µs at 1,000,000 users (977 buckets) on SQLite; summing groups, then reading the
 * one group's buckets, cost about 150 µs and yields the total on the way.
 */
export const BUCKETS_PER_GROUP = 32;

/** A count of rows at one place (a bucket, or a group of buckets), in seq order. */
export interface PlacedCount {
  readonly place: number;
  readonly n: number;
}

/** Rows per group of buckets, in order; their sum is the total. */
export function bucketGroupsSql(dialect: SqlDialect, orgId: string, resourceType: string): CompiledSql {
  const p = (i: number) => dialect.placeholder(i);
  return {
    sql: `SELECT bucket / ${BUCKETS_PER_GROUP} AS place, sum(n) AS n FROM scim_seq_buckets
          WHERE org_id = ${p(1)} AND resource_type = ${p(2)} GROUP BY bucket / ${BUCKETS_PER_GROUP} ORDER BY place`,
    params: [orgId, resourceType],
  };
}

/** Rows per bucket of one group, in order (PostgreSQL counts a bucket in stripes: migration 11). */
export function groupBucketsSql(dialect: SqlDialect, orgId: string, resourceType: string, group: number): CompiledSql {
  const p = (i: number) => dialect.placeholder(i);
  return {
    sql: `SELECT bucket AS place, sum(n) AS n FROM scim_seq_buckets
          WHERE org_id = ${p(1)} AND resource_type = ${p(2)} AND bucket >= ${p(3)} AND bucket < ${p(4)} GROUP BY bucket ORDER BY bucket`,
    params: [orgId, resourceType, group * BUCKETS_PER_GROUP, (group + 1) * BUCKETS_PER_GROUP],
  };
}

/** The place holding the row at `offset` and the rows before it; undefined when the counts end first. */
export function locateOffset(counts: readonly PlacedCount[], offset: number): { place: number; before: number } | undefined {
  let before = 0;
  for (const { place, n } of counts) {
    if (before + n > offset) return { place, before };
    before += n;
  }
  return undefined;
}

/** The page, starting inside the located bucket. */
export function bucketRowsSql(
  target: SqlTarget,
  dialect: SqlDialect,
  orgId: string,
  bucket: number,
  offsetInBucket: number,
  limit: number,
  withGroups?: boolean,
): CompiledSql {
  const p = (i: number) => dialect.placeholder(i);
  const seq = `${target.alias}.${target.seqColumn}`;
  return {
    sql: `SELECT ${resourceColumns(target, dialect, withGroups)} FROM ${target.table} ${target.alias}
          WHERE ${target.alias}.${target.orgColumn} = ${p(1)} AND ${seq} >= ${p(2)} ORDER BY ${seq} LIMIT ${limitLiteral(limit + 1)} OFFSET ${p(3)}`,
    params: [orgId, bucket * SEQ_BUCKET_SIZE, offsetInBucket],
  };
}

/**
 * The total, when the page itself proves it: an offset page that came back short (the query asks for one row
 * more than the page) ends the result. Most filtered lists (userName eq, externalId eq) end on their first
 * page, so they never pay for a COUNT.
 */
export function knownTotal(window: ListWindow, fetched: number): number | undefined {
  if (window.kind !== 'offset' || fetched > window.limit) return undefined;
  if (fetched === 0 && window.offset > 0) return undefined;
  return window.offset + fetched;
}
