// Writes the provisioning activity log row for a SCIM write, on the write's own transaction (same commit or none).
import type { ChangeContext } from '../store.js';
import type { Queryable } from './pg-queries.js';

export type RecordChange = (
  db: Queryable,
  orgId: string,
  resourceType: 'User' | 'Group',
  id: string,
  action: string,
  version: number | null,
  change: ChangeContext,
) => Promise<void>;

const statusOf = (action: string): number => (action === 'create' ? 201 : action === 'delete' ? 204 : 200);

/**
 * The change-log INSERT for a single-statement write: reads org, id and version from the CTE `cte` that inserted or
 * updated the resource, so the log row exists exactly when the resource row does. Placeholders name `at` and client.
 */
export function changeInsertFromCte(cte: string, resourceType: 'User' | 'Group', action: 'create' | 'replace', at: string, client: string): string {
  return `INSERT INTO scim_changes (org_id, at, resource_type, resource_id, action, version, client, status)
             SELECT ${cte}.org_id, ${at}, '${resourceType}', ${cte}.id, '${action}', ${cte}.version, ${client}, ${statusOf(action)} FROM ${cte}`;
}

export const recordChange: RecordChange = async (db, orgId, resourceType, id, action, version, change) => {
  const status = statusOf(action);
  await db.query(
    'INSERT INTO scim_changes (org_id, at, resource_type, resource_id, action, version, client, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [orgId, change.at, resourceType, id, action, version, change.client, status],
  );
};
