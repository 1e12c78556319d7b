// The provisioning activity log, per-hour request counts and the console's directory reads on SQLite.
import type { ActivityStore, ConsoleDirectoryStore, RequestHour } from '../store.js';
import type { SqliteDatabase } from './open-database.js';
import { StatementCache } from './statement-cache.js';
import { activityValues, toActivity, toDirectoryGroup, toPerson, toRequestHour } from '../row-mappers.js';
import {
  ACTIVITY_COLUMNS,
  activityListSql,
  activitySeqAtDepthSql,
  groupsSql,
  membersSql,
  peopleSql,
  type ActivityRow,
  type GroupRow,
  type HourRow,
  type PersonRow,
} from '../sql/console-queries.js';

export function sqliteActivityStore(db: SqliteDatabase): ActivityStore {
  const cache = new StatementCache(db, 64);
  const insert = db.prepare(`INSERT INTO scim_activity (${ACTIVITY_COLUMNS.join(', ')}) VALUES (${ACTIVITY_COLUMNS.map(() => '?').join(', ')})`);
  const appendAll = db.transaction((values: unknown[][]) => {
    for (const v of values) insert.run(...v);
  });
  const get = db.prepare<[string, number], ActivityRow>('SELECT * FROM scim_activity WHERE org_id = ? AND seq = ?');
  const lastTarget = db
    .prepare('SELECT target FROM scim_activity WHERE org_id = ? AND resource_id = ? AND target IS NOT NULL ORDER BY seq DESC LIMIT 1')
    .pluck();
  const addHour = db.prepare(`INSERT INTO scim_request_hours (org_id, hour, client, requests, errors, retired_token, last_request_at, last_success_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (org_id, hour, client) DO UPDATE SET requests = requests + excluded.requests, errors = errors + excluded.errors,
      retired_token = retired_token + excluded.retired_token,
      last_request_at = max(last_request_at, excluded.last_request_at),
      last_success_at = CASE WHEN last_success_at IS NULL THEN excluded.last_success_at WHEN excluded.last_success_at IS NULL THEN last_success_at
                             ELSE max(last_success_at, excluded.last_success_at) END`);
  const addHours = db.transaction((hours: readonly RequestHour[]) => {
    for (const h of hours) addHour.run(h.orgId, h.hour, h.client, h.requests, h.errors, h.retiredToken, h.lastRequestAt, h.lastSuccessAt);
  });
  const hours = db.prepare<[string, string], HourRow>('SELECT * FROM scim_request_hours WHERE org_id = ? AND hour >= ? ORDER BY hour');
  const pruneActivity = db.prepare('DELETE FROM scim_activity WHERE at < ?');
  const pruneHours = db.prepare('DELETE FROM scim_request_hours WHERE hour < ?');
  return {
    async append(entries) {
      if (entries.length > 0) appendAll(entries.map(activityValues));
    },
    async list(orgId, query) {
      const sql = activityListSql(orgId, query);
      return (cache.get(sql.text).all(...sql.params) as ActivityRow[]).map(toActivity);
    },
    async seqAtDepth(orgId, beforeSeq, count) {
      const sql = activitySeqAtDepthSql(orgId, beforeSeq, count);
      const row = cache.get(sql.text).get(...sql.params) as { seq: number } | undefined;
      return row?.seq;
    },
    async get(orgId, seq) {
      const row = get.get(orgId, seq);
      return row && toActivity(row);
    },
    async lastTarget(orgId, resourceId) {
      return (lastTarget.get(orgId, resourceId) as string | undefined) ?? undefined;
    },
    async addHours(list) {
      if (list.length > 0) addHours(list);
    },
    async hours(orgId, since) {
      return hours.all(orgId, since).map(toRequestHour);
    },
    async prune(before) {
      pruneHours.run(before);
      return pruneActivity.run(before).changes;
    },
  };
}

export function sqliteConsoleDirectoryStore(db: SqliteDatabase): ConsoleDirectoryStore {
  const cache = new StatementCache(db, 64);
  const deactivated = db.prepare('SELECT count(*) FROM scim_users WHERE org_id = ? AND active = 0').pluck();
  return {
    async people(orgId, query) {
      const sql = peopleSql(orgId, query, (b) => (b ? 1 : 0));
      return (cache.get(sql.text).all(...sql.params) as PersonRow[]).map(toPerson);
    },
    async groups(orgId, query) {
      const sql = groupsSql(orgId, query);
      return (cache.get(sql.text).all(...sql.params) as GroupRow[]).map(toDirectoryGroup);
    },
    async members(orgId, groupId, afterId, limit) {
      const sql = membersSql(orgId, groupId, afterId, limit);
      return (cache.get(sql.text).all(...sql.params) as PersonRow[]).map(toPerson);
    },
    async countDeactivated(orgId) {
      return deactivated.get(orgId) as number;
    },
  };
}
