// EXPLAIN QUERY PLAN on a tenant of realistic size: filters on computed attributes that IdPs can send with eq reach
// their rows through indexes (design.md section 4), not by computing the value for every row.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFilter } from '../../scim/filter/check.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { groupResourceType, userResourceType } from '../../scim/schema/resource-types.js';
import { compileFilter } from '../sql/compile-filter.js';
import { sqliteDialect } from '../sql/dialect.js';
import { groupSqlTarget, userSqlTarget } from '../sql/sql-target.js';
import { BASE_URL, loadSqlite, ORG } from '../sql/testing/seed-resources.js';
import { registerScimFunctions } from './sql-functions.js';

const db = new Database(':memory:');
registerScimFunctions(db);

beforeAll(() => {
  loadSqlite(db, { users: [], groups: [] });
  // 20,000 users, 200 groups, 100,000 memberships.
  db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
    INSERT INTO scim_users (id, org_id, user_name, user_name_ci, display_name, display_name_ci, active, created_at, updated_at, version, doc)
    SELECT 'u-' || i, '${ORG}', 'User' || i, 'user' || i, 'Person ' || i, 'person ' || i, 1, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', 1, '{}' FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
    INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, created_at, updated_at, version, doc)
    SELECT 'g-' || i, '${ORG}', 'Group ' || i, 'group ' || i, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', 1, '{}' FROM n;
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
    INSERT OR IGNORE INTO scim_group_members (group_seq, member_id, member_type, org_id)
    SELECT (i % 200) + 1, 'u-' || ((i * 7) % 20000 + 1), 'User', '${ORG}' FROM n;
    ANALYZE;`);
});

function plan(filter: string, kind: 'User' | 'Group'): string {
  const [rt, target] = kind === 'User' ? [userResourceType, userSqlTarget] : [groupResourceType, groupSqlTarget];
  const { sql, params } = compileFilter(checkFilter(parseFilter(filter), rt), target, sqliteDialect, { orgId: ORG, scimBaseUrl: BASE_URL });
  const rows = db.prepare(`EXPLAIN QUERY PLAN SELECT ${target.alias}.id FROM ${target.table} ${target.alias} WHERE ${target.alias}.org_id = ? AND (${sql})`).all(ORG, ...params);
  return (rows as { detail: string }[]).map((row) => row.detail).join(' | ');
}

describe('computed attributes use indexes on SQLite', () => {
  it('members.display eq finds the member ids through the folded name indexes', () => {
    const details = plan('members.display eq "Person 77"', 'Group');
    expect(details).toContain('SEARCH c1u USING INDEX scim_users_display_name (org_id=? AND display_name_ci=?)');
    expect(details).toContain('SEARCH c1g USING INDEX scim_groups_display_name (org_id=? AND display_name_ci=?)');
    expect(details).not.toMatch(/SCAN c1|CORRELATED/);
  });

  it('members[display sw] reads a range of those indexes', () => {
    expect(plan('members[display sw "person 7"]', 'Group')).toContain('SEARCH c1u USING INDEX scim_users_display_name (org_id=? AND display_name_ci>? AND display_name_ci<?)');
  });

  it('meta.location eq reads the unique id index', () => {
    expect(plan(`meta.location eq "${BASE_URL.replace(/"/g, '\\"')}/Users/u-77"`, 'User')).toMatch(/USING INDEX sqlite_autoindex_scim_users_\d \(id=\?\)/);
  });
});
