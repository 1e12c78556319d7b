// EXPLAIN proves every directory read of /api/v1 on PostgreSQL is an index scan in the order it pages by: no
// sequential scan, no sort of the tenant, so a page deep in 1,000,000 users costs what the first does.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_DIRECTORY_SQL } from './directory-store.js';
import { planNodes } from './testing/plan-nodes.js';
import { testPool } from './testing/test-pool.js';
import { requirePostgres } from './testing/test-schema.js';

const available = await requirePostgres();
const ORG = 'org-explain';

describe.skipIf(!available)('PostgreSQL directory reads use indexes in page order', () => {
  let pool: pg.Pool;
  let close = async () => {};
  let groupSeq: number;

  beforeAll(async () => {
    ({ pool, close } = await testPool({ max: 2 }));
    for (const org of [ORG, 'org-other']) {
      await pool.query(`INSERT INTO orgs (id, slug, name, created_at) VALUES ($1, $1, $1, now())`, [org]);
      await pool.query(
        `INSERT INTO scim_users (id, org_id, user_name, user_name_ci, active, created_at, updated_at, version, doc)
         SELECT $1 || '-' || i, $1, 'u' || i, 'u' || i, i % 10 <> 0, '2026-01-01', timestamptz '2026-01-01' + (i % 97) * interval '1 minute', 1, '{}'
         FROM generate_series(1, 20000) AS i`,
        [org],
      );
      await pool.query(
        `INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, created_at, updated_at, version, doc)
         SELECT $1 || '-g-' || i, $1, 'G' || i, 'g' || i, now(), now(), 1, '{}' FROM generate_series(1, 1000) AS i`,
        [org],
      );
    }
    groupSeq = (await pool.query<{ seq: number }>(`SELECT seq FROM scim_groups WHERE id = $1`, [`${ORG}-g-1`])).rows[0]!.seq;
    await pool.query(
      `INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id) SELECT $1, id, 'User', org_id FROM scim_users WHERE org_id = $2 LIMIT 10000`,
      [groupSeq, ORG],
    );
    await pool.query(
      `INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id) SELECT $1, id, 'Group', org_id FROM scim_groups WHERE org_id = $2 AND seq <> $1 LIMIT 10`,
      [groupSeq, ORG],
    );
    await pool.query('ANALYZE');
  }, 60_000);

  afterAll(() => close());

  const sql = PG_DIRECTORY_SQL;
  const cases: [string, string, () => unknown[], string][] = [
    ['users by seq', sql.bySeq, () => [ORG, 10_000, 101], 'scim_users_org_seq'],
    // The last page of the first tenant: the next rows by seq all belong to the other tenant.
    ['the last page of users', sql.bySeq, () => [ORG, 19_990, 101], 'scim_users_org_seq'],
    ['active users by seq', sql.activeBySeq, () => [ORG, 10_000, 101, true], 'scim_users_org_active'],
    ['users by update', sql.byUpdated, () => [ORG, '2026-01-01T00:30:00.000Z', '2026-01-01T00:40:00.000Z', 100, null, 101], 'scim_users_org_updated_seq'],
    ['users in a group', sql.groupUsers, () => [groupSeq, `${ORG}-2`, ORG, null, null, 101], 'scim_group_members_pkey'],
    ['groups', sql.groups, () => [ORG, 0, 101], 'scim_groups_org_seq'],
    ['members', sql.members, () => [groupSeq, '', 101], 'scim_group_members_pkey'],
  ];

  it.each(cases)('%s reads through %s', async (_label, statement, params, index) => {
    const found = await planNodes(pool, statement, params());
    const described = JSON.stringify(found.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name']]));
    expect(found.map((n) => n['Index Name']), described).toContain(index);
    expect(found.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']), described).toEqual([]);
    expect(found.filter((n) => n['Node Type'] === 'Sort'), described).toEqual([]);
    expect((await pool.query(statement, params())).rowCount).toBeGreaterThan(0);
  });
});
