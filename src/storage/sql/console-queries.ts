// The console's activity and directory queries, written once with `?` placeholders for both engines; each engine
// numbers the placeholders its own way. Every query is bounded by LIMIT and starts from an (org_id, …) index.
import type { ActivityQuery, DirectoryQuery } from '../store.js';
import { prefixUpperBound } from './prefix-range.js';

export interface Sql {
  readonly text: string;
  readonly params: unknown[];
}

/** `?` → `$1, $2, …` for PostgreSQL (no `?` appears in these statements other than as a placeholder). */
export function numbered(sql: Sql): Sql {
  let n = 0;
  return { text: sql.text.replace(/\?/g, () => `$${++n}`), params: sql.params };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function activityListSql(orgId: string, query: ActivityQuery): Sql {
  const where = ['org_id = ?'];
  const params: unknown[] = [orgId];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (query.outcome) add('outcome = ?', query.outcome);
  if (query.client) add('client = ?', query.client);
  if (query.resourceId) add('resource_id = ?', query.resourceId);
  if (query.since) add('at >= ?', query.since);
  if (query.until) add('at < ?', query.until);
  if (query.beforeSeq !== undefined) add('seq < ?', query.beforeSeq);
  if (query.floorSeq !== undefined) add('seq >= ?', query.floorSeq);
  if (query.search) {
    const like = `%${escapeLike(query.search.toLowerCase())}%`;
    add("(lower(summary) LIKE ? ESCAPE '\\' OR lower(coalesce(target, '')) LIKE ? ESCAPE '\\' OR lower(coalesce(detail, '')) LIKE ? ESCAPE '\\')", like, like, like);
  }
  params.push(query.limit);
  return { text: `SELECT * FROM scim_activity WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`, params };
}

/** The seq `count` entries deep below the cursor: an index-only walk of (org_id, seq). */
export function activitySeqAtDepthSql(orgId: string, beforeSeq: number | undefined, count: number): Sql {
  const below = beforeSeq === undefined ? '' : ' AND seq < ?';
  return {
    text: `SELECT seq FROM scim_activity WHERE org_id = ?${below} ORDER BY seq DESC LIMIT 1 OFFSET ?`,
    params: beforeSeq === undefined ? [orgId, count - 1] : [orgId, beforeSeq, count - 1],
  };
}

const PERSON_COLUMNS = 'seq, id, user_name, display_name, external_id, active, doc';

/**
 * People newest first. A search is the union of index range scans (userName, displayName, email prefixes and the
 * exact externalId), so it reads only matching rows however large the organization.
 */
export function peopleSql(orgId: string, query: DirectoryQuery, bool: (b: boolean) => unknown): Sql {
  const where = ['org_id = ?'];
  const params: unknown[] = [orgId];
  if (query.active !== undefined) {
    where.push('active = ?');
    params.push(bool(query.active));
  }
  if (query.beforeSeq !== undefined) {
    where.push('seq < ?');
    params.push(query.beforeSeq);
  }
  const search = query.search?.trim();
  if (search) {
    const low = search.toLowerCase();
    const high = prefixUpperBound(low) ?? `${low}\uffff`;
    where.push(`seq IN (
      SELECT seq FROM scim_users WHERE org_id = ? AND user_name_ci >= ? AND user_name_ci < ?
      UNION SELECT seq FROM scim_users WHERE org_id = ? AND display_name_ci >= ? AND display_name_ci < ?
      UNION SELECT user_seq FROM scim_user_emails WHERE org_id = ? AND value_ci >= ? AND value_ci < ?
      UNION SELECT seq FROM scim_users WHERE org_id = ? AND external_id = ?)`);
    params.push(orgId, low, high, orgId, low, high, orgId, low, high, orgId, search);
  }
  params.push(query.limit);
  return { text: `SELECT ${PERSON_COLUMNS} FROM scim_users WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`, params };
}

export function groupsSql(orgId: string, query: DirectoryQuery): Sql {
  const where = ['g.org_id = ?'];
  const params: unknown[] = [orgId];
  if (query.beforeSeq !== undefined) {
    where.push('g.seq < ?');
    params.push(query.beforeSeq);
  }
  const search = query.search?.trim();
  if (search) {
    const low = search.toLowerCase();
    const high = prefixUpperBound(low) ?? `${low}\uffff`;
    where.push('((g.display_name_ci >= ? AND g.display_name_ci < ?) OR g.external_id = ?)');
    params.push(low, high, search);
  }
  params.push(query.limit);
  return {
    text: `SELECT g.seq, g.id, g.display_name, g.external_id,
             (SELECT count(*) FROM scim_group_members m WHERE m.group_seq = g.seq) AS member_count
           FROM scim_groups g WHERE ${where.join(' AND ')} ORDER BY g.seq DESC LIMIT ?`,
    params,
  };
}

/**
 * A group's user members, ordered by id: the group's seq is found first, so the member primary key (group_seq,
 * member_id) is read in order from the cursor and stops at the page size, however large the group.
 */
export function membersSql(orgId: string, groupId: string, afterId: string | undefined, limit: number): Sql {
  const params: unknown[] = [orgId, groupId];
  let after = '';
  if (afterId !== undefined) {
    after = 'AND m.member_id > ?';
    params.push(afterId);
  }
  params.push(limit);
  return {
    text: `SELECT u.seq, u.id, u.user_name, u.display_name, u.external_id, u.active, u.doc
           FROM scim_group_members m
           JOIN scim_users u ON u.id = m.member_id
           WHERE m.group_seq = (SELECT g.seq FROM scim_groups g WHERE g.org_id = ? AND g.id = ?) ${after} AND m.member_type = 'User'
           ORDER BY m.member_id LIMIT ?`,
    params,
  };
}

export interface ActivityRow {
  seq: number;
  org_id: string;
  at: string;
  client: string;
  user_agent: string | null;
  method: string;
  path: string;
  resource_type: 'User' | 'Group' | null;
  resource_id: string | null;
  target: string | null;
  summary: string;
  outcome: 'success' | 'failure';
  status: number;
  scim_type: string | null;
  detail: string | null;
  quirk: string | null;
  request: string | null;
  change: string | null;
}

export interface PersonRow {
  seq: number;
  id: string;
  user_name: string;
  display_name: string | null;
  external_id: string | null;
  active: number | boolean;
  doc: string | Record<string, unknown>;
}

export interface GroupRow {
  seq: number;
  id: string;
  display_name: string;
  external_id: string | null;
  member_count: number | string;
}

export interface HourRow {
  org_id: string;
  hour: string;
  client: string;
  requests: number;
  errors: number;
  retired_token: number;
  last_request_at: string;
  last_success_at: string | null;
}

export const ACTIVITY_COLUMNS = [
  'org_id', 'at', 'client', 'user_agent', 'method', 'path', 'resource_type', 'resource_id', 'target', 'summary',
  'outcome', 'status', 'scim_type', 'detail', 'quirk', 'request', 'change',
] as const;
