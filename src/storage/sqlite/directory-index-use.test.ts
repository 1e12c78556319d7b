// EXPLAIN QUERY PLAN proves every directory read of /api/v1 on SQLite is an index range scan in the order it pages
// by: no table scan, no sort of the tenant (a temp b-tree), so a page deep in 1,000,000 users costs what the first does.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from './open-database.js';
import { SQLITE_DIRECTORY_SQL } from './directory-store.js';

const ORG = 'org-explain';
let db: SqliteDatabase;
let groupSeq: number;

beforeAll(() => {
  db = openSqlite(':memory:');
  for (const org of [ORG, 'org-other']) {
    db.prepare("INSERT INTO orgs (id, slug, name, created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z')").run(org, org, org);
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
       INSERT INTO scim_users (id, org_id, user_name, user_name_ci, active, created_at, updated_at, version, doc)
       SELECT ? || '-' || i, ?, 'u' || i, 'u' || i, i % 10 <> 0, '2026-01-01T00:00:00.000Z',
              strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (i % 97) || ' minutes'), 1, '{}' FROM n`,
    ).run(org, org);
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
       INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, created_at, updated_at, version, doc)
       SELECT ? || '-g-' || i, ?, 'G' || i, 'g' || i, '', '', 1, '{}' FROM n`,
    ).run(org, org);
  }
  const id = randomUUID();
  groupSeq = Number(
    db.prepare("INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, created_at, updated_at, version, doc) VALUES (?, ?, 'G', 'g', '', '', 1, '{}')").run(id, ORG)
      .lastInsertRowid,
  );
  db.prepare("INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id) SELECT ?, id, 'User', org_id FROM scim_users WHERE org_id = ? LIMIT 3000").run(groupSeq, ORG);
  db.prepare("INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id) SELECT ?, id, 'Group', org_id FROM scim_groups WHERE org_id = ? AND seq <> ? LIMIT 10").run(groupSeq, ORG, groupSeq);
  db.exec('ANALYZE');
});
afterAll(() => db.close());

function plan(sql: string, params: unknown[]): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

describe('SQLite directory reads use indexes in page order', () => {
  const sql = SQLITE_DIRECTORY_SQL;
  const cases: [string, string, () => unknown[], RegExp][] = [
    ['users by seq', sql.bySeq, () => [ORG, 2500, 101], /SEARCH u USING INDEX scim_users_org_seq \(org_id=\? AND seq>\?\)|SEARCH u USING INTEGER PRIMARY KEY/],
    ['active users by seq', sql.activeBySeq, () => [ORG, 1, 2500, 101], /SEARCH u USING INDEX scim_users_org_active \(org_id=\? AND active=\? AND rowid>\?\)/],
    ['users by update', sql.byUpdated, () => [ORG, '2026-01-01T00:30:00.000Z', null, null, 101], /SEARCH u USING INDEX scim_users_updated \(org_id=\? AND updated_at>\?\)/],
    [
      'users by update, after a cursor',
      sql.byUpdatedAfter,
      () => [ORG, '2026-01-01T00:40:00.000Z', 100, null, null, 101, ORG, '2026-01-01T00:40:00.000Z', null, null, 101, 101],
      /SEARCH u USING INDEX scim_users_updated \(org_id=\? AND updated_at=\? AND rowid>\?\)[\s\S]*SEARCH u USING INDEX scim_users_updated \(org_id=\? AND updated_at>\?\)/,
    ],
    ['users in a group', sql.groupUsers, () => [groupSeq, `${ORG}-2`, ORG, null, null, null, null, 101], /SEARCH m USING PRIMARY KEY \(group_seq=\? AND member_id>\?\)/],
    ['groups', sql.groups, () => [ORG, 0, 101], /SEARCH scim_groups USING (INDEX scim_groups_org_seq|INTEGER PRIMARY KEY)/],
    ['members', sql.members, () => [groupSeq, '', 101], /SEARCH m USING PRIMARY KEY \(group_seq=\? AND member_id>\?\)/],
  ];

  it.each(cases)('%s', (_label, statement, params, expected) => {
    const steps = plan(statement, params());
    expect(steps.join('\n')).toMatch(expected);
    // No table is scanned (a co-routine's "SCAN (subquery-N)" reads at most LIMIT rows of its own search).
    expect(steps.filter((s) => /^SCAN (?!\(subquery)/.test(s)), steps.join('\n')).toEqual([]);
    // No sort of the tenant; the only sorts allowed are of the two LIMIT-bounded halves merged for a cursor.
    if (!steps.includes('MERGE (UNION ALL)')) expect(steps.filter((s) => /TEMP B-TREE/.test(s)), steps.join('\n')).toEqual([]);
    expect(db.prepare(statement).all(...params()).length).toBeGreaterThan(0);
  });
});
