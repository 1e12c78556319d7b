// Webhook endpoints and their delivery queues on SQLite: one process delivers, one writer at a time.
import { randomUUID } from 'node:crypto';
import type { ClaimedDelivery, DeliveryResult, WebhookStore } from '../store.js';
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
import type { SqliteDatabase } from './open-database.js';

const deliveryId = () => `whd_${randomUUID().replaceAll('-', '')}`;

export function sqliteWebhookStore(db: SqliteDatabase): WebhookStore {
  const insertEndpoint = db.prepare(
    `INSERT INTO webhook_endpoints (id, url, types, org_id, enabled, secret, previous_secret, previous_secret_until, created_at, updated_at, cursor_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) FROM events))`,
  );
  const endpoint = db.prepare<[string], EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ?`);
  const endpoints = db.prepare<[], EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`);
  const enabledEndpoints = db.prepare<[], EndpointRow & { cursor_seq: number }>(
    `SELECT ${ENDPOINT_COLUMNS}, cursor_seq FROM webhook_endpoints WHERE enabled = 1 ORDER BY id`,
  );
  const deleteEndpoint = db.prepare('DELETE FROM webhook_endpoints WHERE id = ?');
  const eventsAfter = db.prepare<[number, number], EventBodyRow & { seq: number }>(
    'SELECT seq, id, org_id, org_external_id, type, occurred_at, data, changed FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const insertDelivery = db.prepare(
    `INSERT INTO webhook_deliveries (id, endpoint_id, org_id, event_id, status, created_at, next_attempt_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
  );
  const moveCursor = db.prepare('UPDATE webhook_endpoints SET cursor_seq = ? WHERE id = ?');
  // The head of each endpoint+organization queue, if due and not leased.
  const due = db.prepare<[string, string, number], DeliveryRow>(
    `WITH RECURSIVE ${QUEUE_HEADS}
     SELECT ${DELIVERY_COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')} FROM queue_heads q JOIN webhook_deliveries d ON d.seq = q.seq
     WHERE d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?)
       AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = d.endpoint_id AND e.enabled = 1)
     ORDER BY d.seq LIMIT ?`,
  );
  const lease = db.prepare('UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE seq = ?');
  // The pending deliveries queued after a head, in order (the queue's partial index).
  const followers = db.prepare<[string, string, number, number], DeliveryRow & { lease_until: string | null }>(
    `SELECT ${DELIVERY_COLUMNS}, lease_until FROM webhook_deliveries WHERE status = 'pending' AND endpoint_id = ? AND org_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
  );
  const release = db.prepare('UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?');
  const eventById = db.prepare<[string], EventBodyRow>('SELECT id, org_id, org_external_id, type, occurred_at, data, changed FROM events WHERE id = ?');
  const bySeqOwner = db.prepare<[string, string], { seq: number }>('SELECT seq FROM webhook_deliveries WHERE id = ? AND lease_owner = ?');
  const finish = db.prepare(
    `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,
       finished_at = CASE WHEN ? = 'pending' THEN NULL ELSE ? END WHERE seq = ?`,
  );
  const insertAttempt = db.prepare(
    'INSERT INTO webhook_attempts (delivery_seq, at, status, duration_ms, response_excerpt, error) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // A null `before` or org matches every row; an unknown `before` id matches none.
  const deliveries = db.prepare<{ endpointId: string; before: string | null; orgId: string | null; limit: number }, DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = @endpointId
       AND (@before IS NULL OR seq < (SELECT b.seq FROM webhook_deliveries b WHERE b.endpoint_id = @endpointId AND b.id = @before))
       AND (@orgId IS NULL OR org_id = @orgId)
     ORDER BY seq DESC LIMIT @limit`,
  );
  const delivery = db.prepare<[string, string], DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = ? AND id = ?`);
  const backlog = db.prepare<[], { pending: number; oldest: string | null }>(
    `SELECT count(*) AS pending, min(created_at) AS oldest FROM webhook_deliveries WHERE status = 'pending'`,
  );
  const attemptsOf = db.prepare<[string], AttemptRow>(
    `SELECT d.id AS delivery_id, a.at, a.status, a.duration_ms, a.response_excerpt, a.error
     FROM webhook_attempts a JOIN webhook_deliveries d ON d.seq = a.delivery_seq
     WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY a.seq`,
  );

  const enqueue = db.transaction((now: string, batch: number) => {
    let queued = 0;
    for (const row of enabledEndpoints.all()) {
      const target = toEndpoint(row);
      const events = eventsAfter.all(row.cursor_seq, batch);
      for (const event of events) {
        if (!endpointWants(target, { orgId: event.org_id, type: event.type })) continue;
        insertDelivery.run(deliveryId(), target.id, event.org_id, event.id, now, now);
        queued += 1;
      }
      const last = events.at(-1);
      if (last) moveCursor.run(last.seq, target.id);
    }
    return queued;
  });
  const claim = db.transaction((owner: string, now: string, leaseUntil: string, limit: number, run: number): ClaimedDelivery[] =>
    due.all(now, now, limit).flatMap((head) => {
      const target = toEndpoint(endpoint.get(head.endpoint_id)!);
      // Followers were queued after the head and never tried; a run stops at the first that is not free and due.
      const more = run > 1 ? followers.all(head.endpoint_id, head.org_id, Number(head.seq), run - 1) : [];
      const free = more.findIndex((row) => row.next_attempt_at > now || (row.lease_until !== null && row.lease_until >= now));
      return [head, ...(free === -1 ? more : more.slice(0, free))].map((row) => {
        lease.run(owner, leaseUntil, row.seq);
        const event = eventById.get(row.event_id);
        return { ...toDelivery(row), endpoint: target, event: event && toStoredEvent(event) };
      });
    }),
  );
  const finishManyTx = db.transaction((owner: string, results: readonly DeliveryResult[]) => {
    let recorded = 0;
    for (const { deliveryId: id, attempt, next } of results) {
      const row = bySeqOwner.get(id, owner);
      if (!row) continue;
      insertAttempt.run(row.seq, attempt.at, attempt.status, attempt.durationMs, attempt.responseExcerpt, attempt.error);
      finish.run(next.status, next.nextAttemptAt, next.status, attempt.at, row.seq);
      recorded += 1;
    }
    return recorded;
  });
  const releaseTx = db.transaction((owner: string, ids: readonly string[]) => {
    for (const id of ids) release.run(id, owner);
  });
  const finishTx = db.transaction((...[id, owner, attempt, next]: Parameters<WebhookStore['finish']>) => {
    const row = bySeqOwner.get(id, owner);
    if (!row) return false;
    insertAttempt.run(row.seq, attempt.at, attempt.status, attempt.durationMs, attempt.responseExcerpt, attempt.error);
    finish.run(next.status, next.nextAttemptAt, next.status, attempt.at, row.seq);
    return true;
  });

  const attemptsFor = (ids: readonly string[]) => {
    const result = new Map(ids.map((id) => [id, [] as ReturnType<typeof toAttempt>[]]));
    for (const row of attemptsOf.all(JSON.stringify(ids))) result.get(row.delivery_id)?.push(toAttempt(row));
    return result;
  };

  return {
    async createEndpoint(e) {
      insertEndpoint.run(e.id, e.url, e.types && JSON.stringify(e.types), e.orgId, e.enabled ? 1 : 0, e.secret, e.previousSecret, e.previousSecretUntil, e.createdAt, e.updatedAt);
    },
    async endpoint(id) {
      const row = endpoint.get(id);
      return row && toEndpoint(row);
    },
    async endpoints() {
      return endpoints.all().map(toEndpoint);
    },
    async updateEndpoint(id, change) {
      const sets: string[] = ['updated_at = @updatedAt'];
      const params: Record<string, unknown> = { id, updatedAt: change.updatedAt };
      if (change.url !== undefined) (sets.push('url = @url'), (params['url'] = change.url));
      if (change.types !== undefined) (sets.push('types = @types'), (params['types'] = change.types && JSON.stringify(change.types)));
      if (change.enabled !== undefined) (sets.push('enabled = @enabled'), (params['enabled'] = change.enabled ? 1 : 0));
      if (change.secret !== undefined) (sets.push('secret = @secret'), (params['secret'] = change.secret));
      if (change.previousSecret !== undefined) (sets.push('previous_secret = @previousSecret'), (params['previousSecret'] = change.previousSecret));
      if (change.previousSecretUntil !== undefined) {
        sets.push('previous_secret_until = @previousSecretUntil');
        params['previousSecretUntil'] = change.previousSecretUntil;
      }
      const info = db.prepare(`UPDATE webhook_endpoints SET ${sets.join(', ')} WHERE id = @id`).run(params);
      if (info.changes === 0) return undefined;
      return toEndpoint(endpoint.get(id)!);
    },
    async deleteEndpoint(id) {
      return deleteEndpoint.run(id).changes > 0;
    },
    async enqueue(now, batch) {
      return enqueue.immediate(now, batch);
    },
    async claim(owner, now, leaseUntil, limit, run = 1) {
      return claim.immediate(owner, now, leaseUntil, limit, run);
    },
    async finishMany(owner, results) {
      return results.length === 0 ? 0 : finishManyTx.immediate(owner, results);
    },
    async release(owner, ids) {
      if (ids.length > 0) releaseTx.immediate(owner, ids);
    },
    async finish(id, owner, attempt, next) {
      return finishTx.immediate(id, owner, attempt, next);
    },
    async deliveries(endpointId, limit, options = {}) {
      return deliveries.all({ endpointId, before: options.before ?? null, orgId: options.orgId ?? null, limit }).map(toDelivery);
    },
    async delivery(endpointId, id) {
      const row = delivery.get(endpointId, id);
      if (!row) return undefined;
      return { ...toDelivery(row), attemptLog: attemptsFor([id]).get(id) ?? [] };
    },
    async attempts(ids) {
      return attemptsFor(ids);
    },
    async redeliver(endpointId, id, newId, now) {
      const row = delivery.get(endpointId, id);
      if (!row) return undefined;
      insertDelivery.run(newId, endpointId, row.org_id, row.event_id, now, now);
      return toDelivery(delivery.get(endpointId, newId)!);
    },
    async backlog() {
      const row = backlog.get()!;
      return { pending: row.pending, oldestCreatedAt: row.oldest };
    },
  };
}
