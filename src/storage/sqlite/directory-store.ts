// Cursor-paged directory reads for the product team's API on SQLite: every page is one index range scan that
// starts at the previous page's last row (seq, (updated_at, seq) or member id), so page 10,000 costs what page 1 does.
import type { DirectoryStore } from '../product-store.js';
import type { ResolvedMember } from '../store.js';
import type { SqliteDatabase } from './open-database.js';
import { toResource, type ResourceRow } from './user-store.js';

const COLUMNS = 'u.seq, u.id, u.org_id, u.doc, u.created_at, u.updated_at, u.version';
const flag = (active: boolean | undefined) => (active === undefined ? null : active ? 1 : 0);

/** The statements, exported so the index-use test explains exactly these. */
export const SQLITE_DIRECTORY_SQL = {
  // `? IS NULL OR active = ?` would hide the index from the planner, so the active filter has its own statement.
  bySeq: `SELECT ${COLUMNS} FROM scim_users u WHERE u.org_id = ? AND u.seq > ? ORDER BY u.seq LIMIT ?`,
  activeBySeq: `SELECT ${COLUMNS} FROM scim_users u INDEXED BY scim_users_org_active WHERE u.org_id = ? AND u.active = ? AND u.seq > ? ORDER BY u.seq LIMIT ?`,
  byUpdated: `SELECT ${COLUMNS} FROM scim_users u INDEXED BY scim_users_updated
     WHERE u.org_id = ? AND u.updated_at >= ? AND (? IS NULL OR u.active = ?) ORDER BY u.updated_at, u.seq LIMIT ?`,
  // After (updated_at, seq): SQLite seeks an index by a row value's first column only, so a page deep inside one
  // instant (a bulk import stamps thousands of users alike) would step over every earlier row of that instant. Two
  // seeks instead, each bounded by LIMIT: the rest of this instant by seq, then the later instants, merged in order.
  byUpdatedAfter: `SELECT * FROM (SELECT ${COLUMNS} FROM scim_users u INDEXED BY scim_users_updated
       WHERE u.org_id = ? AND u.updated_at = ? AND u.seq > ? AND (? IS NULL OR u.active = ?) ORDER BY u.seq LIMIT ?)
     UNION ALL SELECT * FROM (SELECT ${COLUMNS} FROM scim_users u INDEXED BY scim_users_updated
       WHERE u.org_id = ? AND u.updated_at > ? AND (? IS NULL OR u.active = ?) ORDER BY u.updated_at, u.seq LIMIT ?)
     ORDER BY updated_at, seq LIMIT ?`,
  groupSeq: 'SELECT seq FROM scim_groups WHERE org_id = ? AND id = ?',
  groupUsers: `SELECT ${COLUMNS} FROM scim_group_members m JOIN scim_users u ON u.id = m.member_id
     WHERE m.group_seq = ? AND m.member_id > ? AND m.member_type = 'User' AND u.org_id = ?
       AND (? IS NULL OR u.active = ?) AND (? IS NULL OR u.updated_at >= ?)
     ORDER BY m.member_id LIMIT ?`,
  groups: 'SELECT seq, id, org_id, doc, created_at, updated_at, version FROM scim_groups WHERE org_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  members: `SELECT m.member_id AS id, m.member_type AS type, coalesce(u.display_name, u.user_name, g.display_name) AS display
     FROM scim_group_members m
     LEFT JOIN scim_users u ON m.member_type = 'User' AND u.id = m.member_id
     LEFT JOIN scim_groups g ON m.member_type = 'Group' AND g.id = m.member_id
     WHERE m.group_seq = ? AND m.member_id > ? ORDER BY m.member_id LIMIT ?`,
} as const;

export function sqliteDirectoryStore(db: SqliteDatabase): DirectoryStore {
  const sql = SQLITE_DIRECTORY_SQL;
  const bySeq = db.prepare<[string, number, number], ResourceRow>(sql.bySeq);
  const activeBySeq = db.prepare<[string, number, number, number], ResourceRow>(sql.activeBySeq);
  const byUpdated = db.prepare<[string, string, number | null, number | null, number], ResourceRow>(sql.byUpdated);
  type AfterParams = [string, string, number, number | null, number | null, number, string, string, number | null, number | null, number, number];
  const byUpdatedAfter = db.prepare<AfterParams, ResourceRow>(sql.byUpdatedAfter);
  const groupSeq = db.prepare<[string, string], number>(sql.groupSeq).pluck();
  const groupUsers = db.prepare<[number, string, string, number | null, number | null, string | null, string | null, number], ResourceRow>(sql.groupUsers);
  const groups = db.prepare<[string, number, number], ResourceRow>(sql.groups);
  const members = db.prepare<[number, string, number], { id: string; type: 'User' | 'Group'; display: string | null }>(sql.members);

  return {
    async users(orgId, query) {
      const afterSeq = query.after?.seq ?? 0;
      if (query.updatedSince !== undefined) {
        const active = flag(query.active);
        const at = query.after?.updatedAt;
        // A cursor's instant is never before updated_since: its row passed the same filter.
        const rows =
          at === undefined
            ? byUpdated.all(orgId, query.updatedSince, active, active, query.limit)
            : byUpdatedAfter.all(orgId, at, afterSeq, active, active, query.limit, orgId, at, active, active, query.limit, query.limit);
        return rows.map(toResource);
      }
      const rows = query.active === undefined ? bySeq.all(orgId, afterSeq, query.limit) : activeBySeq.all(orgId, flag(query.active)!, afterSeq, query.limit);
      return rows.map(toResource);
    },
    async groupUsers(orgId, groupId, query) {
      const seq = groupSeq.get(orgId, groupId);
      if (seq === undefined) return undefined;
      const active = flag(query.active);
      const since = query.updatedSince ?? null;
      return groupUsers.all(seq, query.afterId ?? '', orgId, active, active, since, since, query.limit).map(toResource);
    },
    async groups(orgId, afterSeq, limit) {
      return groups.all(orgId, afterSeq ?? 0, limit).map(toResource);
    },
    async members(orgId, groupId, afterId, limit) {
      const seq = groupSeq.get(orgId, groupId);
      if (seq === undefined) return undefined;
      return members.all(seq, afterId ?? '', limit).map((row): ResolvedMember => ({ id: row.id, type: row.type, display: row.display }));
    },
  };
}
