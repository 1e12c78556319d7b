// SCIM Groups on PostgreSQL: one row per member in scim_group_members, so membership changes never rewrite the group.
import type pg from 'pg';
import { ScimError } from '../../scim/errors.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import { groupColumns } from '../resource-columns.js';
import { versionMismatchError } from '../store-errors.js';
import type { GroupStore, MemberInput, MemberRef, ResolvedMember, StoredGroup } from '../store.js';
import { groupSqlTarget } from '../sql/sql-target.js';
import type { RecordChange } from './change-log.js';
import { pgRowLister } from './list-rows.js';
import { inTransaction, one, rows, type Queryable } from './pg-queries.js';
import { RESOURCE_COLUMNS, toResource, type PgResourceRow } from './resource-row.js';
import { groupEvent, memberEvents, netMemberChange, type EventDraft, type MemberSummary } from '../event-drafts.js';
import { userRoleSql } from '../role-events.js';
import { outboxAppender, type PgEventAppender } from './event-store.js';
import { isPlainMemberDelta, pgMemberPatch } from './member-patch.js';
import { beforeGroupDeleteRoles, membersChangedRoles, recalculateRoles } from './role-store.js';

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

/**
 * Resolves each member's type inside the write transaction, scoped to the org (org A can never add org B's people):
 * a given type must match; without one (PATCH from Okta, Entra, JumpCloud) Users are tried first, then Groups.
 * One query per table for the whole batch, so adding many members costs no round trip per member.
 */
async function resolveMembers(db: Queryable, orgId: string, inputs: readonly MemberInput[]): Promise<MemberRef[]> {
  if (inputs.length === 0) return [];
  const ids = [...new Set(inputs.map((m) => m.id))];
  // FOR KEY SHARE: a concurrent DELETE of one of these people (which locks the row FOR UPDATE first) either waits for
  // this transaction and then removes the new member rows too, or commits first and the id is reported missing.
  // SQLite needs no such lock: it has one writer at a time.
  const existing = async (table: string) =>
    new Set(
      (await rows<{ id: string }>(db, `SELECT id FROM ${table} WHERE org_id = $1 AND id = ANY($2::text[]) FOR KEY SHARE`, [orgId, ids])).map((r) => r.id),
    );
  const users = await existing('scim_users');
  const groups = await existing('scim_groups');
  return inputs.map((input) => {
    const type =
      input.type === 'User' ? (users.has(input.id) ? 'User' : undefined)
      : input.type === 'Group' ? (groups.has(input.id) ? 'Group' : undefined)
      : users.has(input.id) ? 'User'
      : groups.has(input.id) ? 'Group'
      : undefined;
    if (!type) throw ScimError.invalidValue(`members: no ${input.type ?? 'User or Group'} with id "${input.id}" exists in this organization`);
    return { id: input.id, type };
  });
}

/** Inserts member rows in one statement; a member already present stays as it is. Returns the rows inserted. */
async function insertMembers(db: Queryable, seq: number, orgId: string, inputs: readonly MemberInput[]): Promise<MemberRef[]> {
  const refs = await resolveMembers(db, orgId, inputs);
  if (refs.length === 0) return [];
  const inserted = await rows<{ member_id: string; member_type: 'User' | 'Group' }>(
    db,
    `INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id)
     SELECT $1, r.member_id, r.member_type, $2 FROM unnest($3::text[], $4::text[]) AS r(member_id, member_type)
     ON CONFLICT DO NOTHING RETURNING member_id, member_type`,
    [seq, orgId, refs.map((r) => r.id), refs.map((r) => r.type)],
  );
  return inserted.map((r) => ({ id: r.member_id, type: r.member_type }));
}

/** Deletes member rows (all, or the named ones) and returns those deleted. */
async function deleteMembers(db: Queryable, seq: number, ids?: readonly string[]): Promise<MemberRef[]> {
  const deleted = await rows<{ member_id: string; member_type: 'User' | 'Group' }>(
    db,
    ids === undefined
      ? 'DELETE FROM scim_group_members WHERE group_seq = $1 RETURNING member_id, member_type'
      : 'DELETE FROM scim_group_members WHERE group_seq = $1 AND member_id = ANY($2::text[]) RETURNING member_id, member_type',
    ids === undefined ? [seq] : [seq, [...ids]],
  );
  return deleted.map((r) => ({ id: r.member_id, type: r.member_type }));
}


/** One event per member changed, with each user as it is now (one query for the batch). */
async function membershipEvents(
  db: Queryable,
  orgId: string,
  at: string,
  group: PgResourceRow,
  change: { added: readonly MemberRef[]; removed: readonly MemberRef[] },
): Promise<EventDraft[]> {
  const all = [...change.added, ...change.removed];
  if (all.length === 0) return [];
  const users = new Map(
    (await rows<PgResourceRow & { role: string | null }>(
      db,
      `SELECT ${RESOURCE_COLUMNS}, ${userRoleSql('scim_users')} AS role FROM scim_users WHERE org_id = $1 AND id = ANY($2::text[])`,
      [orgId, all.filter((r) => r.type === 'User').map((r) => r.id)],
    )).map((r) => [r.id, { user: toResource(r), role: r.role }]),
  );
  const groups = new Map(
    (await rows<{ id: string; display_name: string }>(db, 'SELECT id, display_name FROM scim_groups WHERE org_id = $1 AND id = ANY($2::text[])', [
      orgId,
      all.filter((r) => r.type === 'Group').map((r) => r.id),
    ])).map((r) => [r.id, r.display_name]),
  );
  const summary = (ref: MemberRef): MemberSummary => {
    const user = ref.type === 'User' ? users.get(ref.id) : undefined;
    return user ? { type: 'User', ...user } : { type: 'Group', id: ref.id, display: groups.get(ref.id) ?? null };
  };
  return memberEvents(orgId, at, toResource(group), change.added.map(summary), change.removed.map(summary));
}

/** Resolved roles follow membership in the same transaction, after the membership events. */
const userIdsOf = (change: { added: readonly MemberRef[]; removed: readonly MemberRef[] }) =>
  [...change.added, ...change.removed].filter((m) => m.type === 'User').map((m) => m.id);

export async function lockedGroup(db: Queryable, orgId: string, id: string, expected: number | undefined): Promise<PgResourceRow | undefined> {
  const row = await one<PgResourceRow>(db, `SELECT ${RESOURCE_COLUMNS} FROM scim_groups WHERE org_id = $1 AND id = $2 FOR UPDATE`, [orgId, id]);
  if (row && expected !== undefined && row.version !== expected) throw versionMismatchError(row.version);
  return row;
}

export function pgGroupStore(pool: pg.Pool, recordChange: RecordChange, events: PgEventAppender = outboxAppender): GroupStore {
  const listRows = pgRowLister(pool, groupSqlTarget);
  const memberPatch = pgMemberPatch(pool, events);
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
        const added = await insertMembers(db, row.seq, orgId, group.members);
        await recordChange(db, orgId, 'Group', group.id, 'create', 1, change);
        await events.append(db, [
          ...groupEvent(orgId, change.at, undefined, toResource(row)),
          ...(await membershipEvents(db, orgId, change.at, row, { added, removed: [] })),
        ]);
        await membersChangedRoles(db, orgId, group.id, userIdsOf({ added, removed: [] }), change.at);
        return withMembers(db, row, true);
      });
    },
    async get(orgId, id, include) {
      const row = await one<PgResourceRow>(pool, `SELECT ${RESOURCE_COLUMNS} FROM scim_groups WHERE org_id = $1 AND id = $2`, [orgId, id]);
      return row && withMembers(pool, row, include);
    },
    async replace(orgId, id, update, members, expectedVersion, change) {
      return inTransaction(pool, async (db) => {
        const current = await lockedGroup(db, orgId, id, expectedVersion);
        if (!current) return undefined;
        // A GroupUpdate (full-document PATCH) runs on the group as locked, so overlapping PATCHes apply in turn.
        const { doc, members: refs } = typeof update === 'function' ? update(await withMembers(db, current, true)) : { doc: update, members };
        const row = (await one<PgResourceRow>(
          db,
          `UPDATE scim_groups SET display_name = $2, display_name_ci = $3, external_id = $4, doc = $5, updated_at = $6, version = version + 1
           WHERE seq = $1 RETURNING ${RESOURCE_COLUMNS}`,
          [current.seq, ...columnValues(doc), change.at],
        ))!;
        const removed = await deleteMembers(db, current.seq);
        const memberChange = netMemberChange(removed, await insertMembers(db, current.seq, orgId, refs));
        await recordChange(db, orgId, 'Group', id, 'replace', row.version, change);
        const membersChanged = memberChange.added.length + memberChange.removed.length > 0;
        await events.append(db, [
          ...groupEvent(orgId, change.at, toResource(current), toResource(row), membersChanged),
          ...(await membershipEvents(db, orgId, change.at, row, memberChange)),
        ]);
        await membersChangedRoles(db, orgId, id, userIdsOf(memberChange), change.at);
        return withMembers(db, row, true);
      });
    },
    async modifyMembers(orgId, id, delta, update, expectedVersion, change) {
      // Members only (the usual IdP PATCH): one round trip (member-patch.ts). A mapped group comes back here.
      if (update === undefined && isPlainMemberDelta(delta)) {
        const patched = await memberPatch(orgId, id, delta, expectedVersion, change);
        if (patched !== 'mapped') return patched;
      }
      return inTransaction(pool, async (db) => {
        const current = await lockedGroup(db, orgId, id, expectedVersion);
        if (!current) return undefined;
        const doc = typeof update === 'function' ? update(toResource(current)) : update;
        // Only the named rows are touched: a 100,000-member group is never read or rewritten.
        const removed = delta.replaceAll ? await deleteMembers(db, current.seq) : [];
        if (delta.remove.length > 0) removed.push(...(await deleteMembers(db, current.seq, delta.remove)));
        const added = await insertMembers(db, current.seq, orgId, [...(delta.replaceAll ?? []), ...delta.add]);
        const row = doc
          ? await one<PgResourceRow>(
              db,
              `UPDATE scim_groups SET display_name = $2, display_name_ci = $3, external_id = $4, doc = $5, updated_at = $6, version = version + 1
               WHERE seq = $1 RETURNING ${RESOURCE_COLUMNS}`,
              [current.seq, ...columnValues(doc), change.at],
            )
          : await one<PgResourceRow>(db, `UPDATE scim_groups SET updated_at = $2, version = version + 1 WHERE seq = $1 RETURNING ${RESOURCE_COLUMNS}`, [
              current.seq,
              change.at,
            ]);
        await recordChange(db, orgId, 'Group', id, 'patch', row!.version, change);
        // A replaceAll re-adds the members it keeps: only the difference is an event.
        const net = netMemberChange(removed, added);
        const drafts = await membershipEvents(db, orgId, change.at, row!, net);
        // The document changed, or nothing did (the version still moved): the group's own event records it.
        if (doc || drafts.length === 0) drafts.unshift(...groupEvent(orgId, change.at, toResource(current), toResource(row!)));
        await events.append(db, drafts);
        await membersChangedRoles(db, orgId, id, userIdsOf(net), change.at);
        return toResource(row!);
      });
    },
    async delete(orgId, id, expectedVersion, change) {
      return inTransaction(pool, async (db) => {
        const current = await lockedGroup(db, orgId, id, expectedVersion);
        if (!current) return false;
        const formerMembers = await beforeGroupDeleteRoles(db, orgId, id, current.seq);
        await db.query(`DELETE FROM scim_group_members WHERE org_id = $1 AND member_id = $2 AND member_type = 'Group'`, [orgId, id]);
        await db.query('DELETE FROM scim_groups WHERE seq = $1', [current.seq]);
        await recordChange(db, orgId, 'Group', id, 'delete', null, change);
        await events.append(db, groupEvent(orgId, change.at, toResource(current), undefined));
        await recalculateRoles(db, orgId, formerMembers, change.at);
        return true;
      });
    },
    async list(orgId, query, include) {
      const result = await listRows(orgId, query);
      const members = include ? await membersOf(pool, result.resources.map((r) => r.seq)) : undefined;
      return {
        ...result,
        resources: result.resources.map((row): StoredGroup => {
          const base = toResource(row);
          return members ? { ...base, members: members.get(row.seq) ?? [] } : base;
        }),
      };
    },
  };
}
