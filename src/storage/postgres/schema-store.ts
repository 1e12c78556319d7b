// Organizations' schema extensions and their undeclared-extension choice on PostgreSQL.
import type pg from 'pg';
import type { JsonObject } from '../../scim/messages/resource.js';
import type { SchemaExtensionRecord, SchemaStore } from '../store.js';
import { affected, one, rows } from './pg-queries.js';

interface ExtensionRow {
  org_id: string;
  urn: string;
  resource_type: 'User' | 'Group';
  definition: JsonObject;
  created_at: string;
  updated_at: string;
}

const toRecord = (row: ExtensionRow): SchemaExtensionRecord => ({
  orgId: row.org_id,
  urn: row.urn,
  resourceType: row.resource_type,
  definition: row.definition,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function pgSchemaStore(pool: pg.Pool): SchemaStore {
  return {
    async load(orgId) {
      // One round trip: the registry cache reloads each organization at most once per TTL per instance.
      const [extensions, settings] = await Promise.all([
        rows<ExtensionRow>(pool, 'SELECT * FROM scim_schema_extensions WHERE org_id = $1 ORDER BY created_at, urn_ci', [orgId]),
        one<{ keep: boolean }>(pool, 'SELECT keep_undeclared_extensions AS keep FROM scim_schema_settings WHERE org_id = $1', [orgId]),
      ]);
      return { extensions: extensions.map(toRecord), keepUndeclaredExtensions: settings?.keep === true };
    },
    async put(r) {
      // xmax = 0 only on a freshly inserted row: tells a new declaration from a redefinition in one statement.
      const row = await one<{ inserted: boolean }>(
        pool,
        `INSERT INTO scim_schema_extensions (org_id, urn_ci, urn, resource_type, definition, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (org_id, urn_ci) DO UPDATE SET urn = excluded.urn, resource_type = excluded.resource_type,
           definition = excluded.definition, updated_at = excluded.updated_at
         RETURNING (xmax = 0) AS inserted`,
        [r.orgId, r.urn.toLowerCase(), r.urn, r.resourceType, JSON.stringify(r.definition), r.createdAt, r.updatedAt],
      );
      return row?.inserted === true;
    },
    async delete(orgId, urn) {
      return (await affected(pool, 'DELETE FROM scim_schema_extensions WHERE org_id = $1 AND urn_ci = $2', [orgId, urn.toLowerCase()])) === 1;
    },
    async setKeepUndeclaredExtensions(orgId, keep, at) {
      await pool.query(
        `INSERT INTO scim_schema_settings (org_id, keep_undeclared_extensions, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (org_id) DO UPDATE SET keep_undeclared_extensions = excluded.keep_undeclared_extensions, updated_at = excluded.updated_at`,
        [orgId, keep, at],
      );
    },
  };
}
