// Runs compiled filters and sorts on a real in-memory SQLite database and checks them against matchesFilter.
import Database from 'better-sqlite3';
import { registerScimFunctions } from '../sqlite/sql-functions.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkFilter } from '../../scim/filter/check.js';
import { matchesFilter } from '../../scim/filter/matches.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { resolveAttribute } from '../../scim/schema/resolve.js';
import { groupResourceType, userResourceType } from '../../scim/schema/resource-types.js';
import { compileFilter } from './compile-filter.js';
import { compileSort } from './compile-sort.js';
import { sqliteDialect } from './dialect.js';
import { groupSqlTarget, userSqlTarget } from './sql-target.js';
import { FILTER_ROWS, filterText, SORT_ROWS, sortInMemory, type ResourceKind } from './testing/equivalence-cases.js';
import { BASE_URL, generateResources, loadSqlite, ORG } from './testing/seed-resources.js';

const seeded = generateResources(300, 60);
const db = new Database(':memory:');
registerScimFunctions(db);
beforeAll(() => loadSqlite(db, seeded));

const kinds = {
  User: { rt: userResourceType, target: userSqlTarget, docs: seeded.users },
  Group: { rt: groupResourceType, target: groupSqlTarget, docs: seeded.groups },
} as const;

/** With `orgId`, child tables are reached by `IN (SELECT ...)`; without, by correlated EXISTS. Both must agree. */
function viaSql(filter: string, kind: ResourceKind, withOrg: boolean): string[] {
  const { rt, target } = kinds[kind];
  const { sql, params } = compileFilter(checkFilter(parseFilter(filter), rt), target, sqliteDialect, withOrg ? { orgId: ORG, scimBaseUrl: BASE_URL } : { scimBaseUrl: BASE_URL });
  const rows = db.prepare(`SELECT ${target.alias}.id FROM ${target.table} ${target.alias} WHERE ${target.alias}.org_id = ? AND (${sql}) ORDER BY ${target.alias}.seq`).all(ORG, ...params);
  return (rows as { id: string }[]).map((r) => r.id);
}

function inMemory(filter: string, kind: ResourceKind): string[] {
  const { rt, docs } = kinds[kind];
  const checked = checkFilter(parseFilter(filter), rt);
  return docs.filter((doc) => matchesFilter(checked, doc)).map((doc) => doc['id'] as string);
}

describe('compiled SQL agrees with matchesFilter on SQLite', () => {
  test.each(FILTER_ROWS)('%s', (filter, kind) => {
    const expected = inMemory(filter, kind);
    expect(viaSql(filter, kind, true)).toEqual(expected);
    expect(viaSql(filter, kind, false)).toEqual(expected);
  });

  test('the table rows are not trivially empty', () => {
    const sizes = FILTER_ROWS.map(([filter, kind]) => inMemory(filter, kind).length);
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(FILTER_ROWS.length * 0.8);
  });

  test('random valid filters select the same rows in SQL and in memory', () => {
    const cases = fc.constantFrom<ResourceKind>('User', 'Group').chain((kind) => filterText(kind).map((f) => [kind, f] as const));
    fc.assert(
      fc.property(cases, fc.boolean(), ([kind, filter], withOrg) => {
        expect(viaSql(filter, kind, withOrg)).toEqual(inMemory(filter, kind));
      }),
      { numRuns: 400 },
    );
  });
});

test('an email lookup starts from the email index, not from every user', () => {
  const { sql, params } = compileFilter(checkFilter(parseFilter('emails.value eq "x@example.com"'), userResourceType), userSqlTarget, sqliteDialect, { orgId: ORG });
  const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT u.id FROM scim_users u WHERE u.org_id = ? AND (${sql})`).all(ORG, ...params) as { detail: string }[];
  const details = plan.map((row) => row.detail).join(' | ');
  expect(details).toContain('USING INDEX scim_user_emails_value (org_id=? AND value_ci=?)');
  expect(details).not.toContain('SCAN');
});

test('userName sw uses the user-name index', () => {
  const { sql, params } = compileFilter(checkFilter(parseFilter('userName sw "J"'), userResourceType), userSqlTarget, sqliteDialect);
  const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT u.id FROM scim_users u WHERE u.org_id = ? AND (${sql})`).all(ORG, ...params) as { detail: string }[];
  expect(plan.map((row) => row.detail).join(' | ')).toContain('USING INDEX scim_users_user_name (org_id=? AND user_name_ci>? AND user_name_ci<?)');
});

test('meta.location eq reads the user through the id index', () => {
  const filter = `meta.location eq "${BASE_URL}/Users/u-42"`;
  const { sql, params } = compileFilter(checkFilter(parseFilter(filter), userResourceType), userSqlTarget, sqliteDialect, { orgId: ORG, scimBaseUrl: BASE_URL });
  const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT u.id FROM scim_users u WHERE u.org_id = ? AND (${sql})`).all(ORG, ...params) as { detail: string }[];
  expect(plan.map((row) => row.detail).join(' | ')).toMatch(/USING INDEX sqlite_autoindex_scim_users_\d \(id=\?\)/);
});

describe('compileSort on SQLite', () => {
  test.each(SORT_ROWS)('sortBy=%s sortOrder=%s (%s)', (sortBy, order, kind) => {
    const { rt, target, docs } = kinds[kind];
    const orderBy = compileSort(sortBy === undefined ? undefined : resolveAttribute(rt, sortBy), order, target, sqliteDialect);
    const rows = db.prepare(`SELECT id FROM ${target.table} ${target.alias} WHERE org_id = ? ORDER BY ${orderBy}`).all(ORG) as { id: string }[];
    expect(rows.map((r) => r.id)).toEqual(sortInMemory(docs, sortBy, order, rt));
  });
});
