// Organizations' schema extensions and their undeclared-extension choice on SQLite.
import type { JsonObject } from '../../scim/messages/resource.js';
import type { SchemaExtensionRecord, SchemaStore } from '../store.js';
import type { SqliteDatabase } from './open-database.js';

interface ExtensionRow {
  org_id: string;
  urn: string;
  resource_type: 'User' | 'Group';
  definition: string;
  created_at: string;
  updated_at: string;
}

const toRecord = (row: ExtensionRow): SchemaExtensionRecord => ({
  orgId: row.org_id,
  urn: row.urn,
  resourceType: row.resource_type,
  definition: JSON.parse(row.definition) as JsonObject,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function sqliteSchemaStore(db: SqliteDatabase): SchemaStore {
  const list = db.prepare<[string], ExtensionRow>('SELECT * FROM scim_schema_extensions WHERE org_id = ? ORDER BY created_at, urn_ci');
  const keep = db.prepare<[string], { keep_undeclared_extensions: number }>('SELECT keep_undeclared_extensions FROM scim_schema_settings WHERE org_id = ?');
  const exists = db.prepare('SELECT 1 FROM scim_schema_extensions WHERE org_id = ? AND urn_ci = ?');
  const upsert = db.prepare(
    `INSERT INTO scim_schema_extensions (org_id, urn_ci, urn, resource_type, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (org_id, urn_ci) DO UPDATE SET urn = excluded.urn, resource_type = excluded.resource_type,
       definition = excluded.definition, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM scim_schema_extensions WHERE org_id = ? AND urn_ci = ?');
  const setKeep = db.prepare(
    `INSERT INTO scim_schema_settings (org_id, keep_undeclared_extensions, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (org_id) DO UPDATE SET keep_undeclared_extensions = excluded.keep_undeclared_extensions, updated_at = excluded.updated_at`,
  );
  const put = db.transaction((r: SchemaExtensionRecord) => {
    const isNew = exists.get(r.orgId, r.urn.toLowerCase()) === undefined;
    upsert.run(r.orgId, r.urn.toLowerCase(), r.urn, r.resourceType, JSON.stringify(r.definition), r.createdAt, r.updatedAt);
    return isNew;
  });
  return {
    async load(orgId) {
      return { extensions: list.all(orgId).map(toRecord), keepUndeclaredExtensions: keep.get(orgId)?.keep_undeclared_extensions === 1 };
    },
    async put(record) {
      return put.immediate(record);
    },
    async delete(orgId, urn) {
      return remove.run(orgId, urn.toLowerCase()).changes === 1;
    },
    async setKeepUndeclaredExtensions(orgId, value, at) {
      setKeep.run(orgId, value ? 1 : 0, at);
    },
  };
}
