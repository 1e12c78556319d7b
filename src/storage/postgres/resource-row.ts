// The columns every SCIM resource row shares on PostgreSQL, and their mapping to StoredResource.
import type { JsonObject } from '../../scim/messages/resource.js';
import type { StoredResource } from '../store.js';

export interface PgResourceRow {
  seq: number;
  id: string;
  org_id: string;
  doc: JsonObject;
  created_at: string;
  updated_at: string;
  version: number;
}

export const RESOURCE_COLUMNS = 'seq, id, org_id, doc, created_at, updated_at, version';

export const toResource = (row: PgResourceRow): StoredResource => ({
  seq: row.seq,
  id: row.id,
  orgId: row.org_id,
  doc: row.doc,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});
