// The webhook delivery worker against real receivers on loopback, on the engine ROLLCALL_TEST_DB names: signed,
// verified deliveries in order per endpoint and organization; outages, errors, slow answers and timeouts retried;
// redelivery; secret rotation; private-network refusal; pruned events; giving up.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryWorker, PRUNED_EVENT_ERROR, type DeliveryWorkerOptions } from '../../src/core/events/delivery-worker.js';
import type { RetrySchedule } from '../../src/core/events/retry-schedule.js';
import { change, newOrg } from '../../src/storage/contract/context.js';
import { readFeed } from '../../src/storage/contract/events.contract.js';
import { EVENT_TYPES } from '../../src/storage/event-drafts.js';
import type { Org, Store, WebhookEndpoint } from '../../src/storage/store.js';
import { verifyWebhook } from '../../src/webhooks/verify-webhook.js';
import { openTestStore, type TestStore } from '../support/test-store.js';
import { freePort, startReceiver, until, type Receiver } from '../support/webhook-receiver.js';

// Each test's organizations append organization.created too; these tests count the SCIM writes' events.
const SCIM_EVENT_TYPES = EVENT_TYPES.filter((type) => !type.startsWith('organization.'));

const FAST: RetrySchedule = { firstDelayMs: 50, factor: 2, maxDelayMs: 200, giveUpAfterMs: 60_000, jitter: 0 };

let db: TestStore;
let store: Store;
let workers: DeliveryWorker[] = [];
let receivers: Receiver[] = [];

beforeEach(async () => {
  db = await openTestStore();
  store = db.store;
});
afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await Promise.all(receivers.map((r) => r.close()));
  workers = [];
  receivers = [];
  await db.dispose();
});

function worker(options: Partial<DeliveryWorkerOptions> = {}): DeliveryWorker {
  const started = new DeliveryWorker(store, { allowPrivateNetworks: true, pollIntervalMs: 50, timeoutMs: 1_000, schedule: FAST, ...options });
  started.start();
  workers.push(started);
  return started;
}

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

async function endpoint(url: string, extra: Partial<WebhookEndpoint> = {}): Promise<WebhookEndpoint> {
  const now = new Date().toISOString();
  const created: WebhookEndpoint = {
    id: `we_${randomUUID()}`, url, types: SCIM_EVENT_TYPES, orgId: null, enabled: true, secret: `whsec_${randomUUID()}`,
    previousSecret: null, previousSecretUntil: null, createdAt: now, updatedAt: now, ...extra,
  };
  await store.webhooks.createEndpoint(created);
  return created;
}

const createUser = (org: Org, userName: string) =>
  store.users.create(org.id, { id: randomUUID(), doc: { userName } }, change(new Date().toISOString()));

const userNameOf = (rawBody: string) => (JSON.parse(rawBody) as { data: { user_name: string } }).data.user_name;

async function onlyDelivery(endpointId: string) {
  const [latest] = await store.webhooks.deliveries(endpointId, 10);
  return store.webhooks.delivery(endpointId, latest!.id);
}

describe('webhook delivery worker', () => {
  it('delivers signed events that verifyWebhook accepts, in order per endpoint and organization', async () => {
    const hooks = await receiver();
    const target = await endpoint(hooks.url);
    const [a, b] = [await newOrg(store), await newOrg(store)];
    worker();
    for (let i = 0; i < 8; i += 1) await createUser(i % 3 === 0 ? b : a, `u${i}@example.com`);
    await until(() => hooks.received.length >= 8, 10_000, 'eight deliveries');
    for (const request of hooks.received) {
      const event = verifyWebhook(request.rawBody, request.headers['rollcall-signature'], target.secret) as { id: string; type: string };
      expect(event.id).toBe(request.eventId);
      expect(event.type).toBe('user.created');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['user-agent']).toMatch(/^Rollcall-Webhooks\//);
    }
    for (const org of [a, b]) {
      const feed = (await readFeed(store, { orgId: org.id, types: SCIM_EVENT_TYPES })).map((e) => e.id);
      expect(hooks.received.filter((r) => feed.includes(r.eventId)).map((r) => r.eventId)).toEqual(feed);
    }
    expect(new Set(hooks.received.map((r) => r.eventId)).size).toBe(8);
    // A run is recorded after its last send answers: on a busy machine the receiver can see it first.
    await until(async () => (await store.webhooks.backlog()).pending === 0, 5_000, 'all recorded');
    const delivery = await onlyDelivery(target.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(delivery!.attemptLog).toEqual([expect.objectContaining({ status: 204, error: null, responseExcerpt: '' })]);
  });

  it('sends a burst of one organization in runs, in order, and resumes a run after a failed send', async () => {
    const hooks = await receiver((_, i) => (i === 7 ? { status: 503 } : { status: 204 }));
    const target = await endpoint(hooks.url);
    const org = await newOrg(store);
    for (let i = 0; i < 30; i += 1) await createUser(org, `burst${i}@example.com`);
    worker({ runLength: 10 });
    await until(async () => new Set(hooks.received.map((r) => r.eventId)).size >= 30, 15_000, 'thirty events');
    const names = hooks.received.map((r) => userNameOf(r.rawBody));
    // The eighth send failed once and was sent again before anything behind it.
    const expected = Array.from({ length: 30 }, (_, i) => `burst${i}@example.com`);
    expect(names).toEqual([...expected.slice(0, 8), ...expected.slice(7)]);
    await until(async () => (await store.webhooks.backlog()).pending === 0, 5_000, 'all recorded');
    const deliveries = await store.webhooks.deliveries(target.id, 100);
    expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);
    expect(deliveries.map((d) => d.attempts).sort()).toEqual([...Array<number>(29).fill(1), 2]);
  });

  it('keeps retrying while the receiver is down and delivers everything, in order, once it is up', async () => {
    const port = await freePort();
    const target = await endpoint(`http://127.0.0.1:${port}/hooks`);
    const org = await newOrg(store);
    for (const name of ['first', 'second', 'third']) await createUser(org, `${name}@example.com`);
    worker();
    await until(async () => ((await store.webhooks.deliveries(target.id, 10)).at(-1)?.attempts ?? 0) >= 3, 10_000, 'three refused attempts');
    const hooks = await receiver(undefined, port);
    await until(() => hooks.received.length >= 3, 10_000, 'the three events');
    expect(hooks.received.map((r) => userNameOf(r.rawBody))).toEqual(['first@example.com', 'second@example.com', 'third@example.com']);
    const [firstDelivery] = (await store.webhooks.deliveries(target.id, 10)).slice(-1);
    await until(async () => (await store.webhooks.delivery(target.id, firstDelivery!.id))!.status === 'delivered', 5_000, 'the first delivery recorded');
    const log = (await store.webhooks.delivery(target.id, firstDelivery!.id))!.attemptLog;
    expect(log.at(-1)).toMatchObject({ status: 204, error: null });
    expect(log.length).toBeGreaterThanOrEqual(4);
    for (const refused of log.slice(0, -1)) {
      expect(refused).toMatchObject({ status: null, responseExcerpt: null });
      expect(refused.error).toMatch(/ECONNREFUSED/);
    }
  });

  it('retries an answer of 500 and records the first bytes of each answer', async () => {
    const hooks = await receiver((_, i) => (i < 2 ? { status: 500, body: `boom ${'x'.repeat(3_000)}` } : { status: 200, body: 'thanks' }));
    const target = await endpoint(hooks.url);
    await createUser(await newOrg(store), 'ada@example.com');
    worker();
    await until(async () => (await onlyDelivery(target.id).catch(() => undefined))?.status === 'delivered', 10_000, 'delivered');
    const delivery = await onlyDelivery(target.id);
    expect(delivery!.attempts).toBe(3);
    expect(delivery!.attemptLog.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(delivery!.attemptLog[0]!.responseExcerpt).toMatch(/^boom x+$/);
    expect(delivery!.attemptLog[0]!.responseExcerpt!.length).toBe(1024);
    expect(delivery!.attemptLog[2]!.responseExcerpt).toBe('thanks');
    expect(new Set(hooks.received.map((r) => r.eventId)).size).toBe(1);
  });

  it('accepts a slow answer that comes within the time limit', async () => {
    const hooks = await receiver(() => ({ status: 202, delayMs: 300 }));
    const target = await endpoint(hooks.url);
    await createUser(await newOrg(store), 'ada@example.com');
    worker({ timeoutMs: 1_000 });
    await until(async () => (await onlyDelivery(target.id).catch(() => undefined))?.status === 'delivered', 10_000, 'delivered');
    const delivery = await onlyDelivery(target.id);
    expect(delivery!.attemptLog).toHaveLength(1);
    expect(delivery!.attemptLog[0]!.status).toBe(202);
    expect(delivery!.attemptLog[0]!.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('counts an answer later than the time limit as failed and sends the same event again', async () => {
    const hooks = await receiver((_, i) => (i === 0 ? { status: 200, delayMs: 2_000 } : { status: 200 }));
    const target = await endpoint(hooks.url);
    await createUser(await newOrg(store), 'ada@example.com');
    worker({ timeoutMs: 300 });
    await until(async () => (await onlyDelivery(target.id).catch(() => undefined))?.status === 'delivered', 10_000, 'delivered');
    const delivery = await onlyDelivery(target.id);
    expect(delivery!.attemptLog.map((a) => [a.status, a.error])).toEqual([
      [null, 'no complete answer within 0.3 s'],
      [200, null],
    ]);
    expect(delivery!.attemptLog[0]!.durationMs).toBeGreaterThanOrEqual(290);
    expect(delivery!.attemptLog[0]!.durationMs).toBeLessThan(1_000);
    expect(hooks.received).toHaveLength(2);
    expect(hooks.received[1]!.eventId).toBe(hooks.received[0]!.eventId);
  });

  it('sends a redelivered event again with the same Rollcall-Event-Id', async () => {
    const hooks = await receiver();
    const target = await endpoint(hooks.url);
    await createUser(await newOrg(store), 'ada@example.com');
    worker();
    await until(() => hooks.received.length === 1, 10_000, 'first delivery');
    await until(async () => (await onlyDelivery(target.id))?.status === 'delivered', 5_000, 'recorded');
    const [first] = await store.webhooks.deliveries(target.id, 10);
    await store.webhooks.redeliver(target.id, first!.id, `whd_${randomUUID().replaceAll('-', '')}`, new Date().toISOString());
    await until(() => hooks.received.length === 2, 10_000, 'redelivery');
    expect(hooks.received[1]!.eventId).toBe(hooks.received[0]!.eventId);
    expect(hooks.received[1]!.rawBody).toBe(hooks.received[0]!.rawBody);
  });

  it('signs with both secrets while a rotation overlaps', async () => {
    const hooks = await receiver();
    const target = await endpoint(hooks.url, { secret: 'whsec_new', previousSecret: 'whsec_old', previousSecretUntil: new Date(Date.now() + 3_600_000).toISOString() });
    await createUser(await newOrg(store), 'ada@example.com');
    worker();
    await until(() => hooks.received.length === 1, 10_000, 'delivery');
    const [request] = hooks.received;
    expect(String(request!.headers['rollcall-signature']).match(/v1=[0-9a-f]{64}/g)).toHaveLength(2);
    expect(verifyWebhook(request!.rawBody, request!.headers['rollcall-signature'], 'whsec_old')).toBeTruthy();
    expect(verifyWebhook(request!.rawBody, request!.headers['rollcall-signature'], target.secret)).toBeTruthy();
  });

  it('delivers to an https receiver whose certificate it trusts, and refuses one it does not', async () => {
    const tlsDir = new URL('../fixtures/tls/', import.meta.url);
    const [cert, key] = [readFileSync(new URL('receiver-cert.pem', tlsDir), 'utf8'), readFileSync(new URL('receiver-key.pem', tlsDir), 'utf8')];
    const received: { body: string; signature: string | undefined }[] = [];
    const server = createHttpsServer({ cert, key }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['rollcall-signature'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const trustedOrg = await newOrg(store);
      const trusted = await endpoint(`https://localhost:${port}/hooks`, { orgId: trustedOrg.id });
      await createUser(trustedOrg, 'tls@example.com');
      const withCa = worker({ trustedCa: cert });
      await until(() => received.length >= 1, 10_000, 'the https delivery');
      expect(verifyWebhook(received[0]!.body, received[0]!.signature, trusted.secret)).toMatchObject({ type: 'user.created' });
      await withCa.stop();
      // Without that certificate authority the same receiver is untrusted: the attempt says why.
      const otherOrg = await newOrg(store);
      const untrusted = await endpoint(`https://localhost:${port}/other`, { orgId: otherOrg.id });
      await createUser(otherOrg, 'untrusted@example.com');
      worker();
      await until(async () => ((await store.webhooks.deliveries(untrusted.id, 10))[0]?.attempts ?? 0) >= 1, 10_000, 'a refused attempt');
      const [refused] = await store.webhooks.deliveries(untrusted.id, 10);
      const log = (await store.webhooks.delivery(untrusted.id, refused!.id))!.attemptLog;
      expect(log[0]).toMatchObject({ status: null });
      expect(log[0]!.error).toMatch(/certificate/i);
      expect(received).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses receivers on private networks unless allowed, and logs the refused attempt', async () => {
    const hooks = await receiver();
    const literal = await endpoint(hooks.url);
    const named = await endpoint(`http://localhost:${hooks.port}/hooks`);
    await createUser(await newOrg(store), 'ada@example.com');
    worker({ allowPrivateNetworks: false });
    for (const target of [literal, named]) {
      await until(async () => ((await onlyDelivery(target.id).catch(() => undefined))?.attempts ?? 0) >= 1, 10_000, 'a refused attempt');
      const delivery = await onlyDelivery(target.id);
      expect(delivery!.status).toBe('pending');
      expect(delivery!.attemptLog[0]).toMatchObject({ status: null, responseExcerpt: null });
      expect(delivery!.attemptLog[0]!.error).toMatch(/private (network|address)/);
      expect(delivery!.attemptLog[0]!.error).toContain('WEBHOOK_ALLOW_PRIVATE_NETWORKS=true');
    }
    expect(hooks.received).toEqual([]);
  });

  it('marks a delivery failed, with a clear error, when its event was pruned before it could be sent', async () => {
    const target = await endpoint('http://127.0.0.1:9/never');
    const org = await newOrg(store);
    await createUser(org, 'ada@example.com');
    await readFeed(store, { orgId: org.id }, 1);
    await until(async () => (await store.webhooks.enqueue(new Date().toISOString(), 100)) > 0, 5_000, 'queued');
    await store.events.prune(new Date(Date.now() + 60_000).toISOString());
    worker();
    await until(async () => (await onlyDelivery(target.id))?.status === 'failed', 5_000, 'failed');
    expect((await onlyDelivery(target.id))!.attemptLog).toEqual([expect.objectContaining({ status: null, error: PRUNED_EVENT_ERROR })]);
  });

  it('marks a delivery failed once the retry window has passed', async () => {
    const hooks = await receiver(() => ({ status: 503 }));
    const target = await endpoint(hooks.url);
    await createUser(await newOrg(store), 'ada@example.com');
    worker({ schedule: { ...FAST, giveUpAfterMs: 400 } });
    await until(async () => (await onlyDelivery(target.id).catch(() => undefined))?.status === 'failed', 10_000, 'failed');
    const delivery = await onlyDelivery(target.id);
    expect(delivery!.attemptLog.length).toBeGreaterThanOrEqual(3);
    expect(delivery!.attemptLog.every((a) => a.status === 503)).toBe(true);
    expect(delivery!.finishedAt).not.toBeNull();
  });

  it('looks for new events at once when woken (a local write) instead of at the next poll', async () => {
    const hooks = await receiver();
    await endpoint(hooks.url);
    const org = await newOrg(store);
    const idle = worker({ pollIntervalMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await createUser(org, 'ada@example.com');
    // On PostgreSQL an event shows once older transactions have ended: wait until the feed has it.
    await readFeed(store, { orgId: org.id, types: ['user.created'] }, 1);
    idle.wake();
    // Well before the 60 s poll.
    await until(() => hooks.received.length === 1, 3_000, 'delivery after wake()');
  });

  it('stops promptly: a send in flight gets a bounded wait, then its lease lets it be sent again', async () => {
    const hooks = await receiver((_, i) => ({ status: 200, delayMs: i === 0 ? 5_000 : 0 }));
    const target = await endpoint(hooks.url);
    await createUser(await newOrg(store), 'ada@example.com');
    const first = worker({ timeoutMs: 10_000, stopTimeoutMs: 200, leaseMs: 500 });
    await until(() => hooks.received.length === 1, 10_000, 'first send');
    const stopping = Date.now();
    await first.stop();
    expect(Date.now() - stopping).toBeLessThan(1_500);
    expect((await onlyDelivery(target.id))!.attempts).toBe(0);
    worker({ timeoutMs: 10_000, leaseMs: 500 });
    await until(() => hooks.received.length === 2, 10_000, 'second send after the lease expired');
    expect(hooks.received[1]!.eventId).toBe(hooks.received[0]!.eventId);
  });
});
