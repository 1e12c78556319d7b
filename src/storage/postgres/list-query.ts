// Builds the SQL of a list page on PostgreSQL (exported so tests can EXPLAIN exactly what the store runs).
import { ScimError } from '../../scim/errors.js';
import type { ListFilter } from '../list-filter.js';
import type { ListQuery } from '../store.js';

export interface PgListSql {
  readonly count: { readonly text: string; readonly values: unknown[] };
  readonly page: { readonly text: string; readonly values: unknown[] };
}

const COLUMNS: Record<'scim_users' | 'scim_groups', Record<ListFilter['attribute'], { column: string; folded: boolean } | undefined>> = {
  scim_users: {
    id: { column: 'id', folded: false },
    userName: { column: 'user_name_ci', folded: true },
    externalId: { column: 'external_id', folded: false },
    displayName: { column: 'display_name_ci', folded: true },
  },
  scim_groups: {
    id: { column: 'id', folded: false },
    userName: undefined,
    externalId: { column: 'external_id', folded: false },
    displayName: { column: 'display_name_ci', folded: true },
  },
};

export function pgListSql(table: 'scim_users' | 'scim_groups', columns: string, orgId: string, query: ListQuery): PgListSql {
  const values: unknown[] = [orgId];
  let where = 'org_id = $1';
  if (query.filter) {
    const mapped = COLUMNS[table][query.filter.attribute];
    if (!mapped) throw ScimError.invalidFilter(`Groups have no attribute "${query.filter.attribute}"`);
    values.push(mapped.folded ? query.filter.value.toLowerCase() : query.filter.value);
    where += ` AND ${mapped.column} = $2`;
  }
  const n = values.length;
  return {
    count: { text: `SELECT count(*) AS n FROM ${table} WHERE ${where}`, values: [...values] },
    page: {
      text: `SELECT ${columns} FROM ${table} WHERE ${where} ORDER BY seq LIMIT $${n + 1} OFFSET $${n + 2}`,
      values: [...values, query.count, query.startIndex - 1],
    },
  };
}
