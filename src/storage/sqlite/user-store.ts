// SCIM Users on SQLite: indexed columns for hot attributes, the rest of the resource as JSON in `doc`.
import { userNameTakenError, versionMismatchError } from '../store-errors.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import { userSqlTarget } from '../sql/sql-target.js';
import { sqliteDialect } from '../sql/dialect.js';
import { listedRow, sqliteRowLister, type ListedRow } from './list-rows.js';
import { emailRows, sameEmailRows, userColumns, type UserColumns } from '../resource-columns.js';
import type { ScimError } from '../../scim/errors.js';
import type { ChangeContext, DocUpdate, GroupRef, UserJson, NewUser, StoredResource, UserStore } from '../store.js';
import { isUniqueViolation, type SqliteDatabase } from './open-database.js';
import { memberEvents, userEvents } from '../event-drafts.js';
import type { AppendEvents } from './event-store.js';
import { userRoleSql } from '../role-events.js';
import { unparsedUser, type TextDocRow } from '../row-mappers.js';
import type { GroupCommit } from './group-commit.js';
import { userUpdater, type IndexedUserRow } from './user-update.js';

/** A resource row as SQLite stores it: the document as JSON text. */
export type ResourceRow = TextDocRow;

/** A user row read inside a write, with its resolved role for the events (null: the organization maps no roles). */
type RowWithRole = ResourceRow & { role: string | null };
/** What a replace reads under the write lock: the row, its role and its indexed values. */
type RowForReplace = RowWithRole & IndexedUserRow;

export const toResource = (row: ResourceRow): StoredResource => ({
  seq: row.seq,
  id: row.id,
  orgId: row.org_id,
  doc: JSON.parse(row.doc) as JsonObject,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

/** The User `groups` read by `userGroupsJson`: [id, displayName] pairs. */
const groupRefs = (json: string): GroupRef[] => (JSON.parse(json) as [string, string][]).map(([id, displayName]) => ({ id, displayName }));

export function sqliteUserStore(
  db: SqliteDatabase,
  recordChange: (orgId: string, type: string, id: string, action: string, version: number | null, change: ChangeContext) => void,
  appendEvents: AppendEvents,
  commit: GroupCommit,
): UserStore {
  const insert = db.prepare(
    `INSERT INTO scim_users (id, org_id, user_name, user_name_ci, external_id, display_name, display_name_ci, active, created_at, updated_at, version, doc)
     VALUES (@id, @orgId, @userName, @userNameCi, @externalId, @displayName, @displayNameCi, @active, @at, @at, 1, @doc)`,
  );
  const get = db.prepare<[string, string], ResourceRow>('SELECT seq, id, org_id, doc, created_at, updated_at, version FROM scim_users WHERE org_id = ? AND id = ?');
  // Read as an array and shaped by listedRow, as list rows are: the driver's row objects cost twice as much.
  const getWithGroupsRow = db
    .prepare<[string, string], unknown[]>(
      `SELECT u.seq, u.id, u.org_id, u.doc, u.created_at, u.updated_at, u.version, ${sqliteDialect.userGroupsJson('u')} AS groups
       FROM scim_users u WHERE u.org_id = ? AND u.id = ?`,
    )
    .raw();
  const getWithGroups = (orgId: string, id: string) => {
    const row = getWithGroupsRow.get(orgId, id);
    return row && (listedRow(row) as ResourceRow & { groups: string });
  };
  const getWithRole = db.prepare<[string, string], RowWithRole>(
    `SELECT u.seq, u.id, u.org_id, u.doc, u.created_at, u.updated_at, u.version, ${userRoleSql('u')} AS role FROM scim_users u WHERE u.org_id = ? AND u.id = ?`,
  );
  const getForReplace = db.prepare<[string, string], RowForReplace>(
    `SELECT u.seq, u.id, u.org_id, u.doc, u.created_at, u.updated_at, u.version, u.user_name_ci, u.external_id, u.display_name_ci, u.active,
       ${userRoleSql('u')} AS role FROM scim_users u WHERE u.org_id = ? AND u.id = ?`,
  );
  const inactiveByExternalId = db.prepare<[string, string], ResourceRow>(
    'SELECT seq, id, org_id, doc, created_at, updated_at, version FROM scim_users WHERE org_id = ? AND external_id = ? AND active = 0 ORDER BY seq LIMIT 1',
  );
  const update = userUpdater(db);
  const deleteEmails = db.prepare('DELETE FROM scim_user_emails WHERE user_seq = ?');
  const insertEmail = db.prepare('INSERT INTO scim_user_emails (user_seq, org_id, value_ci, type, is_primary) VALUES (?, ?, ?, ?, ?)');
  const deleteUser = db.prepare('DELETE FROM scim_users WHERE seq = ?');
  const deleteMemberships = db.prepare('DELETE FROM scim_group_members WHERE org_id = ? AND member_id = ?');
  // Rows as arrays (raw): a page of 100 users reads ~100 memberships, and plain arrays cost a third less than objects.
  const groupsOf = db
    .prepare<[string, string], [string, string, string]>(
      `SELECT m.member_id, g.id, g.display_name FROM scim_group_members m JOIN scim_groups g ON g.seq = m.group_seq
       WHERE m.org_id = ? AND m.member_id IN (SELECT value FROM json_each(?)) ORDER BY g.seq`,
    )
    .raw();
  const groupsOfOne = db.prepare<[string, string], ResourceRow>(
    `SELECT g.seq, g.id, g.org_id, g.doc, g.created_at, g.updated_at, g.version FROM scim_group_members m JOIN scim_groups g ON g.seq = m.group_seq
     WHERE m.org_id = ? AND m.member_id = ? ORDER BY g.seq`,
  );
  const listRows = sqliteRowLister(db, userSqlTarget);

  const writeEmails = (seq: number, orgId: string, emails: UserColumns['emails']) => {
    deleteEmails.run(seq);
    for (const email of emails) insertEmail.run(seq, orgId, email.valueCi, email.type, email.primary ? 1 : 0);
  };
  const params = (orgId: string, doc: JsonObject, c: UserColumns, at: string) => ({
    orgId,
    userName: c.userName,
    userNameCi: c.userNameCi,
    externalId: c.externalId,
    displayName: c.displayName,
    displayNameCi: c.displayNameCi,
    active: c.active ? 1 : 0,
    at,
    doc: JSON.stringify(doc),
  });
  const checkVersion = (row: ResourceRow, expected: number | undefined) => {
    if (expected !== undefined && row.version !== expected) {
      throw versionMismatchError(row.version);
    }
  };

  const roleOfSeq = db.prepare<[number], string | null>(`SELECT ${userRoleSql('u')} FROM scim_users u WHERE u.seq = ?`).pluck();
  // The resource is built from what was written, not read back.
  const create = db.transaction((orgId: string, id: string, doc: JsonObject, change: ChangeContext) => {
    const columns = userColumns(doc);
    const info = insert.run({ id, ...params(orgId, doc, columns, change.at) });
    const seq = Number(info.lastInsertRowid);
    writeEmails(seq, orgId, columns.emails);
    recordChange(orgId, 'User', id, 'create', 1, change);
    const created: StoredResource = { seq, id, orgId, doc, createdAt: change.at, updatedAt: change.at, version: 1 };
    appendEvents(userEvents(orgId, change.at, undefined, created, roleOfSeq.get(seq) ?? null));
    return created;
  });
  // The rows and event of `create`, without reading the row back. A taken userName (or id) can only fail the first
  // INSERT, which SQLite then undoes alone: nothing of that user was written and the transaction goes on, so no
  // savepoint per user (one measured about a fifth slower).
  const createEach = db.transaction((orgId: string, users: readonly NewUser[], change: ChangeContext, maxFailures: number) => {
    const results: (StoredResource | ScimError)[] = [];
    let failures = 0;
    for (const user of users) {
      if (failures >= maxFailures) break;
      let seq: number;
      const columns = userColumns(user.doc);
      try {
        seq = Number(insert.run({ id: user.id, ...params(orgId, user.doc, columns, change.at) }).lastInsertRowid);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        failures++;
        results.push(userNameTakenError(String(user.doc['userName'])));
        continue;
      }
      writeEmails(seq, orgId, columns.emails);
      recordChange(orgId, 'User', user.id, 'create', 1, change);
      const created: StoredResource = { seq, id: user.id, orgId, doc: user.doc, createdAt: change.at, updatedAt: change.at, version: 1 };
      appendEvents(userEvents(orgId, change.at, undefined, created, roleOfSeq.get(seq) ?? null));
      results.push(created);
    }
    return results;
  });
  // The document the last replace tried to write, for the uniqueness error of a DocUpdate.
  let written: JsonObject | undefined;
  const replace = db.transaction((orgId: string, id: string, next: JsonObject | DocUpdate, expected: number | undefined, change: ChangeContext) => {
    const row = getForReplace.get(orgId, id);
    if (!row) return undefined;
    checkVersion(row, expected);
    // BEGIN IMMEDIATE holds the one write lock: a DocUpdate (PATCH) sees the current row and no writer in between.
    const before = toResource(row);
    const doc = typeof next === 'function' ? next(toResource(row)) : next;
    written = doc;
    const columns = userColumns(doc);
    update(row, { seq: row.seq, ...params(orgId, doc, columns, change.at) });
    // Email rows are rewritten only when they change (an IdP's PUT mostly resends them as they are).
    if (!sameEmailRows(emailRows(before.doc), columns.emails)) writeEmails(row.seq, orgId, columns.emails);
    recordChange(orgId, 'User', id, 'replace', row.version + 1, change);
    // A replace changes no membership, so the role read under the lock is the role after it.
    const updated: StoredResource = { ...before, doc, updatedAt: change.at, version: row.version + 1 };
    appendEvents(userEvents(orgId, change.at, before, updated, row.role));
    return updated;
  });
  const remove = db.transaction((orgId: string, id: string, expected: number | undefined, change: ChangeContext) => {
    const row = getWithRole.get(orgId, id);
    if (!row) return false;
    checkVersion(row, expected);
    const before = toResource(row);
    const groups = groupsOfOne.all(orgId, id);
    deleteMemberships.run(orgId, id);
    deleteUser.run(row.seq);
    recordChange(orgId, 'User', id, 'delete', null, change);
    // Leaving every group is part of the deletion: one member_removed per group, then user.deleted.
    appendEvents([
      ...groups.flatMap((g) => memberEvents(orgId, change.at, toResource(g), [], [{ type: 'User', user: before, role: row.role }])),
      ...userEvents(orgId, change.at, before, undefined, row.role),
    ]);
    return true;
  });

  const withUniqueness = <T>(doc: JsonObject | DocUpdate, work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (isUniqueViolation(error)) throw userNameTakenError(String((typeof doc === 'function' ? written : doc)?.['userName']));
      throw error;
    }
  };

  return {
    async create(orgId, user, change) {
      return commit(() => withUniqueness(user.doc, () => create(orgId, user.id, user.doc, change)));
    },
    async createEach(orgId, users, change, maxFailures) {
      return users.length === 0 ? [] : createEach.immediate(orgId, users, change, maxFailures);
    },
    async get(orgId, id) {
      const row = get.get(orgId, id);
      return row && toResource(row);
    },
    async getWithGroups(orgId, id) {
      const row = getWithGroups(orgId, id);
      return row && { ...toResource(row), groups: groupRefs(row.groups) };
    },
    async getWithGroupsJson(orgId, id) {
      const row = getWithGroups(orgId, id);
      return row && { ...unparsedUser(row), groups: groupRefs(row.groups) };
    },
    async findInactiveByExternalId(orgId, externalId) {
      const row = inactiveByExternalId.get(orgId, externalId);
      return row && toResource(row);
    },
    async findInactiveByExternalIds(orgId, externalIds) {
      const found = new Map<string, StoredResource>();
      for (const externalId of new Set(externalIds)) {
        const row = inactiveByExternalId.get(orgId, externalId);
        if (row) found.set(externalId, toResource(row));
      }
      return found;
    },
    async replace(orgId, id, doc, expectedVersion, change) {
      return commit(() => withUniqueness(doc, () => replace(orgId, id, doc, expectedVersion, change)));
    },
    async delete(orgId, id, expectedVersion, change) {
      return commit(() => remove(orgId, id, expectedVersion, change));
    },
    async list(orgId, query) {
      const result = await listRows(orgId, query);
      const withGroups = (row: ListedRow) => (row.groups === undefined ? toResource(row) : { ...toResource(row), groups: groupRefs(row.groups) });
      return { ...result, resources: result.resources.map(withGroups) };
    },
    async listJson(orgId, query) {
      const result = await listRows(orgId, query);
      const withGroups = (row: ListedRow): UserJson => (row.groups === undefined ? unparsedUser(row) : { ...unparsedUser(row), groups: groupRefs(row.groups) });
      return { ...result, resources: result.resources.map(withGroups) };
    },
    async groupsOf(orgId, userIds) {
      const result = new Map<string, GroupRef[]>(userIds.map((id) => [id, []]));
      if (userIds.length === 0) return result;
      // One query for the whole page: the member index answers each id.
      for (const [memberId, id, displayName] of groupsOf.all(orgId, JSON.stringify(userIds))) {
        result.get(memberId)?.push({ id, displayName });
      }
      return result;
    },
  };
}
