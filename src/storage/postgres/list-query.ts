// Builds the SQL of a list page on PostgreSQL with the shared filter compiler and its PostgreSQL dialect
// (exported so tests can EXPLAIN exactly what the store runs).
import { checkFilter } from '../../scim/filter/check.js';
import type { CheckedFilter } from '../../scim/filter/checked.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { groupResourceType, userResourceType } from '../../scim/schema/resource-types.js';
import { compileFilter } from '../sql/compile-filter.js';
import { postgresDialect } from '../sql/dialect.js';
import type { SqlTarget } from '../sql/sql-target.js';
import type { ListFilter } from '../list-filter.js';
import { RESOURCE_COLUMNS } from './resource-row.js';

export interface PgStatement {
  readonly text: string;
  readonly values: unknown[];
}

export interface PgListSql {
  readonly count: PgStatement;
  readonly page: PgStatement;
}

/** Until ListQuery carries the checked filter itself, the storage ListFilter is re-read as the equivalent SCIM filter. */
export function checkedListFilter(filter: ListFilter | undefined, resourceType: 'User' | 'Group'): CheckedFilter | undefined {
  if (!filter) return undefined;
  const text = `${filter.attribute} eq ${JSON.stringify(filter.value)}`;
  return checkFilter(parseFilter(text), resourceType === 'User' ? userResourceType : groupResourceType);
}

export function pgListSql(target: SqlTarget, orgId: string, filter: CheckedFilter | undefined, page: { startIndex: number; count: number }): PgListSql {
  const a = target.alias;
  const values: unknown[] = [orgId];
  let where = `${a}.org_id = $1`;
  if (filter) {
    // orgId lets child-table conditions (emails.value) start from their (org_id, value) index.
    const compiled = compileFilter(filter, target, postgresDialect, { paramOffset: 1, orgId });
    values.push(...compiled.params);
    where += ` AND (${compiled.sql})`;
  }
  const from = `${target.table} ${a} WHERE ${where}`;
  const n = values.length;
  const columns = RESOURCE_COLUMNS.split(', ')
    .map((c) => `${a}.${c}`)
    .join(', ');
  return {
    count: { text: `SELECT count(*) AS n FROM ${from}`, values: [...values] },
    page: { text: `SELECT ${columns} FROM ${from} ORDER BY ${a}.seq LIMIT $${n + 1} OFFSET $${n + 2}`, values: [...values, page.count, page.startIndex - 1] },
  };
}
