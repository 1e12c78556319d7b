// Group-to-role mapping on PostgreSQL: the mapping, and each user's resolved role kept current inside the very
// transaction that changes a membership, deletes a mapped group or changes the mapping.
import type pg from 'pg';
import { ScimError } from '../../scim/errors.js';
import type { RoleMappingStore, StoredRoleMapping } from '../mapping-store.js';
import { roleChangedEvent, roleChanges } from '../role-events.js';
import { appendEvents } from './event-store.js';
import { inTransaction, one, rows, type Queryable } from './pg-queries.js';
import { RESOURCE_COLUMNS, toResource, type PgResourceRow } from './resource-row.js';

/**
 * Serialises a mapping change with membership changes of the same organization. A row lock on role_mappings would
 * not do: the first mapping's row is invisible to other transactions until it commits.
 */
const MAPPING_LOCK = 'rollcall.role-mapping:';

/** The shared side of that lock, taken by membership changes: an expression on the organization id `org`. */
export const shareMappingLock = (org: string): string => `pg_advisory_xact_lock_shared(hashtext('${MAPPING_LOCK}' || ${org}))`;
const SHARE_MAPPING_LOCK = `SELECT ${shareMappingLock('$1')}`;

const BEST_ROLE = `(SELECT r.role FROM scim_group_members m
  JOIN scim_groups g ON g.seq = m.group_seq
  JOIN role_mapping_groups r ON r.org_id = m.org_id AND r.group_id = g.id
  WHERE m.org_id = u.org_id AND m.member_id = u.id AND m.member_type = 'User' ORDER BY r.priority LIMIT 1)`;

const RESOLVE_ALL = `INSERT INTO scim_user_roles (user_seq, org_id, role)
  SELECT user_seq, org_id, role FROM (
    SELECT u.seq AS user_seq, u.org_id, r.role, ROW_NUMBER() OVER (PARTITION BY u.seq ORDER BY r.priority) AS n
    FROM role_mapping_groups r
    JOIN scim_groups g ON g.org_id = r.org_id AND g.id = r.group_id
    JOIN scim_group_members m ON m.group_seq = g.seq AND m.member_type = 'User'
    JOIN scim_users u ON u.org_id = m.org_id AND u.id = m.member_id
    WHERE r.org_id = $1
  ) best WHERE n = 1`;

/** New version and updated_at for users whose role changed, and their user.updated events. */
async function bumpAndAnnounce(db: Queryable, orgId: string, at: string, changes: readonly { key: number; role: string | null }[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const bumped = await rows<PgResourceRow>(
    db,
    `UPDATE scim_users SET version = version + 1, updated_at = $1 WHERE seq = ANY($2::bigint[]) RETURNING ${RESOURCE_COLUMNS}`,
    [at, changes.map((c) => c.key)],
  );
  const roleOf = new Map(changes.map((c) => [c.key, c.role]));
  const events = bumped.sort((a, b) => a.seq - b.seq).map((row) => roleChangedEvent(orgId, at, toResource(row), roleOf.get(Number(row.seq)) ?? null));
  await appendEvents(db, events);
  return events.map((e) => e.resourceId);
}

/**
 * Recalculates these users' roles. Their rows are locked first (in id order, so concurrent writers cannot deadlock):
 * two membership changes of one person in different groups apply in turn, the second seeing the first's members.
 */
export async function recalculateRoles(db: Queryable, orgId: string, userIds: readonly string[], at: string): Promise<void> {
  if (userIds.length === 0) return;
  const mapping = await one<{ default_role: string | null }>(db, 'SELECT default_role FROM role_mappings WHERE org_id = $1', [orgId]);
  if (!mapping) return;
  const ids = [...new Set(userIds)].sort();
  await db.query('SELECT seq FROM scim_users WHERE org_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR NO KEY UPDATE', [orgId, ids]);
  const resolved = await rows<{ seq: string; was: string | null; is: string | null }>(
    db,
    `SELECT u.seq, r.role AS was, ${BEST_ROLE} AS is FROM scim_users u LEFT JOIN scim_user_roles r ON r.user_seq = u.seq
     WHERE u.org_id = $1 AND u.id = ANY($2::text[])`,
    [orgId, ids],
  );
  const moved = resolved.filter((r) => r.was !== r.is);
  if (moved.length === 0) return;
  const set = moved.filter((r) => r.is !== null);
  const cleared = moved.filter((r) => r.is === null);
  if (set.length > 0) {
    await db.query(
      `INSERT INTO scim_user_roles (user_seq, org_id, role) SELECT s, $1, r FROM unnest($2::bigint[], $3::text[]) AS t(s, r)
       ON CONFLICT (user_seq) DO UPDATE SET role = excluded.role`,
      [orgId, set.map((r) => r.seq), set.map((r) => r.is)],
    );
  }
  if (cleared.length > 0) await db.query('DELETE FROM scim_user_roles WHERE user_seq = ANY($1::bigint[])', [cleared.map((r) => r.seq)]);
  const key = (r: { seq: string }) => Number(r.seq);
  const before = new Map(moved.flatMap((r) => (r.was === null ? [] : [[key(r), r.was] as const])));
  const after = new Map(moved.flatMap((r) => (r.is === null ? [] : [[key(r), r.is] as const])));
  await bumpAndAnnounce(db, orgId, at, roleChanges(moved.map(key), before, mapping.default_role, after, mapping.default_role));
}

/** After members were added or removed: recalculates those users only, and only when the group is mapped. */
export async function membersChangedRoles(db: Queryable, orgId: string, groupId: string, userIds: readonly string[], at: string): Promise<void> {
  if (userIds.length === 0) return;
  // Shared with other membership changes, exclusive with a mapping change: whichever commits second sees the other.
  await db.query(SHARE_MAPPING_LOCK, [orgId]);
  if (!(await one(db, 'SELECT 1 FROM role_mapping_groups WHERE org_id = $1 AND group_id = $2', [orgId, groupId]))) return;
  await recalculateRoles(db, orgId, userIds, at);
}

/** Before a group is deleted: drops its rule and returns its user members, to recalculate once it is gone. */
export async function beforeGroupDeleteRoles(db: Queryable, orgId: string, groupId: string, groupSeq: number): Promise<string[]> {
  await db.query(SHARE_MAPPING_LOCK, [orgId]);
  const dropped = await db.query('DELETE FROM role_mapping_groups WHERE org_id = $1 AND group_id = $2', [orgId, groupId]);
  if ((dropped.rowCount ?? 0) === 0) return [];
  return (await rows<{ member_id: string }>(db, `SELECT member_id FROM scim_group_members WHERE group_seq = $1 AND member_type = 'User'`, [groupSeq])).map(
    (r) => r.member_id,
  );
}

export function pgRoleMappingStore(pool: pg.Pool): RoleMappingStore {
  const storedRoles = async (db: Queryable, orgId: string) =>
    new Map((await rows<{ user_seq: string; role: string }>(db, 'SELECT user_seq, role FROM scim_user_roles WHERE org_id = $1', [orgId])).map((r) => [Number(r.user_seq), r.role]));

  return {
    async get(orgId): Promise<StoredRoleMapping> {
      // Read after every group write (console role sync): a named statement, parsed once per connection.
      const row = (
        await pool.query<{ default_role: string | null; for_console: boolean; updated_at: string }>({
          name: 'rollcall-role-mapping-get',
          text: 'SELECT default_role, for_console, updated_at FROM role_mappings WHERE org_id = $1',
          values: [orgId],
        })
      ).rows[0];
      if (!row) return { defaultRole: null, forConsole: false, rules: [], updatedAt: null };
      const rules = await rows<{ group_id: string; role: string; priority: number }>(
        pool,
        'SELECT group_id, role, priority FROM role_mapping_groups WHERE org_id = $1 ORDER BY priority',
        [orgId],
      );
      return { defaultRole: row.default_role, forConsole: row.for_console, rules: rules.map((r) => ({ groupId: r.group_id, role: r.role, priority: r.priority })), updatedAt: row.updated_at };
    },

    async put(orgId, mapping, at) {
      return inTransaction(pool, async (db) => {
        await db.query(`SELECT pg_advisory_xact_lock(hashtext('${MAPPING_LOCK}' || $1))`, [orgId]);
        // Group deletions take the same lock (shared), so the groups found here stay until this commits; no row lock
        // on them, which would deadlock with a membership change holding its group and waiting for this lock.
        await db.query('INSERT INTO role_mappings (org_id, default_role, updated_at) VALUES ($1, NULL, $2) ON CONFLICT (org_id) DO NOTHING', [orgId, at]);
        const previous = await one<{ default_role: string | null; updated_at: string }>(db, 'SELECT default_role, updated_at FROM role_mappings WHERE org_id = $1 FOR UPDATE', [orgId]);
        const ids = mapping.rules.map((r) => r.groupId);
        const found = new Set((await rows<{ id: string }>(db, 'SELECT id FROM scim_groups WHERE org_id = $1 AND id = ANY($2::text[])', [orgId, ids])).map((r) => r.id));
        const missing = ids.find((id) => !found.has(id));
        if (missing !== undefined) throw ScimError.invalidValue(`rules: no group with id "${missing}" exists in this organization`);
        const previousDefault = previous?.default_role ?? null;
        const before = await storedRoles(db, orgId);
        await db.query('UPDATE role_mappings SET default_role = $2, for_console = $3, updated_at = $4 WHERE org_id = $1', [orgId, mapping.defaultRole, mapping.forConsole, at]);
        await db.query('DELETE FROM role_mapping_groups WHERE org_id = $1', [orgId]);
        if (mapping.rules.length > 0) {
          await db.query(
            'INSERT INTO role_mapping_groups (org_id, group_id, role, priority) SELECT $1, g, r, p FROM unnest($2::text[], $3::text[], $4::integer[]) AS t(g, r, p)',
            [orgId, ids, mapping.rules.map((r) => r.role), mapping.rules.map((r) => r.priority)],
          );
        }
        await db.query('DELETE FROM scim_user_roles WHERE org_id = $1', [orgId]);
        await db.query(RESOLVE_ALL, [orgId]);
        const after = await storedRoles(db, orgId);
        // Unless the default changed, only users with a group role before or after can have a new role.
        const candidates =
          previousDefault === mapping.defaultRole
            ? new Set([...before.keys(), ...after.keys()])
            : (await rows<{ seq: string }>(db, 'SELECT seq FROM scim_users WHERE org_id = $1', [orgId])).map((r) => Number(r.seq));
        return bumpAndAnnounce(db, orgId, at, roleChanges(candidates, before, previousDefault, after, mapping.defaultRole));
      });
    },

    async rolesOf(orgId, userIds) {
      if (userIds.length === 0) return new Map();
      const found = await rows<{ id: string; role: string | null }>(
        pool,
        `SELECT u.id, COALESCE(r.role, m.default_role) AS role FROM scim_users u
         JOIN role_mappings m ON m.org_id = u.org_id
         LEFT JOIN scim_user_roles r ON r.user_seq = u.seq
         WHERE u.org_id = $1 AND u.id = ANY($2::text[])`,
        [orgId, [...userIds]],
      );
      return new Map(found.flatMap((r) => (r.role === null ? [] : [[r.id, r.role] as const])));
    },
  };
}
