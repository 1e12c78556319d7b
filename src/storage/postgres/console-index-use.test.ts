// EXPLAIN proves the console's People, Groups, members and activity queries read through indexes on PostgreSQL,
// so they stay fast at 1,000,000 users (design.md section 10); the statements are the ones the store runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { activityListSql, groupsSql, membersSql, numbered, peopleSql, type Sql } from '../sql/console-queries.js';
import { planNodes, type PlanNode } from './testing/plan-nodes.js';
import { testPool } from './testing/test-pool.js';
import { requirePostgres } from './testing/test-schema.js';

const available = await requirePostgres();
const ORG = 'org-console';

describe.skipIf(!available)('PostgreSQL console queries use indexes', () => {
  let pool: pg.Pool;
  let close = async () => {};

  beforeAll(async () => {
    ({ pool, close } = await testPool({ max: 2 }));
    for (const org of [ORG, 'org-other']) {
      await pool.query(`INSERT INTO orgs (id, slug, name, created_at) VALUES ($1, $1, $1, now())`, [org]);
      await pool.query(
        `INSERT INTO scim_users (id, org_id, user_name, user_name_ci, external_id, display_name, display_name_ci, active, created_at, updated_at, version, doc)
         SELECT $1 || '-u-' || i, $1, 'User' || i || '@x.com', 'user' || i || '@x.com', 'ext-' || i, 'Name ' || i, 'name ' || i, i % 50 <> 0, now(), now(), 1,
                jsonb_build_object('userName', 'User' || i || '@x.com')
         FROM generate_series(1, 20000) AS i`,
        [org],
      );
      await pool.query(`INSERT INTO scim_user_emails (user_seq, org_id, value_ci, type, is_primary) SELECT seq, org_id, 'mail' || seq || '@x.com', 'work', true FROM scim_users WHERE org_id = $1`, [org]);
      await pool.query(
        `INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, created_at, updated_at, version, doc)
         SELECT $1 || '-g-' || i, $1, 'Group ' || i, 'group ' || i, now(), now(), 1, jsonb_build_object('displayName', 'Group ' || i) FROM generate_series(1, 2000) AS i`,
        [org],
      );
      await pool.query(
        `INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id)
         SELECT g.seq, u.id, 'User', u.org_id FROM scim_users u JOIN scim_groups g ON g.org_id = u.org_id AND g.id = $1 || '-g-' || (u.seq % 2000 + 1)
         WHERE u.org_id = $1`,
        [org],
      );
      await pool.query(
        `INSERT INTO scim_activity (org_id, at, client, method, path, resource_type, resource_id, target, summary, outcome, status)
         SELECT $1, now() - (i || ' seconds')::interval, 'okta', 'POST', '/Users', 'User', $1 || '-u-' || i, 'user' || i, 'Okta created user' || i,
                CASE WHEN i % 20 = 0 THEN 'failure' ELSE 'success' END, 201
         FROM generate_series(1, 20000) AS i`,
        [org],
      );
    }
    await pool.query('ANALYZE');
  }, 120_000);

  afterAll(() => close());

  async function plan(sql: Sql): Promise<PlanNode[]> {
    const statement = numbered(sql);
    return planNodes(pool, statement.text, statement.params);
  }

  // Newest-first pages may walk (org_id, seq) or, where the org is much of the table, the primary key backwards:
  // both stop after one page. Either way no table is scanned whole.
  const cases: [string, Sql, string[]][] = [
    ['people, newest first', peopleSql(ORG, { limit: 51 }, (b) => b), ['scim_users_org_seq|scim_users_pkey']],
    ['people, deactivated only', peopleSql(ORG, { active: false, limit: 51 }, (b) => b), ['scim_users_org_active']],
    ['people, next page', peopleSql(ORG, { beforeSeq: 15000, limit: 51 }, (b) => b), ['scim_users_org_seq|scim_users_pkey']],
    ['people, search', peopleSql(ORG, { search: 'user1234', limit: 51 }, (b) => b), ['scim_users_user_name', 'scim_user_emails_value', 'scim_users_external_id']],
    ['groups, search', groupsSql(ORG, { search: 'group 12', limit: 51 }), ['scim_groups_display_name|scim_groups_pkey', 'scim_group_members_pkey']],
    ['group members page', membersSql(ORG, `${ORG}-g-1`, `${ORG}-u-5000`, 101), ['scim_group_members_pkey']],
    ['activity, newest first', activityListSql(ORG, { limit: 51 }), ['scim_activity_org|scim_activity_pkey']],
    ['activity of one person', activityListSql(ORG, { resourceId: `${ORG}-u-42`, limit: 21 }), ['scim_activity_resource']],
  ];

  it.each(cases)('%s reads through its index', async (_label, sql, indexes) => {
    const found = await plan(sql);
    const used = found.map((n) => n['Index Name']).filter(Boolean);
    const shape = JSON.stringify(found.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name']]));
    for (const choice of indexes) expect(choice.split('|').some((index) => used.includes(index)), shape).toBe(true);
    expect(found.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).toEqual([]);
  });
});
