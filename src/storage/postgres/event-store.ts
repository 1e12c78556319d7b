// The events outbox on PostgreSQL. Each event records its transaction's id (xid8); readers see only events of
// transactions older than every transaction still running, in (txid, seq) order, so an event that commits after a
// later one was read is never skipped (docs/decisions/event-ordering.md).
import type pg from 'pg';
import type { EventDraft } from '../event-drafts.js';
import type { EventStore } from '../store.js';
import { toStoredEvent, type EventBodyRow } from '../webhook-rows.js';
import { affected, one, rows, type Queryable } from './pg-queries.js';

/**
 * Inserting rows this way in a CTE or a statement, `pg_current_xact_id()` stamps the write's own transaction, and the
 * organization's external id is read as the statement sees it, so later events carry a changed one.
 */
const EVENT_INSERT_COLUMNS = 'id, org_id, org_external_id, type, occurred_at, resource_type, resource_id, resource_version, data, changed, txid';

/** Appends drafts in one statement, on the write's own transaction (`db` must be that transaction's client). */
export async function appendEvents(db: Queryable, drafts: readonly EventDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  await db.query(
    `INSERT INTO events (${EVENT_INSERT_COLUMNS})
     SELECT e.id, e.org_id, (SELECT external_id FROM orgs WHERE orgs.id = e.org_id), e.type, e.occurred_at, e.resource_type, e.resource_id, e.resource_version, e.data, e.changed, pg_current_xact_id()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::integer[], $8::jsonb[], $9::jsonb[])
       WITH ORDINALITY AS e(id, org_id, type, occurred_at, resource_type, resource_id, resource_version, data, changed, ord)
     ORDER BY e.ord`,
    [
      drafts.map((d) => d.id),
      drafts.map((d) => d.orgId),
      drafts.map((d) => d.type),
      drafts.map((d) => d.occurredAt),
      drafts.map((d) => d.resourceType),
      drafts.map((d) => d.resourceId),
      drafts.map((d) => d.resourceVersion),
      drafts.map((d) => JSON.stringify(d.data)),
      drafts.map((d) => JSON.stringify(d.changed)),
    ],
  );
}

/**
 * The event INSERT of a single-statement write (the user create CTE): `$n` placeholders for the draft's fields, in the
 * order of `eventParams`, starting at `first`; inserted only when the CTE `cte` produced its row. `data` may wrap the
 * draft's data (a jsonb expression) to add what only the statement knows.
 */
export function eventInsertFromCte(cte: string, first: number, data: (draftData: string) => string = (d) => d): string {
  const p = (i: number) => `$${first + i}`;
  return `INSERT INTO events (${EVENT_INSERT_COLUMNS})
             SELECT ${p(0)}, ${cte}.org_id, (SELECT external_id FROM orgs WHERE orgs.id = ${cte}.org_id), ${p(1)}, ${p(2)}, ${p(3)}, ${cte}.id, ${cte}.version, ${data(`${p(4)}::jsonb`)}, ${p(5)}::jsonb, pg_current_xact_id() FROM ${cte}`;
}

export const eventParams = (d: EventDraft): unknown[] => [d.id, d.type, d.occurredAt, d.resourceType, JSON.stringify(d.data), JSON.stringify(d.changed)];

/**
 * The event INSERT of a many-row write (a Bulk request's creates): one draft per resource, matched to the row of the
 * CTE `cte` that wrote it by resource id, so a row the statement skipped gets no event; drafts keep their order.
 * Placeholders hold arrays in the order of `eventArrayParams`, from `first`; `data` may wrap each draft's data.
 */
export function eventsInsertFromCte(cte: string, first: number, data: (draftData: string) => string = (d) => d, insert = true): string {
  const p = (i: number) => `$${first + i}`;
  return `INSERT INTO events (${EVENT_INSERT_COLUMNS})
             SELECT d.id, ${cte}.org_id, (SELECT external_id FROM orgs WHERE orgs.id = ${cte}.org_id), d.type, d.occurred_at, d.resource_type, ${cte}.id, ${cte}.version, ${data('d.data')}, d.changed, pg_current_xact_id()
             FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::timestamptz[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::jsonb[], ${p(6)}::jsonb[])
               WITH ORDINALITY AS d(id, type, occurred_at, resource_type, resource_id, data, changed, ord)
             JOIN ${cte} ON ${cte}.id = d.resource_id${insert ? '' : ' WHERE false'}
             ORDER BY d.ord`;
}

export const eventArrayParams = (drafts: readonly EventDraft[]): unknown[] => [
  drafts.map((d) => d.id),
  drafts.map((d) => d.type),
  drafts.map((d) => d.occurredAt),
  drafts.map((d) => d.resourceType),
  drafts.map((d) => d.resourceId),
  drafts.map((d) => JSON.stringify(d.data)),
  drafts.map((d) => JSON.stringify(d.changed)),
];

/** How a store appends its events: the outbox always, except in the benchmark's baseline, which skips the inserts. */
export interface PgEventAppender {
  append(db: Queryable, drafts: readonly EventDraft[]): Promise<void>;
  /** The event INSERT of a single-statement write (see eventInsertFromCte). */
  insertFromCte(cte: string, first: number, data?: (draftData: string) => string): string;
  /** The event INSERT of a many-row write (see eventsInsertFromCte). */
  insertEachFromCte(cte: string, first: number, data?: (draftData: string) => string): string;
  /** The event INSERT of a write whose statement builds its events: `select` yields the columns of EVENT_INSERT_COLUMNS in order. */
  insertSelect(select: string): string;
}

const eventInsertSelect = (select: string): string => `INSERT INTO events (${EVENT_INSERT_COLUMNS}) ${select}`;

export const outboxAppender: PgEventAppender = {
  append: appendEvents,
  insertFromCte: eventInsertFromCte,
  insertEachFromCte: eventsInsertFromCte,
  insertSelect: eventInsertSelect,
};

/** Benchmark only (PostgresStoreOptions.withoutEventsForBenchmark): the same statements, inserting no event. */
export const skippingAppender: PgEventAppender = {
  append: async () => {},
  insertFromCte: (cte, first, data) => `${eventInsertFromCte(cte, first, data)} WHERE false`,
  insertEachFromCte: (cte, first, data) => eventsInsertFromCte(cte, first, data, false),
  insertSelect: (select) => eventInsertSelect(`SELECT * FROM (${select}) skipped WHERE false`),
};

/** Events no running transaction can still precede: those of transactions older than the oldest one running. */
export const VISIBLE = 'txid < pg_snapshot_xmin(pg_current_snapshot())';

export function pgEventStore(pool: pg.Pool): EventStore {
  return {
    async list(query) {
      const where = [VISIBLE];
      const params: unknown[] = [];
      if (query.after !== undefined) {
        const cursor = await one<{ txid: string; seq: string }>(pool, 'SELECT txid::text AS txid, seq FROM events WHERE id = $1', [query.after]);
        if (!cursor) return undefined;
        params.push(cursor.txid, cursor.seq);
        where.push(`(txid, seq) > ($1::xid8, $2::bigint)`);
      }
      if (query.orgId !== undefined) {
        params.push(query.orgId);
        where.push(`org_id = $${params.length}`);
      }
      if (query.types !== undefined && query.types.length > 0) {
        params.push([...query.types]);
        where.push(`type = ANY($${params.length}::text[])`);
      }
      params.push(query.limit);
      const found = await rows<EventBodyRow>(
        pool,
        `SELECT id, org_id, org_external_id, type, occurred_at, data, changed FROM events WHERE ${where.join(' AND ')}
         ORDER BY txid, seq LIMIT $${params.length}`,
        params,
      );
      return found.map(toStoredEvent);
    },
    async prune(before) {
      // Events are appended in about time order: everything below the first seq inside the retention is older (the
      // events_occurred_at index every append paid for is gone, migration 10).
      return affected(
        pool,
        `DELETE FROM events WHERE seq < coalesce((SELECT seq FROM events WHERE occurred_at >= $1 ORDER BY seq LIMIT 1), (SELECT max(seq) + 1 FROM events))`,
        [before],
      );
    },
  };
}
