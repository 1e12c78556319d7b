// Each organization's attribute mapping on PostgreSQL: one jsonb row per organization.
import type pg from 'pg';
import type { AttributeMapping, AttributeMappingStore } from '../mapping-store.js';
import { one } from './pg-queries.js';

export function pgAttributeMappingStore(pool: pg.Pool): AttributeMappingStore {
  return {
    async get(orgId) {
      const row = await one<{ mapping: AttributeMapping; updated_at: string }>(pool, 'SELECT mapping, updated_at FROM attribute_mappings WHERE org_id = $1', [orgId]);
      return row && { mapping: row.mapping, updatedAt: row.updated_at };
    },
    async put(orgId, mapping, at) {
      await pool.query(
        `INSERT INTO attribute_mappings (org_id, mapping, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (org_id) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
        [orgId, JSON.stringify(mapping), at],
      );
    },
  };
}
