// The provisioning activity log, per-hour request counts and the console's directory reads on PostgreSQL.
import type pg from 'pg';
import type { ActivityStore, ConsoleDirectoryStore } from '../store.js';
import { affected, one, rows } from './pg-queries.js';
import { activityValues, toActivity, toDirectoryGroup, toPerson, toRequestHour } from '../row-mappers.js';
import {
  ACTIVITY_COLUMNS,
  activityListSql,
  activitySeqAtDepthSql,
  groupsSql,
  membersSql,
  numbered,
  peopleSql,
  type ActivityRow,
  type GroupRow,
  type HourRow,
  type PersonRow,
} from '../sql/console-queries.js';

/** Each activity column's array type: the entries are bound as one array per column, whatever their number. */
const ACTIVITY_ARRAY_TYPES: Record<(typeof ACTIVITY_COLUMNS)[number], string> = {
  org_id: 'text[]', at: 'timestamptz[]', client: 'text[]', user_agent: 'text[]', method: 'text[]', path: 'text[]', resource_type: 'text[]',
  resource_id: 'text[]', target: 'text[]', summary: 'text[]', outcome: 'text[]', status: 'integer[]', scim_type: 'text[]', detail: 'text[]',
  quirk: 'text[]', request: 'text[]', change: 'text[]',
};

/**
 * One statement per flush however many entries it holds (a few busy Bulk requests make thousands; one parameter per
 * value would pass PostgreSQL's 65,535 limit), inserted in the order given.
 */
const APPEND_SQL = `INSERT INTO scim_activity (${ACTIVITY_COLUMNS.join(', ')})
  SELECT ${ACTIVITY_COLUMNS.map((c) => `a.${c}`).join(', ')}
  FROM unnest(${ACTIVITY_COLUMNS.map((c, i) => `$${i + 1}::${ACTIVITY_ARRAY_TYPES[c]}`).join(', ')}) WITH ORDINALITY AS a(${ACTIVITY_COLUMNS.join(', ')}, ord)
  ORDER BY a.ord`;

export function pgActivityStore(pool: pg.Pool): ActivityStore {
  return {
    async append(entries) {
      if (entries.length === 0) return;
      // One statement per flush: one round trip whatever the batch size.
      const rowsOfValues = entries.map(activityValues);
      await pool.query(APPEND_SQL, ACTIVITY_COLUMNS.map((_, j) => rowsOfValues.map((values) => values[j])));
    },
    async list(orgId, query) {
      const sql = numbered(activityListSql(orgId, query));
      return (await rows<ActivityRow>(pool, sql.text, sql.params)).map(toActivity);
    },
    async seqAtDepth(orgId, beforeSeq, count) {
      const sql = numbered(activitySeqAtDepthSql(orgId, beforeSeq, count));
      const row = await one<{ seq: string | number }>(pool, sql.text, sql.params);
      return row === undefined ? undefined : Number(row.seq);
    },
    async get(orgId, seq) {
      const row = await one<ActivityRow>(pool, 'SELECT * FROM scim_activity WHERE org_id = $1 AND seq = $2', [orgId, seq]);
      return row && toActivity(row);
    },
    async lastTarget(orgId, resourceId) {
      const row = await one<{ target: string }>(
        pool,
        'SELECT target FROM scim_activity WHERE org_id = $1 AND resource_id = $2 AND target IS NOT NULL ORDER BY seq DESC LIMIT 1',
        [orgId, resourceId],
      );
      return row?.target;
    },
    async addHours(hours) {
      // Sorted so two instances flushing at once take row locks in the same order.
      const sorted = [...hours].sort((a, b) => `${a.orgId}|${a.hour}|${a.client}`.localeCompare(`${b.orgId}|${b.hour}|${b.client}`));
      for (const h of sorted) {
        await pool.query(
          `INSERT INTO scim_request_hours (org_id, hour, client, requests, errors, retired_token, last_request_at, last_success_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (org_id, hour, client) DO UPDATE SET
             requests = scim_request_hours.requests + excluded.requests,
             errors = scim_request_hours.errors + excluded.errors,
             retired_token = scim_request_hours.retired_token + excluded.retired_token,
             last_request_at = greatest(scim_request_hours.last_request_at, excluded.last_request_at),
             last_success_at = greatest(scim_request_hours.last_success_at, excluded.last_success_at)`,
          [h.orgId, h.hour, h.client, h.requests, h.errors, h.retiredToken, h.lastRequestAt, h.lastSuccessAt],
        );
      }
    },
    async hours(orgId, since) {
      return (await rows<HourRow>(pool, 'SELECT * FROM scim_request_hours WHERE org_id = $1 AND hour >= $2 ORDER BY hour', [orgId, since])).map(
        toRequestHour,
      );
    },
    async prune(before) {
      await pool.query('DELETE FROM scim_request_hours WHERE hour < $1', [before]);
      return affected(pool, 'DELETE FROM scim_activity WHERE at < $1', [before]);
    },
  };
}

export function pgConsoleDirectoryStore(pool: pg.Pool): ConsoleDirectoryStore {
  return {
    async people(orgId, query) {
      const sql = numbered(peopleSql(orgId, query, (b) => b));
      return (await rows<PersonRow>(pool, sql.text, sql.params)).map(toPerson);
    },
    async groups(orgId, query) {
      const sql = numbered(groupsSql(orgId, query));
      return (await rows<GroupRow>(pool, sql.text, sql.params)).map(toDirectoryGroup);
    },
    async members(orgId, groupId, afterId, limit) {
      const sql = numbered(membersSql(orgId, groupId, afterId, limit));
      return (await rows<PersonRow>(pool, sql.text, sql.params)).map(toPerson);
    },
    async countDeactivated(orgId) {
      const row = await one<{ n: number }>(pool, 'SELECT count(*) AS n FROM scim_users WHERE org_id = $1 AND NOT active', [orgId]);
      return row?.n ?? 0;
    },
  };
}
