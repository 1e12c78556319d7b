// SCIM Users on PostgreSQL: indexed columns for hot attributes, the rest of the resource as jsonb in `doc`.
import type pg from 'pg';
import type { JsonObject } from '../../scim/messages/resource.js';
import { emailRows, sameEmailRows, userColumns, type UserColumns } from '../resource-columns.js';
import { userNameTakenError, versionMismatchError } from '../store-errors.js';
import { ScimError } from '../../scim/errors.js';
import type { ChangeContext, GroupRef, NewUser, StoredResource, UserStore, UserWriteResult } from '../store.js';
import { consoleEmailOf } from '../console-email.js';
import { userSqlTarget } from '../sql/sql-target.js';
import { postgresDialect } from '../sql/dialect.js';
import { changeInsertFromCte, type RecordChange } from './change-log.js';
import { jsonbAsText } from './pg-pool.js';
import { pgRowLister } from './list-rows.js';
import { inTransaction, isUniqueViolation, namedStatement, one, pgUnavailableReason, rows, type NamedQueryable } from './pg-queries.js';
import { batchedUserCalls, type CreateCall, type GetCall, type ReplaceCall } from './user-batches.js';
import { createdUser, toListedUser, toUserJson, toUserJsonWithGroups, toUserWithGroups, toWritten, WRITTEN_COLUMNS, type CreatedRow, type GroupPairs, type PgResourceTextRow, type WrittenRow } from './user-rows.js';
import { inPipelinedTransaction } from './pipelined-transaction.js';
import { RESOURCE_COLUMNS, toResource, type PgResourceRow } from './resource-row.js';
import { memberEvents, userEvents } from '../event-drafts.js';
import { eventArrayParams, eventParams, outboxAppender, type PgEventAppender } from './event-store.js';
import { userRoleSql } from '../role-events.js';

/** The activity log row of a create, written by the same statement as the user ($14 is the client). */
const CHANGE_INSERT_FROM_U = changeInsertFromCte('u', 'User', 'create', '$10', '$14');

/** A new user is in no group yet: its role in the user.created event is the mapping's default, read by the statement. */
const NEW_USER_ROLE = (data: string) => `${data} || jsonb_build_object('role', (SELECT default_role FROM role_mappings WHERE role_mappings.org_id = u.org_id))`;

/**
 * Whether the console account the user's userName names (`email`, consoleEmailOf, null when none) is a non-owner
 * member of the organization: when not, the caller skips the account lookups (ConsoleAccessSync.afterWrite).
 */
const consoleMemberSql = (cte: string, email: string) =>
  `EXISTS (SELECT 1 FROM accounts a JOIN memberships m ON m.account_id = a.id WHERE a.email_ci = ${email}::text AND m.org_id = ${cte}.org_id AND m.role <> 'owner')`;

const GET_WITH_GROUPS = {
  name: 'rollcall-user-get-with-groups',
  text: `SELECT ${RESOURCE_COLUMNS}, ${postgresDialect.userGroupsJson('u')} AS groups FROM scim_users u WHERE u.org_id = $1 AND u.id = $2`,
};

/** A batch reached failOnErrors before its end: only its first `count` users are to be written. */
class StopAt {
  constructor(readonly count: number) {}
}

/**
 * The parameters of the many-creates statement, as arrays (one element per user, email or event); `changes` holds
 * each user's own instant and client (a Bulk request's users share one).
 */
function createEachParams(orgId: string, users: readonly NewUser[], changes: readonly ChangeContext[]): unknown[] {
  const columns = users.map((u) => userColumns(u.doc));
  const emails = columns.flatMap((c, i) => c.emails.map((e) => ({ userId: users[i]!.id, ...e })));
  const drafts = users.map((u, i) => {
    const { at } = changes[i]!;
    return userEvents(orgId, at, undefined, { seq: 0, id: u.id, orgId, doc: u.doc, createdAt: at, updatedAt: at, version: 1 }, null)[0]!;
  });
  return [
    orgId,
    changes.map((c) => c.at),
    changes.map((c) => c.client),
    users.map((u) => u.id),
    columns.map((c) => c.userName),
    columns.map((c) => c.userNameCi),
    columns.map((c) => c.externalId),
    columns.map((c) => c.displayName),
    columns.map((c) => c.displayNameCi),
    columns.map((c) => c.active),
    users.map((u) => JSON.stringify(u.doc)),
    emails.map((e) => e.userId),
    emails.map((e) => e.valueCi),
    emails.map((e) => e.type),
    emails.map((e) => e.primary),
    ...eventArrayParams(drafts),
    users.map((u) => consoleEmailOf(u.doc) ?? null),
  ];
}

/** A user's email rows as the three arrays the statements unnest: folded value, type, primary. */
function emailArrays(emails: UserColumns['emails']): [string[], (string | null)[], boolean[]] {
  return [emails.map((e) => e.valueCi), emails.map((e) => e.type), emails.map((e) => e.primary)];
}

function columnValues(doc: JsonObject, c: UserColumns) {
  return [c.userName, c.userNameCi, c.externalId, c.displayName, c.displayNameCi, c.active, JSON.stringify(doc)];
}

/** FOR UPDATE makes a concurrent writer on any instance wait, then re-check the version it sees after our commit. */
const LOCK_USER = namedStatement('rollcall-user-lock', `SELECT ${RESOURCE_COLUMNS} FROM scim_users WHERE org_id = $1 AND id = $2 FOR UPDATE`);

/** The user row, locked; `run` sends the statement (the replace sends it named, the delete as plain text). */
async function lockedRow(
  run: (statement: pg.QueryConfig) => Promise<pg.QueryResult<PgResourceRow>>,
  orgId: string,
  id: string,
  expected: number | undefined,
): Promise<PgResourceRow | undefined> {
  const row = (await run({ ...LOCK_USER, values: [orgId, id] })).rows[0];
  if (row && expected !== undefined && row.version !== expected) throw versionMismatchError(row.version);
  return row;
}

export function pgUserStore(pool: pg.Pool, recordChange: RecordChange, events: PgEventAppender = outboxAppender): UserStore {
  /**
   * The user.created event, in the create statement ($15 to $20). A new user is in no group yet, so its role is the
   * mapping's default, read by the same statement.
   */
  const eventInsertFromU = events.insertFromCte('u', 15, NEW_USER_ROLE);
  /** The create: one statement is one atomic write (see create). */
  const createStatement = namedStatement(
    'rollcall-user-create',
    `WITH u AS (
       INSERT INTO scim_users (id, org_id, user_name, user_name_ci, external_id, display_name, display_name_ci, active, doc, created_at, updated_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, 1) RETURNING ${RESOURCE_COLUMNS}
     ), e AS (
       INSERT INTO scim_user_emails (user_seq, org_id, value_ci, type, is_primary)
       SELECT u.seq, u.org_id, x.value_ci, x.type, x.is_primary FROM u, unnest($11::text[], $12::text[], $13::boolean[]) AS x(value_ci, type, is_primary)
     ), c AS (
       ${CHANGE_INSERT_FROM_U}
     ), ev AS (
       ${eventInsertFromU}
     )
     SELECT ${WRITTEN_COLUMNS('u')}, ${consoleMemberSql('u', '$21')} AS console_member FROM u`,
  );
  /**
   * The write of a replace or PATCH after the row lock: the row, its email rows, the activity row and the event
   * ($14 to $19). The role is read after the lock, so a concurrent role change (which locks and bumps the user) is seen.
   * It answers the user's groups and whether a console member is linked ($20 the account email), which the service
   * would otherwise read in two more round trips. The email rows are rewritten only when $21 says they change (an
   * IdP's PUT mostly resends them as they are).
   */
  const replaceStatement = namedStatement('rollcall-user-replace', `WITH u AS (
       UPDATE scim_users SET user_name = $2, user_name_ci = $3, external_id = $4, display_name = $5, display_name_ci = $6,
         active = $7, doc = $8, updated_at = $9, version = version + 1
       WHERE seq = $1 RETURNING ${RESOURCE_COLUMNS}, ${userRoleSql('scim_users')} AS role
     ), gone AS (
       DELETE FROM scim_user_emails WHERE user_seq = $1 AND $21::boolean
     ), e AS (
       INSERT INTO scim_user_emails (user_seq, org_id, value_ci, type, is_primary)
       SELECT u.seq, u.org_id, x.value_ci, x.type, x.is_primary FROM u, unnest($10::text[], $11::text[], $12::boolean[]) AS x(value_ci, type, is_primary)
       WHERE $21::boolean
     ), c AS (
       ${changeInsertFromCte('u', 'User', 'replace', '$9', '$13')}
     ), ev AS (
       ${events.insertFromCte('u', 14, (data) => `${data} || jsonb_build_object('role', u.role)`)}
     )
     SELECT ${WRITTEN_COLUMNS('u')}, ${postgresDialect.userGroupsJson('u')} AS groups, ${consoleMemberSql('u', '$20')} AS console_member FROM u`);
  const listRows = pgRowLister(pool, userSqlTarget);
  const listTextRows = pgRowLister<PgResourceTextRow>(pool, userSqlTarget, jsonbAsText);
  const withUniqueness = async <T>(doc: () => JsonObject | undefined, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      // The unique index on (org_id, user_name_ci) decides between concurrent creates on every instance.
      if (isUniqueViolation(error)) throw userNameTakenError(String(doc()?.['userName']));
      throw error;
    }
  };

  /**
   * The many-creates statement (Bulk creates, and single creates that arrive together): $1 org, then per-user arrays
   * ($2 instants, $3 clients, $23 the console account emails), per-email and per-event arrays. It answers whether a
   * console member is linked to each user written, as the single create does.
   */
  const createEachStatement = namedStatement('rollcall-user-create-each', `WITH input AS (
       SELECT * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[], $11::jsonb[],
                            $2::timestamptz[], $3::text[], $23::text[]) WITH ORDINALITY
         AS r(id, user_name, user_name_ci, external_id, display_name, display_name_ci, active, doc, at, client, console_email, ord)
     ), u AS (
       INSERT INTO scim_users (id, org_id, user_name, user_name_ci, external_id, display_name, display_name_ci, active, doc, created_at, updated_at, version)
       SELECT r.id, $1, r.user_name, r.user_name_ci, r.external_id, r.display_name, r.display_name_ci, r.active, r.doc, r.at, r.at, 1 FROM input r ORDER BY r.ord
       ON CONFLICT DO NOTHING
       RETURNING seq, id, org_id, created_at, updated_at, version
     ), e AS (
       INSERT INTO scim_user_emails (user_seq, org_id, value_ci, type, is_primary)
       SELECT u.seq, u.org_id, x.value_ci, x.type, x.is_primary
       FROM unnest($12::text[], $13::text[], $14::text[], $15::boolean[]) WITH ORDINALITY AS x(user_id, value_ci, type, is_primary, ord)
       JOIN u ON u.id = x.user_id ORDER BY x.ord
     ), c AS (
       INSERT INTO scim_changes (org_id, at, resource_type, resource_id, action, version, client, status)
       SELECT u.org_id, r.at, 'User', u.id, 'create', u.version, r.client, 201 FROM input r JOIN u ON u.id = r.id ORDER BY r.ord
     ), ev AS (
       ${events.insertEachFromCte('u', 16, NEW_USER_ROLE)}
     )
     SELECT u.seq, u.id, u.org_id, u.created_at, u.updated_at, u.version, ${consoleMemberSql('u', 'r.console_email')} AS console_member
     FROM u JOIN input r ON r.id = u.id`);
  const createEachRows = async (db: NamedQueryable, orgId: string, users: readonly NewUser[], changes: readonly ChangeContext[]) =>
    new Map((await db.query<CreatedRow>({ ...createEachStatement, values: createEachParams(orgId, users, changes) })).rows.map((r) => [r.id, r]));

  /**
   * One statement for all the users, in one transaction: a user whose userName is taken (by a stored user or an
   * earlier one of the batch) is skipped by ON CONFLICT DO NOTHING and gets no email rows, change row or event.
   * When the failures reach `maxFailures` before the end, the transaction is rolled back and the users up to that
   * failure are written again, so nothing after the stop lands. Returns the outcomes of the users written, in order.
   */
  const createPrefix = async (orgId: string, users: readonly NewUser[], change: ChangeContext, maxFailures: number) => {
    for (let batch = users; ; ) {
      const outcome = await inTransaction(pool, async (db) => {
        const written = await createEachRows(db, orgId, batch, batch.map(() => change));
        const results: (StoredResource | ScimError)[] = [];
        let failures = 0;
        for (const user of batch) {
          if (failures >= maxFailures) throw new StopAt(results.length);
          const row = written.get(user.id);
          if (row) results.push(createdUser(row, user));
          else {
            failures++;
            results.push(userNameTakenError(String(user.doc['userName'])));
          }
        }
        return results;
      }).catch((error: unknown) => {
        if (error instanceof StopAt) return error;
        throw error;
      });
      if (!(outcome instanceof StopAt)) return outcome;
      batch = batch.slice(0, outcome.count);
    }
  };

  /** Single creates, each its own transaction, until `maxFailures` failures. */
  const createOneByOne = async (orgId: string, users: readonly NewUser[], change: ChangeContext, maxFailures: number) => {
    const results: (StoredResource | ScimError)[] = [];
    let failures = 0;
    for (const user of users) {
      if (failures >= maxFailures) break;
      try {
        results.push(await create(orgId, user, change));
      } catch (failure) {
        if (!(failure instanceof ScimError)) throw failure;
        failures++;
        results.push(failure);
      }
    }
    return results;
  };

  const createOne = async ({ orgId, user, change }: CreateCall): Promise<UserWriteResult> => {
    // One statement is one atomic write: the user, its email rows and the activity log row commit together in a
    // single round trip (no BEGIN/COMMIT), which keeps bulk provisioning fast over the network. It also answers
    // whether a console member is linked ($21 the account email), a lookup every create would otherwise make.
    const created = { seq: 0, id: user.id, orgId, doc: user.doc, createdAt: change.at, updatedAt: change.at, version: 1 };
    const [event] = userEvents(orgId, change.at, undefined, created, null);
    const columns = userColumns(user.doc);
    const row = await withUniqueness(() => user.doc, async () =>
      (await pool.query<WrittenRow>({
        ...createStatement,
        values: [
          user.id,
          orgId,
          ...columnValues(user.doc, columns),
          change.at,
          ...emailArrays(columns.emails),
          change.client,
          ...eventParams(event!),
          consoleEmailOf(user.doc) ?? null,
        ],
      })).rows[0],
    );
    return toWritten(row!, user.doc);
  };

  /** The replace statement of a locked row `current`, written as `next`. */
  const replaceOf = (orgId: string, current: PgResourceRow, next: JsonObject, change: ChangeContext): pg.QueryConfig => {
    const before = toResource(current);
    // The row as the UPDATE leaves it (the lock is ours); the role is added by the statement.
    const after = { ...before, doc: next, updatedAt: change.at, version: current.version + 1 };
    const [event] = userEvents(orgId, change.at, before, after, null);
    const columns = userColumns(next);
    return {
      ...replaceStatement,
      values: [
        current.seq,
        ...columnValues(next, columns),
        change.at,
        ...emailArrays(columns.emails),
        change.client,
        ...eventParams(event!),
        consoleEmailOf(next) ?? null,
        !sameEmailRows(emailRows(before.doc), columns.emails),
      ],
    };
  };

  const replaceOne = async ({ orgId, id, update, expectedVersion, change }: ReplaceCall): Promise<UserWriteResult | undefined> => {
    // A DocUpdate (PATCH) runs on the row as locked, so overlapping PATCHes apply in turn. Two round trips: the
    // locked row (BEGIN goes with it), then one statement for the rest, sent with COMMIT.
    let doc = typeof update === 'function' ? undefined : update;
    const row = await withUniqueness(() => doc, () =>
      inPipelinedTransaction(pool, async (tx) => {
        const current = await lockedRow((statement) => tx.run(statement), orgId, id, expectedVersion);
        if (!current) return undefined;
        doc = typeof update === 'function' ? update(toResource(current)) : update;
        const [result] = await tx.commitWith([replaceOf(orgId, current, doc, change)]);
        return result!.rows[0] as WrittenRow;
      }),
    );
    return row && toWritten(row, doc!);
  };

  const getOne = async ({ orgId, id }: GetCall) => {
    const row = (await pool.query<PgResourceRow & { groups: GroupPairs }>({ ...GET_WITH_GROUPS, values: [orgId, id] })).rows[0];
    return row && toUserWithGroups(row);
  };
  const getOneJson = async ({ orgId, id }: GetCall) => {
    const row = (await pool.query<PgResourceTextRow & { groups: GroupPairs }>({ ...GET_WITH_GROUPS, types: jsonbAsText, values: [orgId, id] })).rows[0];
    return row && toUserJsonWithGroups(row);
  };
  const listOne: UserStore['list'] = async (orgId, query) => {
    const result = await listRows(orgId, query);
    return { ...result, resources: result.resources.map(toListedUser) };
  };
  // A page's documents come as PostgreSQL's jsonb text, which the response splices.
  const listOneJson: UserStore['listJson'] = async (orgId, query) => {
    const result = await listTextRows(orgId, query);
    return { ...result, resources: result.resources.map(toUserJson) };
  };
  const { create, replace, getWithGroups, getWithGroupsJson, list, listJson } = batchedUserCalls(pool, {
    create: createOne,
    createMany: (orgId, users, changes) => createEachRows(pool, orgId, users, changes),
    replace: replaceOne,
    replaceStatement: replaceOf,
    getWithGroups: getOne,
    getWithGroupsJson: getOneJson,
    list: listOne,
    listJson: listOneJson,
  });

  return {
    create,
    async createEach(orgId, users, change, maxFailures) {
      const results: (StoredResource | ScimError)[] = [];
      let failures = 0;
      // Each pass writes a prefix of the rest: all of it, unless failOnErrors stops it (or, should a concurrent write
      // free a userName between the attempts of a pass, up to where the stop was found; the next pass goes on).
      while (results.length < users.length && failures < maxFailures) {
        const rest = users.slice(results.length);
        let written: (StoredResource | ScimError)[];
        try {
          written = await createPrefix(orgId, rest, change, maxFailures - failures);
        } catch (error) {
          if (pgUnavailableReason(error) !== undefined) throw error;
          // Anything else (a deadlock with a concurrent batch inserting the same userNames in another order): one
          // create at a time, as single POSTs do.
          written = await createOneByOne(orgId, rest, change, maxFailures - failures);
        }
        for (const result of written) {
          if (result instanceof ScimError) failures++;
          results.push(result);
        }
      }
      return results;
    },
    async get(orgId, id) {
      const result = await pool.query<PgResourceRow>({
        name: 'rollcall-user-get',
        text: `SELECT ${RESOURCE_COLUMNS} FROM scim_users WHERE org_id = $1 AND id = $2`,
        values: [orgId, id],
      });
      const row = result.rows[0];
      return row && toResource(row);
    },
    getWithGroups,
    getWithGroupsJson,
    async findInactiveByExternalId(orgId, externalId) {
      const row = await one<PgResourceRow>(
        pool,
        `SELECT ${RESOURCE_COLUMNS} FROM scim_users WHERE org_id = $1 AND external_id = $2 AND NOT active ORDER BY seq LIMIT 1`,
        [orgId, externalId],
      );
      return row && toResource(row);
    },
    async findInactiveByExternalIds(orgId, externalIds) {
      const found = await rows<PgResourceRow & { external_id: string }>(
        pool,
        `SELECT DISTINCT ON (external_id) ${RESOURCE_COLUMNS}, external_id FROM scim_users
         WHERE org_id = $1 AND external_id = ANY($2::text[]) AND NOT active ORDER BY external_id, seq`,
        [orgId, [...new Set(externalIds)]],
      );
      return new Map(found.map((row) => [row.external_id, toResource(row)]));
    },
    replace,
    async delete(orgId, id, expectedVersion, change) {
      return inTransaction(pool, async (db) => {
        const current = await lockedRow((statement) => db.query(statement.text, statement.values), orgId, id, expectedVersion);
        if (!current) return false;
        const before = toResource(current);
        const groups = await rows<PgResourceRow>(
          db,
          `WITH gone AS (DELETE FROM scim_group_members WHERE org_id = $1 AND member_id = $2 RETURNING group_seq)
           SELECT ${RESOURCE_COLUMNS} FROM scim_groups WHERE seq IN (SELECT group_seq FROM gone) ORDER BY seq`,
          [orgId, id],
        );
        // RETURNING sees the role row the cascade removes at the end of the statement.
        const { role } = (await one<{ role: string | null }>(db, `DELETE FROM scim_users WHERE seq = $1 RETURNING ${userRoleSql('scim_users')} AS role`, [current.seq]))!;
        await recordChange(db, orgId, 'User', id, 'delete', null, change);
        // Leaving every group is part of the deletion: one member_removed per group, then user.deleted.
        await events.append(db, [
          ...groups.flatMap((g) => memberEvents(orgId, change.at, toResource(g), [], [{ type: 'User', user: before, role }])),
          ...userEvents(orgId, change.at, before, undefined, role),
        ]);
        return true;
      });
    },
    list,
    listJson,
    async groupsOf(orgId, userIds) {
      const result = new Map<string, GroupRef[]>(userIds.map((id) => [id, []]));
      if (userIds.length === 0) return result;
      // One query for the whole page instead of one per user. Unnamed on purpose: as a named statement PostgreSQL
      // settled on a generic plan that served 100-user pages about 25% slower (measured A/B, 10,000 users).
      const found = await rows<{ member_id: string; id: string; display_name: string }>(
        pool,
        `SELECT m.member_id, g.id, g.display_name FROM scim_group_members m JOIN scim_groups g ON g.seq = m.group_seq
         WHERE m.org_id = $1 AND m.member_id = ANY($2::text[]) ORDER BY g.seq`,
        [orgId, [...userIds]],
      );
      for (const row of found) result.get(row.member_id)?.push({ id: row.id, displayName: row.display_name });
      return result;
    },
  };
}
