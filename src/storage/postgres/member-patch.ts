// The common group PATCH on PostgreSQL, members added and removed with no other change, as one transaction written in
// one round trip: lock the group, share the role-mapping lock, then one statement that resolves, deletes, inserts,
// bumps the version and appends the change record and the events, then COMMIT. The group row lock is held only while
// PostgreSQL runs those statements, so concurrent PATCHes of one hot group are not serialised on this process; those
// that arrive while one is in flight share the next transaction and its commit.
import pg from 'pg';
import { ScimError } from '../../scim/errors.js';
import type { MemberDelta } from '../../scim/patch/member-delta.js';
import { newEventId } from '../event-drafts.js';
import { userRoleSql } from '../role-events.js';
import { versionMismatchError } from '../store-errors.js';
import type { ChangeContext, StoredGroup } from '../store.js';
import { groupDataSql, userDataSql } from './event-data-sql.js';
import type { PgEventAppender } from './event-store.js';
import { namedStatement } from './pg-queries.js';
import { keyedBatches } from './keyed-batches.js';
import { pipelinedTransaction } from './pipelined-transaction.js';
import { RESOURCE_COLUMNS, toResource, type PgResourceRow } from './resource-row.js';
import { shareMappingLock } from './role-store.js';

/**
 * Deltas this path takes: no replaceAll (it must see members added concurrently, so it reads after the lock in a
 * statement of its own) and no id both removed and added (its events depend on the order of the two).
 */
export function isPlainMemberDelta(delta: MemberDelta): boolean {
  if (delta.replaceAll !== undefined) return false;
  const removed = new Set(delta.remove);
  return delta.add.every((m) => !removed.has(m.id));
}

/**
 * The group row, then (when the group exists) the shared role-mapping lock: the order of every group write, so they
 * cannot deadlock with a mapping change waiting for its exclusive lock. A subquery FOR UPDATE is never flattened,
 * so its row is locked before the outer select list runs. The next statement's snapshot is taken after both.
 */
const LOCK_GROUP_THEN_MAPPING = `SELECT ${shareMappingLock('$1')}
  FROM (SELECT 1 FROM scim_groups WHERE org_id = $1 AND id = $2 FOR UPDATE) AS locked_group`;

/**
 * $1 org, $2 group id, $3 expected version or null, $4 at, $5 client, $6/$7 ids and types (null: User, then Group)
 * to add, $8 ids to remove, $9 event ids (one per member named, plus one).
 *
 * Runs only when the group exists, the version matches, every member resolves and the group is not mapped to a role
 * (role recalculation reads memberships after locking the people, which one statement cannot: the caller takes the
 * general path then). What it finds is answered either way, so the caller knows which error to raise.
 * Each step mirrors group-store.ts: members FOR KEY SHARE (a concurrent DELETE of a person waits for this commit or
 * wins and the id is reported missing), removed then added members' events in request order, a group.updated event
 * when no member changed, the activity row. Membership events carry each user as it is (the role before any change).
 */
function memberPatchSql(events: PgEventAppender): string {
  const groupData = groupDataSql('g');
  return `WITH state_g AS (
      SELECT seq, version FROM scim_groups WHERE org_id = $1 AND id = $2
    ), inputs AS (
      SELECT i.id, i.type, i.ord FROM unnest($6::text[], $7::text[]) WITH ORDINALITY AS i(id, type, ord)
    ), found_users AS (
      SELECT id FROM scim_users WHERE org_id = $1 AND id = ANY($6::text[]) FOR KEY SHARE
    ), found_groups AS (
      SELECT id FROM scim_groups WHERE org_id = $1 AND id = ANY($6::text[]) FOR KEY SHARE
    ), resolved AS (
      SELECT i.id, i.ord, CASE
          WHEN i.type = 'User' THEN CASE WHEN i.id IN (SELECT id FROM found_users) THEN 'User' END
          WHEN i.type = 'Group' THEN CASE WHEN i.id IN (SELECT id FROM found_groups) THEN 'Group' END
          WHEN i.id IN (SELECT id FROM found_users) THEN 'User'
          WHEN i.id IN (SELECT id FROM found_groups) THEN 'Group'
        END AS type
      FROM inputs i
    ), missing AS (
      SELECT i.id, i.type FROM inputs i WHERE i.ord = (SELECT min(ord) FROM resolved WHERE type IS NULL)
    ), state AS (
      SELECT (SELECT seq FROM state_g) AS seq, (SELECT version FROM state_g) AS version,
        EXISTS (SELECT 1 FROM role_mapping_groups WHERE org_id = $1 AND group_id = $2) AS mapped,
        (SELECT id FROM missing) AS missing_id, (SELECT type FROM missing) AS missing_type
    ), go AS (
      SELECT seq FROM state WHERE seq IS NOT NULL AND ($3::integer IS NULL OR version = $3::integer) AND NOT mapped AND missing_id IS NULL
    ), removed AS (
      DELETE FROM scim_group_members WHERE group_seq = (SELECT seq FROM go) AND member_id = ANY($8::text[]) RETURNING member_id, member_type
    ), added AS (
      INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id)
      SELECT DISTINCT ON (r.id) go.seq, r.id, r.type, $1 FROM go, resolved r ORDER BY r.id, r.ord
      ON CONFLICT DO NOTHING RETURNING member_id, member_type
    ), g AS (
      UPDATE scim_groups SET updated_at = $4::timestamptz, version = version + 1 WHERE seq = (SELECT seq FROM go) RETURNING ${RESOURCE_COLUMNS}
    ), change_row AS (
      INSERT INTO scim_changes (org_id, at, resource_type, resource_id, action, version, client, status)
      SELECT g.org_id, $4::timestamptz, 'Group', g.id, 'patch', g.version, $5, 200 FROM g
    ), member_changes AS (
      SELECT 'group.member_removed' AS type, x.member_id, x.member_type, array_position($8::text[], x.member_id)::bigint AS ord FROM removed x
      UNION ALL
      SELECT 'group.member_added', x.member_id, x.member_type, cardinality($8::text[]) + (SELECT min(i.ord) FROM inputs i WHERE i.id = x.member_id) FROM added x
    ), drafts AS (
      SELECT m.type, m.ord, '["members"]'::jsonb AS changed,
        CASE WHEN u.id IS NOT NULL
          THEN jsonb_build_object('object', 'membership', 'group', ${groupData}, 'user', ${userDataSql('u', userRoleSql('u'))})
          ELSE jsonb_build_object('object', 'membership', 'group', ${groupData}, 'member_group', jsonb_build_object('id', m.member_id, 'display_name', mg.display_name))
        END AS data
      FROM member_changes m CROSS JOIN g
      LEFT JOIN LATERAL (SELECT * FROM scim_users WHERE m.member_type = 'User' AND org_id = $1 AND id = m.member_id) u ON true
      LEFT JOIN LATERAL (SELECT display_name FROM scim_groups WHERE m.member_type = 'Group' AND org_id = $1 AND id = m.member_id) mg ON true
      UNION ALL
      SELECT 'group.updated', 0, '[]'::jsonb, ${groupData} FROM g WHERE NOT EXISTS (SELECT 1 FROM member_changes)
    ), appended AS (
      ${events.insertSelect(`SELECT ($9::text[])[row_number() OVER (ORDER BY d.ord)], g.org_id, (SELECT external_id FROM orgs WHERE orgs.id = g.org_id),
        d.type, $4::timestamptz, 'Group', g.id, g.version, d.data, d.changed, pg_current_xact_id()
        FROM drafts d CROSS JOIN g ORDER BY d.ord`)}
    )
    SELECT s.seq IS NOT NULL AS found, s.version AS current_version, s.mapped, s.missing_id, s.missing_type,
      COALESCE((SELECT for_console FROM role_mappings WHERE org_id = $1), false) AS for_console, g.*
    FROM state s LEFT JOIN g ON true`;
}

interface MemberPatchRow extends Partial<PgResourceRow> {
  found: boolean;
  current_version: number | null;
  mapped: boolean;
  missing_id: string | null;
  missing_type: 'User' | 'Group' | null;
  for_console: boolean;
}

/** 'mapped': the group is mapped to a role and nothing was written; the caller runs the general path. */
export type MemberPatch = (
  orgId: string,
  id: string,
  delta: MemberDelta,
  expectedVersion: number | undefined,
  change: ChangeContext,
) => Promise<StoredGroup | undefined | 'mapped'>;

interface MemberPatchCall {
  readonly orgId: string;
  readonly id: string;
  readonly delta: MemberDelta;
  readonly expectedVersion: number | undefined;
  readonly change: ChangeContext;
}

/** At most this many PATCHes of one group share a transaction. */
const MAX_BATCH = 32;

const settle = <T>(answer: () => T): PromiseSettledResult<T> => {
  try {
    return { status: 'fulfilled', value: answer() };
  } catch (reason) {
    return { status: 'rejected', reason };
  }
};

/**
 * PATCHes of one group that arrive while one of its transactions is in flight go together in the next
 * (keyed-batches.ts): the group row is locked once, then each PATCH is its own statement, in arrival order, with
 * its own version, change row and events, and they share one commit. A PATCH the statement refuses (stale version,
 * unknown member, mapped group) writes nothing and fails or takes the general path alone; each is answered only
 * after the commit.
 */
export function pgMemberPatch(pool: pg.Pool, events: PgEventAppender): MemberPatch {
  const statement = namedStatement('rollcall-group-member-patch', memberPatchSql(events));
  const statementOf = ({ orgId, id, delta, expectedVersion, change }: MemberPatchCall): pg.QueryConfig => ({
    ...statement,
    values: [
      orgId,
      id,
      expectedVersion ?? null,
      change.at,
      change.client,
      delta.add.map((m) => m.id),
      delta.add.map((m) => m.type ?? null),
      [...delta.remove],
      Array.from({ length: delta.add.length + delta.remove.length + 1 }, newEventId),
    ],
  });
  const answer = (row: MemberPatchRow, { expectedVersion }: MemberPatchCall): StoredGroup | undefined | 'mapped' => {
    if (!row.found) return undefined;
    if (expectedVersion !== undefined && row.current_version !== expectedVersion) throw versionMismatchError(row.current_version!);
    if (row.mapped) return 'mapped';
    if (row.missing_id !== null) throw ScimError.invalidValue(`members: no ${row.missing_type ?? 'User or Group'} with id "${row.missing_id}" exists in this organization`);
    return { ...toResource(row as PgResourceRow), roleMappingForConsole: row.for_console };
  };
  const run = async (batch: readonly MemberPatchCall[]): Promise<PromiseSettledResult<StoredGroup | undefined | 'mapped'>[]> => {
    const { orgId, id } = batch[0]!;
    try {
      const results = await pipelinedTransaction(pool, [
        // PostgreSQL would plan this many-CTE statement anew for each call (its generic plan looks costlier to it),
        // which took most of the statement's time; every lookup in it is by key, so the generic plan is as good.
        { text: 'SET LOCAL plan_cache_mode = force_generic_plan' },
        { name: 'rollcall-group-member-patch-locks', text: LOCK_GROUP_THEN_MAPPING, values: [orgId, id] },
        ...batch.map(statementOf),
      ]);
      return batch.map((call, i) => settle(() => answer(results[2 + i]!.rows[0] as MemberPatchRow, call)));
    } catch (error) {
      // PostgreSQL refused a statement, so nothing of the batch committed: each PATCH runs again alone, so one
      // request's failure is never another's. (A lost connection is not retried: the commit may have landed.)
      if (batch.length === 1 || !(error instanceof pg.DatabaseError)) throw error;
      return Promise.all(
        batch.map((call) => run([call]).then(([outcome]) => outcome!, (reason: unknown): PromiseRejectedResult => ({ status: 'rejected', reason }))),
      );
    }
  };
  const patch = keyedBatches((call: MemberPatchCall) => `${call.orgId}|${call.id}`, run, MAX_BATCH);
  return (orgId, id, delta, expectedVersion, change) => patch({ orgId, id, delta, expectedVersion, change });
}
