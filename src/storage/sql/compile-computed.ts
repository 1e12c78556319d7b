// Exact, index-friendly forms of comparisons on computed attributes (SqlTarget.computed): compile-filter.ts tries
// these before computing the value for every row.
import type { CheckedCompare } from '../../scim/filter/checked.js';
import type { Bind, SqlDialect } from './dialect.js';
import { prefixUpperBound } from './prefix-range.js';
import type { ComputedMapping } from './sql-target.js';

export interface ComputedContext {
  readonly bind: Bind;
  readonly dialect: SqlDialect;
  readonly orgId: string | undefined;
  readonly scimBaseUrl: string | undefined;
}

/** The comparison through the mapping's columns and their indexes, or undefined when only computing the value will do. */
export function computedShortcut(computed: ComputedMapping, row: string, node: CheckedCompare, ctx: ComputedContext): string | undefined {
  if (node.value.type !== 'string') return undefined;
  const { value } = node.value;
  const { urlOf, foldedLookup } = computed;
  if (urlOf && node.op === 'eq' && node.caseExact && ctx.scimBaseUrl !== undefined) {
    // `{base}{prefix}{column}` equals the literal exactly when the literal starts so and the rest is the column.
    const prefix = `${ctx.scimBaseUrl}${urlOf.prefix}`;
    return value.startsWith(prefix) ? `${row}.${urlOf.column} = ${ctx.bind(value.slice(prefix.length))}` : '1 = 0';
  }
  if (!foldedLookup || node.caseExact || (node.op !== 'eq' && node.op !== 'sw')) return undefined;
  const literal = value.toLowerCase();
  const upper = node.op === 'sw' ? prefixUpperBound(literal) : undefined;
  if (node.op === 'sw' && (upper === undefined || literal === '')) return undefined;
  // The tenant: bound when the query names it, else the child row's own (org_id is on every child row).
  const org = () => (ctx.orgId !== undefined ? ctx.bind(ctx.orgId) : `${row}.org_id`);
  const test = (column: string) => {
    if (upper === undefined) return `${column} = ${ctx.bind(literal)}`;
    const ordered = ctx.dialect.ordered(column);
    return `(${ordered} >= ${ctx.bind(literal)} AND ${ordered} < ${ctx.bind(upper)})`;
  };
  return foldedLookup(row, org, test, ctx.dialect.name);
}
