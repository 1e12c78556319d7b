// SCIM Groups on PostgreSQL: one row per member in scim_group_members, so membership changes never rewrite the group.
import type pg from 'pg';
import { ScimError } from '../../scim/errors.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import { groupColumns } from '../resource-columns.js';
import { versionMismatchError } from '../store-errors.js';
import type { GroupStore, MemberRef, ResolvedMember, StoredGroup } from '../store.js';
import { groupSqlTarget } from '../sql/sql-target.js';
import type { RecordChange } from './change-log.js';
import { checkedListFilter, pgListSql } from './list-query.js';
import { inTransaction, one, rows, type Queryable } from './pg-queries.js';
import { RESOURCE_COLUMNS, toResource, type PgResourceRow } from './resource-row.js';

interface MemberRow {
  group_seq: number;
  member_id: string;
  member_type: 'User' | 'Group';
  display: string | null;
}

function columnValues(doc: JsonObject) {
  const c = groupColumns(doc);
  return [c.displayName, c.displayNameCi, c.externalId, JSON.stringify(doc)];
}

/** Members of several groups in one query, ordered by member id like SQLite (the columns use the "C" collation). */
async function membersOf(db: Queryable, seqs: readonly number[]): Promise<Map<number, ResolvedMember[]>> {
  const result = new Map<number, ResolvedMember[]>(seqs.map((seq) => [seq, []]));
  if (seqs.length === 0) return result;
  const found = await rows<MemberRow>(
    db,
    `SELECT m.group_seq, m.member_id, m.member_type, COALESCE(u.display_name, u.user_name, g.display_name) AS display
     FROM scim_group_members m
     LEFT JOIN scim_users u ON m.member_type = 'User' AND u.id = m.member_id
     LEFT JOIN scim_groups g ON m.member_type = 'Group' AND g.id = m.member_id
     WHERE m.group_seq = ANY($1::bigint[]) ORDER BY m.group_seq, m.member_id`,
    [[...seqs]],
  );
  for (const m of found) result.get(m.group_seq)?.push({ id: m.member_id, type: m.member_type, display: m.display });
  return result;
}

/** Checks every referenced member exists in this org (org A can never add org B's people), then inserts the rows. */
export async function insertMembers(db: Queryable, seq: number, orgId: string, refs: readonly MemberRef[]): Promise<void> {
  if (refs.length === 0) return;
  const existing = new Set<string>();
  for (const [type, table] of [
    ['User', 'scim_users'],
    ['Group', 'scim_groups'],
  ] as const) {
    const ids = refs.filter((r) => r.type === type).map((r) => r.id);
    if (ids.length === 0) continue;
    for (const row of await rows<{ id: string }>(db, `SELECT id FROM ${table} WHERE org_id = $1 AND id = ANY($2::text[])`, [orgId, ids])) {
      existing.add(`${type}:${row.id}`);
    }
  }
  const missing = refs.find((r) => !existing.has(`${r.type}:${r.id}`));
  if (missing) throw ScimError.invalidValue(`members: no ${missing.type} with id "${missing.id}" exists in this organization`);
  await db.query(
    `INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id)
     SELECT $1, r.member_id, r.member_type, $2 FROM unnest($3::text[], $4::text[]) AS r(member_id, member_type)
     ON CONFLICT DO NOTHING`,
    [seq, orgId, refs.map((r) => r.id), refs.map((r) => r.type)],
  );
}

export async function lockedGroup(db: Queryable, orgId: string, id: string, expected: number | undefined): Promise<PgResourceRow | undefined> {
  const row = await one<PgResourceRow>(db, `SELECT ${RESOURCE_COLUMNS} FROM scim_groups WHERE org_id = $1 AND id = $2 FOR UPDATE`, [orgId, id]);
  if (row && expected !== undefined && row.version !== expected) throw versionMismatchError(row.version);
  return row;
}

export function pgGroupStore(pool: pg.Pool, recordChange: RecordChange): GroupStore {
  const withMembers = async (db: Queryable, row: PgResourceRow, include: boolean): Promise<StoredGroup> => {
    const base = toResource(row);
    if (!include) return base;
    return { ...base, members: (await membersOf(db, [row.seq])).get(row.seq) ?? [] };
  };

  return {
    async create(orgId, group, change) {
      return inTransaction(pool, async (db) => {
        const row = (await one<PgResourceRow>(
          db,
          `INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, external_id, doc, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING ${RESOURCE_COLUMNS}`,
          [group.id, orgId, ...columnValues(group.doc), change.at],
        ))!;
        await insertMembers(db, row.seq, orgId, group.members);
        await recordChange(db, orgId, 'Group', group.id, 'create', 1, change);
        return withMembers(db, row, true);
      });
    },
    async get(orgId, id, include) {
      const row = await one<PgResourceRow>(pool, `SELECT ${RESOURCE_COLUMNS} FROM scim_groups WHERE org_id = $1 AND id = $2`, [orgId, id]);
      return row && withMembers(pool, row, include);
    },
    async replace(orgId, id, doc, refs, expectedVersion, change) {
      return inTransaction(pool, async (db) => {
        const current = await lockedGroup(db, orgId, id, expectedVersion);
        if (!current) return undefined;
        const row = (await one<PgResourceRow>(
          db,
          `UPDATE scim_groups SET display_name = $2, display_name_ci = $3, external_id = $4, doc = $5, updated_at = $6, version = version + 1
           WHERE seq = $1 RETURNING ${RESOURCE_COLUMNS}`,
          [current.seq, ...columnValues(doc), change.at],
        ))!;
        await db.query('DELETE FROM scim_group_members WHERE group_seq = $1', [current.seq]);
        await insertMembers(db, current.seq, orgId, refs);
        await recordChange(db, orgId, 'Group', id, 'replace', row.version, change);
        return withMembers(db, row, true);
      });
    },
    async delete(orgId, id, expectedVersion, change) {
      return inTransaction(pool, async (db) => {
        const current = await lockedGroup(db, orgId, id, expectedVersion);
        if (!current) return false;
        await db.query(`DELETE FROM scim_group_members WHERE org_id = $1 AND member_id = $2 AND member_type = 'Group'`, [orgId, id]);
        await db.query('DELETE FROM scim_groups WHERE seq = $1', [current.seq]);
        await recordChange(db, orgId, 'Group', id, 'delete', null, change);
        return true;
      });
    },
    async list(orgId, query, include) {
      const sql = pgListSql(groupSqlTarget, orgId, checkedListFilter(query.filter, 'Group'), query);
      const total = (await one<{ n: number }>(pool, sql.count.text, sql.count.values))!.n;
      const page = await rows<PgResourceRow>(pool, sql.page.text, sql.page.values);
      const members = include ? await membersOf(pool, page.map((r) => r.seq)) : undefined;
      return {
        totalResults: total,
        resources: page.map((row): StoredGroup => {
          const base = toResource(row);
          return members ? { ...base, members: members.get(row.seq) ?? [] } : base;
        }),
      };
    },
  };
}
