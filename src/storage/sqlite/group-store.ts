// SCIM Groups on SQLite: members live in their own table, so membership changes never rewrite the group.
import { ScimError } from '../../scim/errors.js';
import { versionMismatchError } from '../store-errors.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import { groupSqlTarget } from '../sql/sql-target.js';
import { sqliteRowLister } from './list-rows.js';
import { groupColumns } from '../resource-columns.js';
import type { ChangeContext, DocUpdate, GroupStore, GroupUpdate, MemberChange, MemberInput, MemberRef, ResolvedMember, StoredGroup } from '../store.js';
import type { SqliteDatabase } from './open-database.js';
import { toResource, type ResourceRow } from './user-store.js';
import { groupEvent, memberEvents, netMemberChange, type MemberSummary } from '../event-drafts.js';
import type { AppendEvents } from './event-store.js';
import type { SqliteRoleSync } from './role-store.js';
import { userRoleSql } from '../role-events.js';
import type { GroupCommit } from './group-commit.js';

interface MemberDiff {
  readonly added: readonly MemberRef[];
  readonly removed: readonly MemberRef[];
}

interface MemberRow {
  member_id: string;
  member_type: 'User' | 'Group';
  display: string | null;
}

export function sqliteGroupStore(
  db: SqliteDatabase,
  recordChange: (orgId: string, type: string, id: string, action: string, version: number | null, change: ChangeContext) => void,
  appendEvents: AppendEvents,
  roles: SqliteRoleSync,
  commit: GroupCommit,
): GroupStore {
  const columns = 'seq, id, org_id, doc, created_at, updated_at, version';
  const insert = db.prepare(
    `INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, external_id, created_at, updated_at, version, doc)
     VALUES (@id, @orgId, @displayName, @displayNameCi, @externalId, @at, @at, 1, @doc)`,
  );
  const get = db.prepare<[string, string], ResourceRow>(`SELECT ${columns} FROM scim_groups WHERE org_id = ? AND id = ?`);
  const update = db.prepare(
    `UPDATE scim_groups SET display_name = @displayName, display_name_ci = @displayNameCi, external_id = @externalId,
       updated_at = @at, version = version + 1, doc = @doc WHERE seq = @seq`,
  );
  const members = db.prepare<[number], MemberRow>(
    `SELECT m.member_id, m.member_type, COALESCE(u.display_name, u.user_name, g.display_name) AS display
     FROM scim_group_members m
     LEFT JOIN scim_users u ON m.member_type = 'User' AND u.id = m.member_id
     LEFT JOIN scim_groups g ON m.member_type = 'Group' AND g.id = m.member_id
     WHERE m.group_seq = ? ORDER BY m.member_id`,
  );
  const clearMembers = db.prepare('DELETE FROM scim_group_members WHERE group_seq = ?');
  const addMember = db.prepare(
    'INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const memberRefs = db.prepare<[number], { member_id: string; member_type: 'User' | 'Group' }>(
    'SELECT member_id, member_type FROM scim_group_members WHERE group_seq = ?',
  );
  const userRow = db.prepare<[string, string], ResourceRow & { role: string | null }>(
    `SELECT ${columns}, ${userRoleSql('scim_users')} AS role FROM scim_users WHERE org_id = ? AND id = ?`,
  );
  const userExists = db.prepare('SELECT 1 FROM scim_users WHERE org_id = ? AND id = ?').pluck();
  const groupExists = db.prepare('SELECT 1 FROM scim_groups WHERE org_id = ? AND id = ?').pluck();
  const removeMember = db.prepare<[number, string], { member_type: 'User' | 'Group' }>(
    'DELETE FROM scim_group_members WHERE group_seq = ? AND member_id = ? RETURNING member_type',
  );
  const touch = db.prepare('UPDATE scim_groups SET updated_at = ?, version = version + 1 WHERE seq = ?');
  const deleteGroup = db.prepare('DELETE FROM scim_groups WHERE seq = ?');
  const deleteAsMember = db.prepare(`DELETE FROM scim_group_members WHERE org_id = ? AND member_id = ? AND member_type = 'Group'`);

  const listRows = sqliteRowLister(db, groupSqlTarget);
  const params = (orgId: string, doc: JsonObject, at: string) => {
    const c = groupColumns(doc);
    return { orgId, displayName: c.displayName, displayNameCi: c.displayNameCi, externalId: c.externalId, at, doc: JSON.stringify(doc) };
  };
  // Member ids are checked inside the write transaction and scoped to the org, so org A can never add org B's people.
  const writeMembers = (seq: number, orgId: string, refs: readonly MemberRef[]): MemberDiff => {
    const before = currentRefs(seq);
    clearMembers.run(seq);
    for (const ref of refs) {
      const exists = ref.type === 'User' ? userExists.get(orgId, ref.id) : groupExists.get(orgId, ref.id);
      if (!exists) throw ScimError.invalidValue(`members: no ${ref.type} with id "${ref.id}" exists in this organization`);
      addMember.run(seq, ref.id, ref.type, orgId);
    }
    return diff(before, currentRefs(seq));
  };
  const currentRefs = (seq: number): Map<string, MemberRef['type']> => new Map(memberRefs.all(seq).map((m) => [m.member_id, m.member_type]));
  const diff = (before: Map<string, MemberRef['type']>, after: Map<string, MemberRef['type']>): MemberDiff => ({
    added: [...after].filter(([id]) => !before.has(id)).map(([id, type]) => ({ id, type })),
    removed: [...before].filter(([id]) => !after.has(id)).map(([id, type]) => ({ id, type })),
  });
  // The member side of each membership event, read inside the write transaction (users as they are now).
  const summaries = (orgId: string, refs: readonly MemberRef[]): MemberSummary[] =>
    refs.map((ref): MemberSummary => {
      if (ref.type === 'User') {
        const row = userRow.get(orgId, ref.id);
        if (row) return { type: 'User', user: toResource(row), role: row.role };
      }
      const group = get.get(orgId, ref.id);
      return { type: 'Group', id: ref.id, display: group ? groupColumns(JSON.parse(group.doc) as JsonObject).displayName : null };
    });
  // Resolved roles follow membership in the same transaction, after the membership events.
  const recalculateRoles = (orgId: string, groupId: string, at: string, changes: MemberDiff) =>
    roles.membersChanged(orgId, groupId, [...changes.added, ...changes.removed].filter((m) => m.type === 'User').map((m) => m.id), at);
  const membershipEvents = (orgId: string, at: string, group: ResourceRow, changes: MemberDiff) =>
    memberEvents(orgId, at, toResource(group), summaries(orgId, changes.added), summaries(orgId, changes.removed));
  // A PATCH member may come without `type` (Okta, Entra, JumpCloud never send it): Users first, then Groups.
  const memberType = (orgId: string, input: MemberInput): 'User' | 'Group' | undefined => {
    if (input.type) return (input.type === 'User' ? userExists : groupExists).get(orgId, input.id) ? input.type : undefined;
    if (userExists.get(orgId, input.id)) return 'User';
    return groupExists.get(orgId, input.id) ? 'Group' : undefined;
  };
  const addMembers = (seq: number, orgId: string, inputs: readonly MemberInput[]): MemberRef[] => {
    const added: MemberRef[] = [];
    for (const input of inputs) {
      const type = memberType(orgId, input);
      if (!type) throw ScimError.invalidValue(`members: no ${input.type ?? 'User or Group'} with id "${input.id}" exists in this organization`);
      if (addMember.run(seq, input.id, type, orgId).changes > 0) added.push({ id: input.id, type });
    }
    return added;
  };
  const withMembers = (row: ResourceRow, include: boolean): StoredGroup => {
    const base = toResource(row);
    if (!include) return base;
    const list: ResolvedMember[] = members.all(row.seq).map((m) => ({ id: m.member_id, type: m.member_type, display: m.display }));
    return { ...base, members: list };
  };

  const create = db.transaction((orgId: string, id: string, doc: JsonObject, refs: readonly MemberRef[], change: ChangeContext) => {
    const seq = Number(insert.run({ id, ...params(orgId, doc, change.at) }).lastInsertRowid);
    const members = writeMembers(seq, orgId, refs);
    recordChange(orgId, 'Group', id, 'create', 1, change);
    const created = get.get(orgId, id)!;
    appendEvents([...groupEvent(orgId, change.at, undefined, toResource(created)), ...membershipEvents(orgId, change.at, created, members)]);
    recalculateRoles(orgId, id, change.at, members);
    return created;
  });
  const replace = db.transaction(
    (orgId: string, id: string, next: JsonObject | GroupUpdate, members: readonly MemberRef[], expected: number | undefined, change: ChangeContext) => {
      const row = get.get(orgId, id);
      if (!row) return undefined;
      if (expected !== undefined && row.version !== expected) {
        throw versionMismatchError(row.version);
      }
      // BEGIN IMMEDIATE holds the one write lock: a GroupUpdate (PATCH) sees the current group and no writer in between.
      const { doc, members: refs } = typeof next === 'function' ? next(withMembers(row, true)) : { doc: next, members };
      update.run({ seq: row.seq, ...params(orgId, doc, change.at) });
      const memberChange = writeMembers(row.seq, orgId, refs);
      recordChange(orgId, 'Group', id, 'replace', row.version + 1, change);
      const updated = get.get(orgId, id)!;
      const membersChanged = memberChange.added.length + memberChange.removed.length > 0;
      appendEvents([
        ...groupEvent(orgId, change.at, toResource(row), toResource(updated), membersChanged),
        ...membershipEvents(orgId, change.at, updated, memberChange),
      ]);
      recalculateRoles(orgId, id, change.at, memberChange);
      return updated;
    },
  );
  const modifyMembers = db.transaction(
    (orgId: string, id: string, delta: MemberChange, next: JsonObject | DocUpdate | undefined, expected: number | undefined, change: ChangeContext) => {
      const row = get.get(orgId, id);
      if (!row) return undefined;
      if (expected !== undefined && row.version !== expected) {
        throw versionMismatchError(row.version);
      }
      const doc = typeof next === 'function' ? next(toResource(row)) : next;
      const before = delta.replaceAll ? currentRefs(row.seq) : undefined;
      if (delta.replaceAll) clearMembers.run(row.seq);
      const removed: MemberRef[] = [];
      for (const memberId of delta.remove) {
        const gone = removeMember.get(row.seq, memberId);
        if (gone) removed.push({ id: memberId, type: gone.member_type });
      }
      const added = addMembers(row.seq, orgId, [...(delta.replaceAll ?? []), ...delta.add]);
      if (doc) update.run({ seq: row.seq, ...params(orgId, doc, change.at) });
      else touch.run(change.at, row.seq);
      recordChange(orgId, 'Group', id, 'patch', row.version + 1, change);
      const updated = get.get(orgId, id)!;
      // A replaceAll re-adds the members it keeps: only the difference is an event.
      const members = before ? diff(before, currentRefs(row.seq)) : netMemberChange(removed, added);
      const events = membershipEvents(orgId, change.at, updated, members);
      // The document changed, or nothing did (the version still moved): the group's own event records it.
      if (doc || events.length === 0) events.unshift(...groupEvent(orgId, change.at, toResource(row), toResource(updated)));
      appendEvents(events);
      recalculateRoles(orgId, id, change.at, members);
      return updated;
    },
  );
  const remove = db.transaction((orgId: string, id: string, expected: number | undefined, change: ChangeContext) => {
    const row = get.get(orgId, id);
    if (!row) return false;
    if (expected !== undefined && row.version !== expected) {
      throw versionMismatchError(row.version);
    }
    const formerMembers = roles.beforeGroupDelete(orgId, id, row.seq);
    deleteAsMember.run(orgId, id);
    deleteGroup.run(row.seq);
    recordChange(orgId, 'Group', id, 'delete', null, change);
    appendEvents(groupEvent(orgId, change.at, toResource(row), undefined));
    roles.recalculate(orgId, formerMembers, change.at);
    return true;
  });

  return {
    async create(orgId, group, change) {
      return withMembers(await commit(() => create(orgId, group.id, group.doc, group.members, change)), true);
    },
    async get(orgId, id, include) {
      const row = get.get(orgId, id);
      return row && withMembers(row, include);
    },
    async replace(orgId, id, doc, refs, expectedVersion, change) {
      const row = await commit(() => replace(orgId, id, doc, refs, expectedVersion, change));
      return row && withMembers(row, true);
    },
    async modifyMembers(orgId, id, delta, doc, expectedVersion, change) {
      const row = await commit(() => modifyMembers(orgId, id, delta, doc, expectedVersion, change));
      return row && withMembers(row, false);
    },
    async delete(orgId, id, expectedVersion, change) {
      return commit(() => remove(orgId, id, expectedVersion, change));
    },
    async list(orgId, query, include) {
      const result = await listRows(orgId, query);
      return { ...result, resources: result.resources.map((row) => withMembers(row, include)) };
    },
  };
}
