// Webhook endpoints and their delivery queues on PostgreSQL, shared by every instance: the fan-out locks each endpoint
// row, and workers lease queue heads with FOR UPDATE SKIP LOCKED, so no delivery is sent twice in normal operation.
import type pg from 'pg';
import type { ClaimedDelivery, WebhookStore } from '../store.js';
import {
  DELIVERY_COLUMNS,
  ENDPOINT_COLUMNS,
  endpointWants,
  QUEUE_HEADS,
  toAttempt,
  toDelivery,
  toEndpoint,
  toStoredEvent,
  type AttemptRow,
  type DeliveryRow,
  type EndpointRow,
  type EventBodyRow,
} from '../webhook-rows.js';
import { VISIBLE } from './event-store.js';
import { inTransaction, one, rows, type Queryable } from './pg-queries.js';

const NEW_DELIVERY_ID = `'whd_' || replace(gen_random_uuid()::text, '-', '')`;

const LEASED_COLUMNS = DELIVERY_COLUMNS.split(', ').map((c) => `d.${c}`).join(', ');

/** Leases queue heads and, with `run` > 1, the deliveries queued after each (in one transaction). */
async function claimRows(db: Queryable, owner: string, now: string, leaseUntil: string, limit: number, run: number): Promise<DeliveryRow[]> {
  // Conditions on the leased row itself, so a row another worker leased and committed meanwhile is re-checked and
  // left alone (READ COMMITTED re-evaluates them on the newest row version after the lock).
  const heads = await rows<DeliveryRow>(
    db,
    `WITH RECURSIVE ${QUEUE_HEADS},
     heads AS (
       SELECT d.seq FROM queue_heads q JOIN webhook_deliveries d ON d.seq = q.seq
       WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until < $1)
         AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = d.endpoint_id AND e.enabled)
       ORDER BY d.seq LIMIT $4 FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE webhook_deliveries d SET lease_owner = $2, lease_until = $3 FROM heads WHERE d.seq = heads.seq
     RETURNING ${LEASED_COLUMNS}`,
    [now, owner, leaseUntil, limit],
  );
  if (run <= 1 || heads.length === 0) return heads;
  // Followers were queued after their head and never tried; a run stops at the first that is not free and due.
  const candidates = await rows<{ head: string; seq: string; free: boolean }>(
    db,
    `SELECT h.seq AS head, f.seq, (f.next_attempt_at <= $2 AND (f.lease_until IS NULL OR f.lease_until < $2)) AS free
     FROM unnest($1::bigint[]) AS h(seq) JOIN webhook_deliveries hd ON hd.seq = h.seq
     CROSS JOIN LATERAL (
       SELECT n.seq, n.next_attempt_at, n.lease_until FROM webhook_deliveries n
       WHERE n.status = 'pending' AND n.endpoint_id = hd.endpoint_id AND n.org_id = hd.org_id AND n.seq > hd.seq
       ORDER BY n.seq LIMIT $3 FOR UPDATE OF n
     ) f
     ORDER BY h.seq, f.seq`,
    [heads.map((h) => h.seq), now, run - 1],
  );
  const chosen: string[] = [];
  const stopped = new Set<string>();
  for (const c of candidates) {
    if (stopped.has(c.head)) continue;
    if (c.free) chosen.push(c.seq);
    else stopped.add(c.head);
  }
  if (chosen.length === 0) return heads;
  const followers = await rows<DeliveryRow>(
    db,
    `UPDATE webhook_deliveries d SET lease_owner = $2, lease_until = $3 WHERE d.seq = ANY($1::bigint[]) RETURNING ${LEASED_COLUMNS}`,
    [chosen, owner, leaseUntil],
  );
  return [...heads, ...followers];
}

export function pgWebhookStore(pool: pg.Pool): WebhookStore {
  const attemptsFor = async (ids: readonly string[]) => {
    const result = new Map(ids.map((id) => [id, [] as ReturnType<typeof toAttempt>[]]));
    if (ids.length === 0) return result;
    const found = await rows<AttemptRow>(
      pool,
      `SELECT d.id AS delivery_id, a.at, a.status, a.duration_ms, a.response_excerpt, a.error
       FROM webhook_attempts a JOIN webhook_deliveries d ON d.seq = a.delivery_seq WHERE d.id = ANY($1::text[]) ORDER BY a.seq`,
      [[...ids]],
    );
    for (const row of found) result.get(row.delivery_id)?.push(toAttempt(row));
    return result;
  };

  return {
    async createEndpoint(e) {
      // The endpoint starts after the last event the feed shows now; events of transactions still running come later.
      await pool.query(
        `INSERT INTO webhook_endpoints (id, url, types, org_id, enabled, secret, previous_secret, previous_secret_until, created_at, updated_at, cursor_txid, cursor_seq)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce(last.txid, '0'::xid8), coalesce(last.seq, 0)
         FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT txid, seq FROM events WHERE ${VISIBLE} ORDER BY txid DESC, seq DESC LIMIT 1) last ON true`,
        [e.id, e.url, e.types && JSON.stringify(e.types), e.orgId, e.enabled, e.secret, e.previousSecret, e.previousSecretUntil, e.createdAt, e.updatedAt],
      );
    },
    async endpoint(id) {
      const row = await one<EndpointRow>(pool, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id]);
      return row && toEndpoint(row);
    },
    async endpoints() {
      return (await rows<EndpointRow>(pool, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`)).map(toEndpoint);
    },
    async updateEndpoint(id, change) {
      const sets: string[] = ['updated_at = $2'];
      const params: unknown[] = [id, change.updatedAt];
      const set = (column: string, value: unknown) => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (change.url !== undefined) set('url', change.url);
      if (change.types !== undefined) set('types', change.types && JSON.stringify(change.types));
      if (change.enabled !== undefined) set('enabled', change.enabled);
      if (change.secret !== undefined) set('secret', change.secret);
      if (change.previousSecret !== undefined) set('previous_secret', change.previousSecret);
      if (change.previousSecretUntil !== undefined) set('previous_secret_until', change.previousSecretUntil);
      const row = await one<EndpointRow>(pool, `UPDATE webhook_endpoints SET ${sets.join(', ')} WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`, params);
      return row && toEndpoint(row);
    },
    async deleteEndpoint(id) {
      return ((await pool.query('DELETE FROM webhook_endpoints WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async enqueue(now, batch) {
      return inTransaction(pool, async (db) => {
        // An endpoint another instance is fanning out right now is skipped, not waited for.
        const targets = await rows<EndpointRow & { cursor_txid: string; cursor_seq: string }>(
          db,
          `SELECT ${ENDPOINT_COLUMNS}, cursor_txid::text AS cursor_txid, cursor_seq FROM webhook_endpoints WHERE enabled ORDER BY id FOR UPDATE SKIP LOCKED`,
        );
        let queued = 0;
        for (const row of targets) {
          const target = toEndpoint(row);
          const events = await rows<{ txid: string; seq: string; id: string; org_id: string; type: string }>(
            db,
            `SELECT txid::text AS txid, seq, id, org_id, type FROM events WHERE ${VISIBLE} AND (txid, seq) > ($1::xid8, $2::bigint)
             ORDER BY txid, seq LIMIT $3`,
            [row.cursor_txid, row.cursor_seq, batch],
          );
          const wanted = events.filter((e) => endpointWants(target, { orgId: e.org_id, type: e.type }));
          if (wanted.length > 0) {
            // Inserted in feed order, so delivery seq order is feed order within the endpoint.
            await db.query(
              `INSERT INTO webhook_deliveries (id, endpoint_id, org_id, event_id, status, created_at, next_attempt_at)
               SELECT ${NEW_DELIVERY_ID}, $1, x.org_id, x.event_id, 'pending', $2, $2
               FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS x(org_id, event_id, ord) ORDER BY x.ord`,
              [target.id, now, wanted.map((e) => e.org_id), wanted.map((e) => e.id)],
            );
            queued += wanted.length;
          }
          const last = events.at(-1);
          if (last) await db.query('UPDATE webhook_endpoints SET cursor_txid = $2::xid8, cursor_seq = $3 WHERE id = $1', [target.id, last.txid, last.seq]);
        }
        return queued;
      });
    },
    async claim(owner, now, leaseUntil, limit, run = 1) {
      const claimed = await inTransaction(pool, (db) => claimRows(db, owner, now, leaseUntil, limit, run));
      if (claimed.length === 0) return [];
      const endpoints = new Map(
        (await rows<EndpointRow>(pool, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ANY($1::text[])`, [[...new Set(claimed.map((c) => c.endpoint_id))]])).map(
          (r) => [r.id, toEndpoint(r)],
        ),
      );
      const events = new Map(
        (
          await rows<EventBodyRow>(pool, 'SELECT id, org_id, org_external_id, type, occurred_at, data, changed FROM events WHERE id = ANY($1::text[])', [
            claimed.map((c) => c.event_id),
          ])
        ).map((r) => [r.id, toStoredEvent(r)]),
      );
      return claimed
        .sort((a, b) => Number(a.seq) - Number(b.seq))
        .flatMap((row): ClaimedDelivery[] => {
          const endpoint = endpoints.get(row.endpoint_id);
          return endpoint ? [{ ...toDelivery(row), endpoint, event: events.get(row.event_id) }] : [];
        });
    },
    async finishMany(owner, results) {
      if (results.length === 0) return 0;
      return inTransaction(pool, async (db) => {
        const updated = await rows<{ seq: string; id: string }>(
          db,
          `UPDATE webhook_deliveries d SET status = r.status, attempts = d.attempts + 1, next_attempt_at = r.next_attempt_at,
             lease_owner = NULL, lease_until = NULL, finished_at = CASE WHEN r.status = 'pending' THEN NULL ELSE r.at END
           FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS r(id, status, next_attempt_at, at)
           WHERE d.id = r.id AND d.lease_owner = $1 RETURNING d.seq, d.id`,
          [owner, results.map((r) => r.deliveryId), results.map((r) => r.next.status), results.map((r) => r.next.nextAttemptAt), results.map((r) => r.attempt.at)],
        );
        const seqOf = new Map(updated.map((u) => [u.id, u.seq]));
        const recorded = results.filter((r) => seqOf.has(r.deliveryId));
        if (recorded.length > 0) {
          await db.query(
            `INSERT INTO webhook_attempts (delivery_seq, at, status, duration_ms, response_excerpt, error)
             SELECT s, a, st, dm, re, er FROM unnest($1::bigint[], $2::timestamptz[], $3::int[], $4::int[], $5::text[], $6::text[])
               WITH ORDINALITY AS x(s, a, st, dm, re, er, ord) ORDER BY ord`,
            [
              recorded.map((r) => seqOf.get(r.deliveryId)),
              recorded.map((r) => r.attempt.at),
              recorded.map((r) => r.attempt.status),
              recorded.map((r) => r.attempt.durationMs),
              recorded.map((r) => r.attempt.responseExcerpt),
              recorded.map((r) => r.attempt.error),
            ],
          );
        }
        return recorded.length;
      });
    },
    async release(owner, ids) {
      if (ids.length === 0) return;
      await pool.query('UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($1::text[]) AND lease_owner = $2', [[...ids], owner]);
    },
    async finish(id, owner, attempt, next) {
      return inTransaction(pool, async (db) => {
        const row = await one<{ seq: string }>(
          db,
          `UPDATE webhook_deliveries SET status = $3, attempts = attempts + 1, next_attempt_at = $4, lease_owner = NULL, lease_until = NULL,
             finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE $5::timestamptz END
           WHERE id = $1 AND lease_owner = $2 RETURNING seq`,
          [id, owner, next.status, next.nextAttemptAt, attempt.at],
        );
        if (!row) return false;
        await db.query('INSERT INTO webhook_attempts (delivery_seq, at, status, duration_ms, response_excerpt, error) VALUES ($1, $2, $3, $4, $5, $6)', [
          row.seq,
          attempt.at,
          attempt.status,
          attempt.durationMs,
          attempt.responseExcerpt,
          attempt.error,
        ]);
        return true;
      });
    },
    async deliveries(endpointId, limit, options = {}) {
      // A null `before` or org matches every row; an unknown `before` id matches none.
      const found = await rows<DeliveryRow>(
        pool,
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = $1
           AND ($3::text IS NULL OR seq < (SELECT b.seq FROM webhook_deliveries b WHERE b.endpoint_id = $1 AND b.id = $3))
           AND ($4::text IS NULL OR org_id = $4)
         ORDER BY seq DESC LIMIT $2`,
        [endpointId, limit, options.before ?? null, options.orgId ?? null],
      );
      return found.map(toDelivery);
    },
    async delivery(endpointId, id) {
      const row = await one<DeliveryRow>(pool, `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = $1 AND id = $2`, [endpointId, id]);
      if (!row) return undefined;
      return { ...toDelivery(row), attemptLog: (await attemptsFor([id])).get(id) ?? [] };
    },
    attempts: attemptsFor,
    async redeliver(endpointId, id, newId, now) {
      const row = await one<DeliveryRow>(
        pool,
        `INSERT INTO webhook_deliveries (id, endpoint_id, org_id, event_id, status, created_at, next_attempt_at)
         SELECT $3, endpoint_id, org_id, event_id, 'pending', $4, $4 FROM webhook_deliveries WHERE endpoint_id = $1 AND id = $2
         RETURNING ${DELIVERY_COLUMNS}`,
        [endpointId, id, newId, now],
      );
      return row && toDelivery(row);
    },
    async backlog() {
      const row = await one<{ pending: string; oldest: string | null }>(
        pool,
        `SELECT count(*) AS pending, min(created_at) AS oldest FROM webhook_deliveries WHERE status = 'pending'`,
      );
      return { pending: Number(row?.pending ?? 0), oldestCreatedAt: row?.oldest ?? null };
    },
  };
}
