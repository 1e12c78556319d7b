// Group-to-role mapping on SQLite: the mapping, and each user's resolved role kept current inside the very
// transaction that changes a membership, deletes a mapped group or changes the mapping.
import { ScimError } from '../../scim/errors.js';
import type { RoleMappingStore, StoredRoleMapping } from '../mapping-store.js';
import { roleChangedEvent, roleChanges } from '../role-events.js';
import type { AppendEvents } from './event-store.js';
import type { SqliteDatabase } from './open-database.js';
import { toResource, type ResourceRow } from './user-store.js';

/** Called by the group store inside its write transactions. */
export interface SqliteRoleSync {
  /** After members were added or removed: recalculates those users only, and only when the group is mapped. */
  membersChanged(orgId: string, groupId: string, userIds: readonly string[], at: string): void;
  /** Before a group is deleted: drops its rule and returns its user members, to pass to `recalculate` afterwards. */
  beforeGroupDelete(orgId: string, groupId: string, groupSeq: number): string[];
  recalculate(orgId: string, userIds: readonly string[], at: string): void;
}

const BEST_ROLE = `SELECT r.role FROM scim_group_members m
  JOIN scim_groups g ON g.seq = m.group_seq
  JOIN role_mapping_groups r ON r.org_id = m.org_id AND r.group_id = g.id
  WHERE m.org_id = ? AND m.member_id = ? AND m.member_type = 'User' ORDER BY r.priority LIMIT 1`;

/** Every user of the org with a role from a mapped group: the best-priority rule per user, in one statement. */
const RESOLVE_ALL = `INSERT INTO scim_user_roles (user_seq, org_id, role)
  SELECT user_seq, org_id, role FROM (
    SELECT u.seq AS user_seq, u.org_id, r.role, ROW_NUMBER() OVER (PARTITION BY u.seq ORDER BY r.priority) AS n
    FROM role_mapping_groups r
    JOIN scim_groups g ON g.org_id = r.org_id AND g.id = r.group_id
    JOIN scim_group_members m ON m.group_seq = g.seq AND m.member_type = 'User'
    JOIN scim_users u ON u.org_id = m.org_id AND u.id = m.member_id
    WHERE r.org_id = ?
  ) WHERE n = 1`;

export function sqliteRoleSync(db: SqliteDatabase, appendEvents: AppendEvents): SqliteRoleSync {
  const isMapped = db.prepare('SELECT 1 FROM role_mapping_groups WHERE org_id = ? AND group_id = ?').pluck();
  const defaultRole = db.prepare<[string], { default_role: string | null }>('SELECT default_role FROM role_mappings WHERE org_id = ?');
  const user = db.prepare<[string, string], ResourceRow>('SELECT seq, id, org_id, doc, created_at, updated_at, version FROM scim_users WHERE org_id = ? AND id = ?');
  const storedRole = db.prepare<[number], string>('SELECT role FROM scim_user_roles WHERE user_seq = ?').pluck();
  const bestRole = db.prepare<[string, string], string>(BEST_ROLE).pluck();
  const setRole = db.prepare('INSERT INTO scim_user_roles (user_seq, org_id, role) VALUES (?, ?, ?) ON CONFLICT (user_seq) DO UPDATE SET role = excluded.role');
  const clearRole = db.prepare('DELETE FROM scim_user_roles WHERE user_seq = ?');
  const deleteRule = db.prepare('DELETE FROM role_mapping_groups WHERE org_id = ? AND group_id = ?');
  const userMembers = db.prepare<[number], string>(`SELECT member_id FROM scim_group_members WHERE group_seq = ? AND member_type = 'User'`).pluck();
  const bump = db.prepare<[string, number], ResourceRow>(
    'UPDATE scim_users SET version = version + 1, updated_at = ? WHERE seq = ? RETURNING seq, id, org_id, doc, created_at, updated_at, version',
  );

  const recalculate = (orgId: string, userIds: readonly string[], at: string) => {
    const mapping = defaultRole.get(orgId);
    if (!mapping) return;
    for (const id of new Set(userIds)) {
      const row = user.get(orgId, id);
      if (!row) continue;
      const was = storedRole.get(row.seq);
      const is = bestRole.get(orgId, id);
      if (was === is) continue;
      if (is === undefined) clearRole.run(row.seq);
      else setRole.run(row.seq, orgId, is);
      const role = is ?? mapping.default_role;
      if ((was ?? mapping.default_role) === role) continue;
      appendEvents([roleChangedEvent(orgId, at, toResource(bump.get(at, row.seq)!), role)]);
    }
  };

  return {
    membersChanged(orgId, groupId, userIds, at) {
      if (userIds.length > 0 && isMapped.get(orgId, groupId)) recalculate(orgId, userIds, at);
    },
    beforeGroupDelete(orgId, groupId, groupSeq) {
      if (deleteRule.run(orgId, groupId).changes === 0) return [];
      return userMembers.all(groupSeq);
    },
    recalculate,
  };
}

export function sqliteRoleMappingStore(db: SqliteDatabase, appendEvents: AppendEvents): RoleMappingStore {
  const mappingRow = db.prepare<[string], { default_role: string | null; for_console: number; updated_at: string }>(
    'SELECT default_role, for_console, updated_at FROM role_mappings WHERE org_id = ?',
  );
  const rules = db.prepare<[string], { group_id: string; role: string; priority: number }>(
    'SELECT group_id, role, priority FROM role_mapping_groups WHERE org_id = ? ORDER BY priority',
  );
  const upsertMapping = db.prepare(
    `INSERT INTO role_mappings (org_id, default_role, for_console, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (org_id) DO UPDATE SET default_role = excluded.default_role, for_console = excluded.for_console, updated_at = excluded.updated_at`,
  );
  const clearRules = db.prepare('DELETE FROM role_mapping_groups WHERE org_id = ?');
  const insertRule = db.prepare('INSERT INTO role_mapping_groups (org_id, group_id, role, priority) VALUES (?, ?, ?, ?)');
  const groupExists = db.prepare('SELECT 1 FROM scim_groups WHERE org_id = ? AND id = ?').pluck();
  const storedRoles = db.prepare<[string], { user_seq: number; role: string }>('SELECT user_seq, role FROM scim_user_roles WHERE org_id = ?');
  const clearRoles = db.prepare('DELETE FROM scim_user_roles WHERE org_id = ?');
  const resolveAll = db.prepare(RESOLVE_ALL);
  const allUsers = db.prepare<[string], number>('SELECT seq FROM scim_users WHERE org_id = ?').pluck();
  const bump = db.prepare<[string, number], ResourceRow>(
    'UPDATE scim_users SET version = version + 1, updated_at = ? WHERE seq = ? RETURNING seq, id, org_id, doc, created_at, updated_at, version',
  );
  const rolesOf = db.prepare<[string, string], { id: string; role: string | null }>(
    `SELECT u.id, COALESCE(r.role, m.default_role) AS role FROM scim_users u
     JOIN role_mappings m ON m.org_id = u.org_id
     LEFT JOIN scim_user_roles r ON r.user_seq = u.seq
     WHERE u.org_id = ? AND u.id IN (SELECT value FROM json_each(?))`,
  );

  const get = (orgId: string): StoredRoleMapping => {
    const row = mappingRow.get(orgId);
    if (!row) return { defaultRole: null, forConsole: false, rules: [], updatedAt: null };
    return {
      defaultRole: row.default_role,
      forConsole: row.for_console === 1,
      rules: rules.all(orgId).map((r) => ({ groupId: r.group_id, role: r.role, priority: r.priority })),
      updatedAt: row.updated_at,
    };
  };

  const put = db.transaction((orgId: string, mapping: StoredRoleMapping, at: string): string[] => {
    for (const rule of mapping.rules) {
      if (!groupExists.get(orgId, rule.groupId)) throw ScimError.invalidValue(`rules: no group with id "${rule.groupId}" exists in this organization`);
    }
    const previousDefault = mappingRow.get(orgId)?.default_role ?? null;
    const before = new Map(storedRoles.all(orgId).map((r) => [r.user_seq, r.role]));
    upsertMapping.run(orgId, mapping.defaultRole, mapping.forConsole ? 1 : 0, at);
    clearRules.run(orgId);
    for (const rule of mapping.rules) insertRule.run(orgId, rule.groupId, rule.role, rule.priority);
    clearRoles.run(orgId);
    resolveAll.run(orgId);
    const after = new Map(storedRoles.all(orgId).map((r) => [r.user_seq, r.role]));
    // Unless the default changed, only users with a group role before or after can have a new role.
    const candidates = previousDefault === mapping.defaultRole ? new Set([...before.keys(), ...after.keys()]) : allUsers.all(orgId);
    const changed = roleChanges(candidates, before, previousDefault, after, mapping.defaultRole);
    const events = changed.map(({ key, role }) => roleChangedEvent(orgId, at, toResource(bump.get(at, key)!), role));
    appendEvents(events);
    return events.map((e) => e.resourceId);
  });

  return {
    async get(orgId) {
      return get(orgId);
    },
    async put(orgId, mapping, at) {
      return put.immediate(orgId, { ...mapping, updatedAt: at }, at);
    },
    async rolesOf(orgId, userIds) {
      if (userIds.length === 0) return new Map();
      const found = rolesOf.all(orgId, JSON.stringify(userIds));
      return new Map(found.flatMap((r) => (r.role === null ? [] : [[r.id, r.role] as const])));
    },
  };
}
