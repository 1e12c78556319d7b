// EXPLAIN proves the list queries IdPs send most use indexes on PostgreSQL (design.md section 4: no tenant scans).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { checkFilter } from '../../scim/filter/check.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { groupResourceType, userResourceType } from '../../scim/schema/resource-types.js';
import { groupSqlTarget, userSqlTarget, type SqlTarget } from '../sql/sql-target.js';
import { compileCount, compileRows } from '../sql/compile-list.js';
import type { CompiledSql } from '../sql/compile-filter.js';
import { postgresDialect } from '../sql/dialect.js';
import type { ListQuery } from '../store.js';
import { planNodes, type PlanNode } from './testing/plan-nodes.js';
import { testPool } from './testing/test-pool.js';
import { requirePostgres } from './testing/test-schema.js';

const available = await requirePostgres();
const ORG = 'org-explain';
const BASE_URL = 'https://rollcall.test/scim/v2';

describe.skipIf(!available)('PostgreSQL list queries use indexes', () => {
  let pool: pg.Pool;
  let close = async () => {};

  beforeAll(async () => {
    ({ pool, close } = await testPool({ max: 2 }));
    // Two tenants of realistic size, so the planner weighs index against sequential scans honestly.
    for (const [org, n] of [
      [ORG, 5000],
      ['org-other', 5000],
    ] as const) {
      await pool.query(`INSERT INTO orgs (id, slug, name, created_at) VALUES ($1, $1, $1, now())`, [org]);
      await pool.query(
        `INSERT INTO scim_users (id, org_id, user_name, user_name_ci, external_id, active, created_at, updated_at, version, doc)
         SELECT $1 || '-u-' || i, $1, 'User' || i || '@x.com', 'user' || i || '@x.com', 'ext-' || i, true, now(), now(), 1,
                jsonb_build_object('userName', 'User' || i || '@x.com')
         FROM generate_series(1, $2::int) AS i`,
        [org, n],
      );
      await pool.query(
        `INSERT INTO scim_user_emails (user_seq, org_id, value_ci, type, is_primary)
         SELECT seq, org_id, 'mail' || seq || '@x.com', 'work', true FROM scim_users WHERE org_id = $1`,
        [org],
      );
      await pool.query(
        `INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, created_at, updated_at, version, doc)
         SELECT $1 || '-g-' || i, $1, 'Group ' || i, 'group ' || i, now(), now(), 1, jsonb_build_object('displayName', 'Group ' || i)
         FROM generate_series(1, $2::int / 5) AS i`,
        [org, n],
      );
      // Every user in one group: group i holds users 5i-4 .. 5i.
      await pool.query(
        `INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id)
         SELECT g.seq, $1 || '-u-' || (5 * i - k), 'User', $1
         FROM generate_series(1, $2::int / 5) AS i CROSS JOIN generate_series(0, 4) AS k JOIN scim_groups g ON g.id = $1 || '-g-' || i`,
        [org, n],
      );
    }
    await pool.query('ANALYZE');
  }, 60_000);

  afterAll(() => close());

  const plan = (statement: CompiledSql): Promise<PlanNode[]> => planNodes(pool, statement.sql, statement.params);

  const cases: [string, SqlTarget, string, string][] = [
    ['userName eq', userSqlTarget, 'userName eq "USER42@x.com"', 'scim_users_user_name'],
    ['externalId eq', userSqlTarget, 'externalId eq "ext-42"', 'scim_users_external_id'],
    ['emails.value eq', userSqlTarget, 'emails.value eq "mail42@x.com"', 'scim_user_emails_value'],
    ['emails[value eq]', userSqlTarget, 'emails[value eq "mail42@x.com"]', 'scim_user_emails_value'],
    ['group displayName eq', groupSqlTarget, 'displayName eq "Group 7"', 'scim_groups_display_name'],
    // A computed URL: eq compares the id it ends with, so the unique id index answers it.
    // A member's name: no displayName here, so the userName, through the user-name index.
    ['members.display eq', groupSqlTarget, 'members.display eq "USER42@x.com"', 'scim_users_user_name'],
    ['meta.location eq', userSqlTarget, `meta.location eq "${BASE_URL}/Users/${ORG}-u-42"`, 'scim_users_id_key'],
  ];

  it.each(cases)('%s reads through %s', async (_label, target, filter, index) => {
    const resourceType = target === userSqlTarget ? userResourceType : groupResourceType;
    // Exactly the statements the PostgreSQL store runs for GET /Users?filter=... (src/storage/postgres/list-rows.ts).
    const query: ListQuery = { filter: checkFilter(parseFilter(filter), resourceType), window: { kind: 'offset', offset: 0, limit: 100 }, scimBaseUrl: BASE_URL };
    const page = compileRows(target, postgresDialect, ORG, query);
    for (const statement of [page, compileCount(target, postgresDialect, ORG, query)]) {
      const found = await plan(statement);
      expect(found.map((n) => n['Index Name'])).toContain(index);
      expect(found.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).toEqual([]);
    }
    const rows = await pool.query(page.sql, page.params);
    expect(rows.rowCount).toBe(1);
  });
});
