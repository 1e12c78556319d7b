// Webhook delivery by real `rollcall serve` processes on one PostgreSQL schema: an instance killed mid-delivery loses
// nothing (its deliveries resume on another instance within the 30 s lease, duplicates carry the same event id), and
// three instances share one stream of concurrent SCIM writes: every event arrives once, in order per organization.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFeed } from '../../src/storage/contract/events.contract.js';
import { createPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { createTestSchema, requirePostgres, type TestSchema } from '../../src/storage/postgres/testing/test-schema.js';
import type { Store } from '../../src/storage/store.js';
import { verifyWebhook } from '../../src/webhooks/verify-webhook.js';
import { cli, serve, type ServeProcess } from '../support/rollcall-process.js';
import { TEST_ENGINE } from '../support/test-store.js';
import { startReceiver, until, type Receiver } from '../support/webhook-receiver.js';

const available = TEST_ENGINE === 'postgres' && (await requirePostgres());
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
// Design: pending deliveries resume within 30 s of an instance's death.
const RESUME_WITHIN_MS = 30_000;
const ENV = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', DATABASE_POOL_MAX: '4' };

describe.skipIf(!available)('webhook delivery by several rollcall instances on one PostgreSQL', () => {
  let schema: TestSchema;
  let store: Store;
  let instances: ServeProcess[] = [];
  let receiver: Receiver | undefined;
  let tokens: { orgId: string; token: string }[] = [];

  beforeAll(async () => {
    schema = await createTestSchema();
    // The first instance migrates the schema; the test's own store then reads the feed and creates endpoints.
    instances.push(await serve(schema.url, ENV));
    store = await createPostgresStore(schema.url, { poolMax: 2 });
    for (const slug of ['hook-a', 'hook-b', 'hook-c']) {
      const created = await cli(schema.url, 'org', 'create', '--slug', slug, '--name', slug, '--owner-email', `o@${slug}.example`, '--owner-password', 'a long enough password');
      expect(created.err).toBe('');
      const token = (await cli(schema.url, 'token', 'generate', '--org', slug)).out.trim();
      tokens.push({ orgId: (await store.orgs.bySlug(slug))!.id, token });
    }
  }, 90_000);

  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
    // Each test's endpoint stops receiving once the test is over.
    for (const e of await store.webhooks.endpoints()) await store.webhooks.deleteEndpoint(e.id);
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await store?.close();
    await schema?.drop();
  }, 30_000);

  const createUser = (instance: ServeProcess, token: string, userName: string) =>
    fetch(`${instance.origin}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [USER], userName }),
    }).then((res) => expect(res.status).toBe(201));

  async function endpoint(url: string) {
    const now = new Date().toISOString();
    const created = { id: `we_${now}`, url, types: ['user.created'], orgId: null, enabled: true, secret: `whsec_${now}`, previousSecret: null, previousSecretUntil: null, createdAt: now, updatedAt: now };
    await store.webhooks.createEndpoint(created);
    return created;
  }

  it('resumes the deliveries of an instance killed mid-delivery within the lease, losing nothing', async () => {
    // The first request is held unanswered: the instance is killed while it waits for the answer.
    receiver = await startReceiver((_, i) => (i === 0 ? { status: 200, delayMs: 60_000 } : { status: 204 }));
    const target = await endpoint(receiver.url);
    const [{ orgId, token }] = tokens as [(typeof tokens)[0]];
    for (let i = 0; i < 5; i += 1) await createUser(instances[0]!, token, `killed-${i}@example.com`);
    const received = receiver.received;
    await until(() => received.length === 1, 10_000, 'the first send');
    await instances[0]!.kill();
    const killedAt = Date.now();
    instances[0] = await serve(schema.url, ENV);
    await until(() => new Set(received.map((r) => r.eventId)).size === 5, RESUME_WITHIN_MS + 10_000, 'every event after the restart');
    const resumedAfterMs = received[1]!.receivedAt - killedAt;
    console.info(`webhook deliveries resumed ${resumedAfterMs} ms after SIGKILL`);
    expect(resumedAfterMs).toBeLessThanOrEqual(RESUME_WITHIN_MS);
    const feed = (await readFeed(store, { orgId, types: ['user.created'] })).map((e) => e.id).slice(-5);
    // The event in flight was sent twice, with the same id; the rest once, in order.
    expect(received.map((r) => r.eventId)).toEqual([feed[0], ...feed]);
    for (const r of received) expect(verifyWebhook(r.rawBody, r.headers['rollcall-signature'], target.secret)).toBeTruthy();
  }, RESUME_WITHIN_MS + 40_000);

  it('three instances deliver one stream of concurrent SCIM writes: every event once, in order per organization', async () => {
    while (instances.length < 3) instances.push(await serve(schema.url, ENV));
    receiver = await startReceiver();
    await endpoint(receiver.url);
    const PER_ORG = 100;
    const writes: (() => Promise<void>)[] = [];
    for (let i = 0; i < PER_ORG; i += 1) {
      for (const [n, { token }] of tokens.entries()) writes.push(() => createUser(instances[(i + n) % 3]!, token, `stream-${n}-${i}@example.com`));
    }
    const started = Date.now();
    // Eight writers at a time, spread over the three instances.
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let write = writes.shift(); write; write = writes.shift()) await write();
    }));
    const received = receiver.received;
    await until(() => received.length >= PER_ORG * 3, 30_000, 'every event');
    const elapsedMs = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    console.info(`three instances: ${PER_ORG * 3} SCIM writes delivered as webhooks in ${elapsedMs} ms`);
    expect(received).toHaveLength(PER_ORG * 3);
    expect(new Set(received.map((r) => r.eventId)).size).toBe(PER_ORG * 3);
    for (const { orgId } of tokens) {
      const feed = (await readFeed(store, { orgId, types: ['user.created'] })).map((e) => e.id).filter((id) => received.some((r) => r.eventId === id));
      expect(feed).toHaveLength(PER_ORG);
      expect(received.filter((r) => feed.includes(r.eventId)).map((r) => r.eventId)).toEqual(feed);
    }
  }, 90_000);
});
