// Each organization's attribute mapping on SQLite: one JSON row per organization.
import type { AttributeMapping, AttributeMappingStore } from '../mapping-store.js';
import type { SqliteDatabase } from './open-database.js';

export function sqliteAttributeMappingStore(db: SqliteDatabase): AttributeMappingStore {
  const get = db.prepare<[string], { mapping: string; updated_at: string }>('SELECT mapping, updated_at FROM attribute_mappings WHERE org_id = ?');
  const put = db.prepare(
    `INSERT INTO attribute_mappings (org_id, mapping, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (org_id) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
  );
  return {
    async get(orgId) {
      const row = get.get(orgId);
      return row && { mapping: JSON.parse(row.mapping) as AttributeMapping, updatedAt: row.updated_at };
    },
    async put(orgId, mapping, at) {
      put.run(orgId, JSON.stringify(mapping), at);
    },
  };
}
