// The delivery worker through a database outage (PostgreSQL unreachable, SQLite disk full): it reports the failure
// once rather than at every poll, keeps running, and delivers what is written after the database is back.
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { DeliveryWorker } from '../../src/core/events/delivery-worker.js';
import { change, newOrg } from '../../src/storage/contract/context.js';
import { openBreakableStore, type BreakableStore } from '../support/breakable-store.js';
import { TEST_ENGINE } from '../support/test-store.js';
import { startReceiver, until, type Receiver } from '../support/webhook-receiver.js';

let db: BreakableStore | undefined;
let worker: DeliveryWorker | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
  await worker?.stop();
  await receiver?.close();
  await db?.recover();
  await db?.dispose();
});

it('reports a database outage once, keeps polling, and delivers again once the database is back', async () => {
  db = await openBreakableStore();
  const { store } = db;
  receiver = await startReceiver();
  const now = new Date().toISOString();
  await store.webhooks.createEndpoint({ id: `we_${randomUUID()}`, url: receiver.url, types: ['user.created'], orgId: null, enabled: true, secret: 's', previousSecret: null, previousSecretUntil: null, createdAt: now, updatedAt: now });
  const org = await newOrg(store);
  const errors: unknown[] = [];
  worker = new DeliveryWorker(store, { allowPrivateNetworks: true, pollIntervalMs: 50, onError: (error) => errors.push(error) });
  worker.start();
  await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'before@example.com' } }, change(new Date().toISOString()));
  await until(() => receiver!.received.length === 1, 10_000, 'the first delivery');
  await new Promise((resolve) => setTimeout(resolve, 200));
  await db.fail();
  // SQLite with a full disk still reads: the worker's writes (queueing, leasing) are what fail there.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await db.recover();
  // PostgreSQL: every poll failed, one report. SQLite: polls that find nothing new write nothing, so may not fail.
  if (TEST_ENGINE === 'postgres') expect(errors).toHaveLength(1);
  else expect(errors.length).toBeLessThanOrEqual(1);
  await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'after@example.com' } }, change(new Date().toISOString()));
  await until(() => receiver!.received.length === 2, 15_000, 'the delivery after the outage');
  expect(receiver.received.map((r) => (JSON.parse(r.rawBody) as { data: { user_name: string } }).data.user_name)).toEqual(['before@example.com', 'after@example.com']);
});
