// The events outbox on SQLite: appended inside each write's transaction; one writer at a time makes seq the commit order.
import type { JsonObject } from '../../scim/messages/resource.js';
import type { EventDraft } from '../event-drafts.js';
import type { EventStore, StoredEvent } from '../store.js';
import type { SqliteDatabase } from './open-database.js';

export type AppendEvents = (drafts: readonly EventDraft[]) => void;

export interface EventRow {
  seq: number;
  id: string;
  org_id: string;
  org_external_id: string | null;
  type: string;
  occurred_at: string;
  data: string;
  changed: string;
}

export const EVENT_COLUMNS = 'seq, id, org_id, org_external_id, type, occurred_at, data, changed';

export const toEvent = (row: EventRow): StoredEvent => ({
  id: row.id,
  orgId: row.org_id,
  orgExternalId: row.org_external_id,
  type: row.type,
  occurredAt: row.occurred_at,
  data: JSON.parse(row.data) as JsonObject,
  changed: JSON.parse(row.changed) as string[],
});

/** Must be called inside the transaction of the change the drafts describe. */
export function sqliteEventAppender(db: SqliteDatabase): AppendEvents {
  // The organization's external id as it is when the change commits: later events carry a changed one.
  const insert = db.prepare(
    `INSERT INTO events (id, org_id, org_external_id, type, occurred_at, resource_type, resource_id, resource_version, data, changed)
     VALUES (?, ?, (SELECT external_id FROM orgs WHERE id = ?), ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (drafts) => {
    if (drafts.length > 0 && !db.inTransaction) throw new Error('events must be appended inside the transaction of their change');
    for (const e of drafts) {
      insert.run(e.id, e.orgId, e.orgId, e.type, e.occurredAt, e.resourceType, e.resourceId, e.resourceVersion, JSON.stringify(e.data), JSON.stringify(e.changed));
    }
  };
}

export function sqliteEventStore(db: SqliteDatabase): EventStore {
  const seqOf = db.prepare<[string], number>('SELECT seq FROM events WHERE id = ?').pluck();
  // Events are appended in about time order: everything below the first seq inside the retention is older, and the
  // scan to find it reads only what is deleted (no occurred_at index for every append to update, migration 10).
  const prune = db.prepare(
    `DELETE FROM events WHERE seq < coalesce((SELECT seq FROM events WHERE occurred_at >= ? ORDER BY seq LIMIT 1), (SELECT max(seq) + 1 FROM events))`,
  );
  return {
    async list(query) {
      let after = 0;
      if (query.after !== undefined) {
        const seq = seqOf.get(query.after);
        if (seq === undefined) return undefined;
        after = seq;
      }
      const where = ['seq > ?'];
      const params: unknown[] = [after];
      if (query.orgId !== undefined) {
        where.push('org_id = ?');
        params.push(query.orgId);
      }
      if (query.types !== undefined && query.types.length > 0) {
        where.push(`type IN (${query.types.map(() => '?').join(', ')})`);
        params.push(...query.types);
      }
      params.push(query.limit);
      const rows = db.prepare<unknown[], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`).all(...params);
      return rows.map(toEvent);
    },
    async prune(before) {
      return prune.run(before).changes;
    },
  };
}
