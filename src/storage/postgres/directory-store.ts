// Cursor-paged directory reads for the product team's API on PostgreSQL: every page is one index range scan that
// starts at the previous page's last row (seq, (updated_at, seq) or member id), so page 10,000 costs what page 1 does.
import type pg from 'pg';
import type { DirectoryStore } from '../product-store.js';
import type { ResolvedMember } from '../store.js';
import { one, rows } from './pg-queries.js';
import { toResource, type PgResourceRow } from './resource-row.js';

const COLUMNS = 'u.seq, u.id, u.org_id, u.doc, u.created_at, u.updated_at, u.version';
const EPOCH = '1970-01-01T00:00:00.000Z';

/** The statements, exported so the index-use test explains exactly these. */
export const PG_DIRECTORY_SQL = {
  // The position is a row comparison on (org_id, seq): only the tenant's (org_id, [active,] seq) index can start
  // there, so the planner never walks the primary key across other tenants' rows looking for this one's last page.
  // Separate statements per filter keep `active` a plain equality the index can match.
  bySeq: `SELECT ${COLUMNS} FROM scim_users u WHERE u.org_id = $1 AND (u.org_id, u.seq) > ($1, $2) ORDER BY u.seq LIMIT $3`,
  activeBySeq: `SELECT ${COLUMNS} FROM scim_users u WHERE u.org_id = $1 AND u.active = $4 AND (u.org_id, u.active, u.seq) > ($1, $4, $2) ORDER BY u.seq LIMIT $3`,
  byUpdated: `SELECT ${COLUMNS} FROM scim_users u
     WHERE u.org_id = $1 AND u.updated_at >= $2 AND (u.updated_at, u.seq) > ($3, $4) AND ($5::boolean IS NULL OR u.active = $5)
     ORDER BY u.updated_at, u.seq LIMIT $6`,
  groupSeq: 'SELECT seq FROM scim_groups WHERE org_id = $1 AND id = $2',
  groupUsers: `SELECT ${COLUMNS} FROM scim_group_members m JOIN scim_users u ON u.id = m.member_id
     WHERE m.group_seq = $1 AND m.member_id > $2 AND m.member_type = 'User' AND u.org_id = $3
       AND ($4::boolean IS NULL OR u.active = $4) AND ($5::timestamptz IS NULL OR u.updated_at >= $5)
     ORDER BY m.member_id LIMIT $6`,
  groups: 'SELECT seq, id, org_id, doc, created_at, updated_at, version FROM scim_groups WHERE org_id = $1 AND (org_id, seq) > ($1, $2) ORDER BY seq LIMIT $3',
  members: `SELECT m.member_id AS id, m.member_type AS type, coalesce(u.display_name, u.user_name, g.display_name) AS display
     FROM scim_group_members m
     LEFT JOIN scim_users u ON m.member_type = 'User' AND u.id = m.member_id
     LEFT JOIN scim_groups g ON m.member_type = 'Group' AND g.id = m.member_id
     WHERE m.group_seq = $1 AND m.member_id > $2 ORDER BY m.member_id LIMIT $3`,
} as const;

export function pgDirectoryStore(pool: pg.Pool): DirectoryStore {
  const sql = PG_DIRECTORY_SQL;
  const groupSeq = async (orgId: string, groupId: string) => (await one<{ seq: number }>(pool, sql.groupSeq, [orgId, groupId]))?.seq;
  return {
    async users(orgId, query) {
      const afterSeq = query.after?.seq ?? 0;
      if (query.updatedSince !== undefined) {
        const values = [orgId, query.updatedSince, query.after?.updatedAt ?? EPOCH, afterSeq, query.active ?? null, query.limit];
        return (await rows<PgResourceRow>(pool, sql.byUpdated, values)).map(toResource);
      }
      const found =
        query.active === undefined
          ? await rows<PgResourceRow>(pool, sql.bySeq, [orgId, afterSeq, query.limit])
          : await rows<PgResourceRow>(pool, sql.activeBySeq, [orgId, afterSeq, query.limit, query.active]);
      return found.map(toResource);
    },
    async groupUsers(orgId, groupId, query) {
      const seq = await groupSeq(orgId, groupId);
      if (seq === undefined) return undefined;
      const values = [seq, query.afterId ?? '', orgId, query.active ?? null, query.updatedSince ?? null, query.limit];
      return (await rows<PgResourceRow>(pool, sql.groupUsers, values)).map(toResource);
    },
    async groups(orgId, afterSeq, limit) {
      return (await rows<PgResourceRow>(pool, sql.groups, [orgId, afterSeq ?? 0, limit])).map(toResource);
    },
    async members(orgId, groupId, afterId, limit) {
      const seq = await groupSeq(orgId, groupId);
      if (seq === undefined) return undefined;
      const found = await rows<{ id: string; type: 'User' | 'Group'; display: string | null }>(pool, sql.members, [seq, afterId ?? '', limit]);
      return found.map((row): ResolvedMember => ({ id: row.id, type: row.type, display: row.display }));
    },
  };
}
