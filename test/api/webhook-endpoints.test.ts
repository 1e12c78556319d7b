// /api/v1/webhook-endpoints: the secret shown once, never in reads; rotation with an overlap; receivers on private
// networks refused unless allowed; validation; deliveries paged, inspected and redelivered. Sending is not tested here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, scimUser, type ApiHarness } from '../support/api-harness.js';

let h: ApiHarness;
let strict: ApiHarness;
beforeAll(async () => {
  h = await apiHarness({ webhookAllowPrivateNetworks: true });
  strict = await apiHarness();
});
afterAll(async () => {
  await h.close();
  await strict.close();
});

const problem = (response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json() as { type: string; detail: string; errors?: { pointer: string }[] };
};

const SECRET = /^whsec_[A-Za-z0-9_-]{43}$/;
const PUBLIC_RECEIVER = 'https://93.184.216.34/hooks/rollcall';

async function createEndpoint(body: Record<string, unknown> = {}) {
  const created = await h.api('POST', '/webhook-endpoints', { url: 'http://127.0.0.1:9/hook', ...body });
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as { id: string; secret: string; url: string; types: string[] | null; organization_id: string | null; enabled: boolean };
}

/** Queues deliveries until the endpoint has `count` (on PostgreSQL an event shows once older transactions ended). */
async function enqueueFor(endpointId: string, count: number) {
  for (let i = 0; i < 200; i += 1) {
    await h.services.store.webhooks.enqueue(new Date().toISOString(), 100);
    if ((await h.services.store.webhooks.deliveries(endpointId, 100)).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`fewer than ${count} deliveries were queued`);
}

describe('webhook endpoints', () => {
  it('shows the secret once, in the create answer, and never in reads or lists', async () => {
    const created = await h.api('POST', '/webhook-endpoints', { url: 'http://127.0.0.1:9/hook', types: ['user.created', 'user.deleted'] });
    expect(created.statusCode).toBe(201);
    const endpoint = created.json();
    expect(endpoint).toMatchObject({ url: 'http://127.0.0.1:9/hook', types: ['user.created', 'user.deleted'], organization_id: null, enabled: true, previous_secret_expires_at: null });
    expect(endpoint.secret).toMatch(SECRET);
    expect(created.headers['location']).toBe(`/api/v1/webhook-endpoints/${endpoint.id}`);
    expect(created.headers['cache-control']).toBe('no-store');
    const read = await h.api('GET', `/webhook-endpoints/${endpoint.id}`);
    expect(read.statusCode).toBe(200);
    const { secret, ...withoutSecret } = endpoint;
    expect(read.json()).toEqual(withoutSecret);
    const list = await h.api('GET', '/webhook-endpoints');
    expect(list.json().data).toContainEqual(withoutSecret);
    expect(list.json().next).toBeNull();
    for (const body of [read.body, list.body]) expect(body).not.toContain(secret.slice(6));
    expect((await h.services.store.webhooks.endpoint(endpoint.id))!.secret).toBe(secret);
  });

  it('never writes a webhook secret to the log', async () => {
    const { Writable } = await import('node:stream');
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logged = await apiHarness({ logStream, webhookAllowPrivateNetworks: true });
    try {
      const created = (await logged.api('POST', '/webhook-endpoints', { url: 'http://127.0.0.1:9/logged' })).json();
      const rotated = (await logged.api('POST', `/webhook-endpoints/${created.id}/rotate-secret`, {})).json();
      await logged.api('GET', `/webhook-endpoints/${created.id}`);
      const text = lines.join('');
      expect(text).toContain('/api/v1/webhook-endpoints');
      for (const secret of [created.secret, rotated.secret]) expect(text).not.toContain(secret.slice(6));
    } finally {
      await logged.close();
    }
  });

  it('scopes an endpoint to one existing organization, and refuses an unknown one', async () => {
    const org = await h.scimOrg('Scoped');
    expect((await createEndpoint({ organization_id: org.id })).organization_id).toBe(org.id);
    const unknown = problem(await h.api('POST', '/webhook-endpoints', { url: 'http://127.0.0.1:9/x', organization_id: 'no-such-org' }), 400);
    expect(unknown.detail).toContain('organization_id');
  });

  it('refuses receivers on private networks unless WEBHOOK_ALLOW_PRIVATE_NETWORKS is set, on create and on change', async () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'https://10.1.2.3/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest', 'http://[::ffff:192.168.0.1]/']) {
      const refused = problem(await strict.api('POST', '/webhook-endpoints', { url }), 422);
      expect(refused.type).toBe('/api/v1/problems/receiver-not-allowed');
      expect(refused.detail).toContain('WEBHOOK_ALLOW_PRIVATE_NETWORKS');
    }
    const allowed = await strict.api('POST', '/webhook-endpoints', { url: PUBLIC_RECEIVER });
    expect(allowed.statusCode).toBe(201);
    problem(await strict.api('PATCH', `/webhook-endpoints/${allowed.json().id}`, { url: 'http://192.168.1.10/' }), 422);
    expect((await strict.api('GET', `/webhook-endpoints/${allowed.json().id}`)).json().url).toBe(PUBLIC_RECEIVER);
    expect((await strict.api('GET', '/webhook-endpoints')).json().data).toHaveLength(1);
  });

  it('refuses bad input with problem details naming the field, and stores nothing', async () => {
    const before = (await h.api('GET', '/webhook-endpoints')).json().data.length;
    expect(problem(await h.api('POST', '/webhook-endpoints', {}), 400).errors?.[0]?.pointer).toBe('#/url');
    for (const body of [
      { url: 'not a url' },
      { url: 'ftp://example.com/x' },
      { url: 'https://user:pass@example.com/x' },
      { url: `https://example.com/${'a'.repeat(2100)}` },
      { url: 'https://93.184.216.34/', types: ['user.exploded'] },
      { url: 'https://93.184.216.34/', types: [] },
      { url: 'https://93.184.216.34/', types: 'user.created' },
      { url: 'https://93.184.216.34/', secret: 'mine' },
    ]) {
      problem(await h.api('POST', '/webhook-endpoints', body), 400);
    }
    expect(problem(await h.api('POST', '/webhook-endpoints', { url: 'https://93.184.216.34/', types: ['user.exploded'] }), 400).detail).toContain('user.exploded');
    problem(await h.api('POST', '/webhook-endpoints', '{"url": '), 400);
    expect((await h.api('GET', '/webhook-endpoints')).json().data.length).toBe(before);
    const endpoint = await createEndpoint();
    problem(await h.api('PATCH', `/webhook-endpoints/${endpoint.id}`, {}), 400);
    problem(await h.api('PATCH', `/webhook-endpoints/${endpoint.id}`, { organization_id: null }), 400);
    problem(await h.api('PATCH', `/webhook-endpoints/${endpoint.id}`, { enabled: 'no' }), 400);
    problem(await h.api('POST', `/webhook-endpoints/${endpoint.id}/rotate-secret`, { overlap_seconds: 8 * 24 * 3600 }), 400);
    problem(await h.api('GET', `/webhook-endpoints/${endpoint.id}/deliveries?after=garbage`), 400);
  });

  it('changes the url and types, disables and re-enables, and deletes', async () => {
    const endpoint = await createEndpoint();
    const changed = await h.api('PATCH', `/webhook-endpoints/${endpoint.id}`, { url: 'http://127.0.0.1:10/other', types: ['group.member_added'] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ url: 'http://127.0.0.1:10/other', types: ['group.member_added'], enabled: true });
    expect(changed.json()).not.toHaveProperty('secret');
    expect((await h.api('PATCH', `/webhook-endpoints/${endpoint.id}`, { enabled: false })).json().enabled).toBe(false);
    expect((await h.api('PATCH', `/webhook-endpoints/${endpoint.id}`, { types: null, enabled: true })).json()).toMatchObject({ types: null, enabled: true });
    expect((await h.api('DELETE', `/webhook-endpoints/${endpoint.id}`)).statusCode).toBe(204);
    for (const [method, path] of [
      ['GET', ''],
      ['DELETE', ''],
      ['GET', '/deliveries'],
    ] as const) {
      expect(problem(await h.api(method, `/webhook-endpoints/${endpoint.id}${path}`), 404).type).toBe('/api/v1/problems/not-found');
    }
    problem(await h.api('PATCH', `/webhook-endpoints/${endpoint.id}`, { enabled: true }), 404);
    problem(await h.api('POST', `/webhook-endpoints/${endpoint.id}/rotate-secret`, {}), 404);
  });

  it('rotates the secret: the new one shown once, the previous one signing beside it for the overlap', async () => {
    const endpoint = await createEndpoint();
    const started = Date.now();
    const rotated = await h.api('POST', `/webhook-endpoints/${endpoint.id}/rotate-secret`, {});
    expect(rotated.statusCode).toBe(200);
    const body = rotated.json();
    expect(body.secret).toMatch(SECRET);
    expect(body.secret).not.toBe(endpoint.secret);
    const until = Date.parse(body.previous_secret_expires_at);
    expect(until - started).toBeGreaterThanOrEqual(24 * 3600 * 1000 - 1000);
    expect(until - started).toBeLessThanOrEqual(24 * 3600 * 1000 + 60_000);
    const stored = (await h.services.store.webhooks.endpoint(endpoint.id))!;
    expect(stored).toMatchObject({ secret: body.secret, previousSecret: endpoint.secret });
    const read = await h.api('GET', `/webhook-endpoints/${endpoint.id}`);
    expect(read.json().previous_secret_expires_at).toBe(body.previous_secret_expires_at);
    expect(read.body).not.toContain(body.secret.slice(6));
    expect(read.body).not.toContain(endpoint.secret.slice(6));
    // A short overlap on request; 0 retires the previous secret at once.
    const short = (await h.api('POST', `/webhook-endpoints/${endpoint.id}/rotate-secret`, { overlap_seconds: 60 })).json();
    expect(Date.parse(short.previous_secret_expires_at) - Date.now()).toBeLessThanOrEqual(60_000);
    expect((await h.services.store.webhooks.endpoint(endpoint.id))!.previousSecret).toBe(body.secret);
    const now = (await h.api('POST', `/webhook-endpoints/${endpoint.id}/rotate-secret`, { overlap_seconds: 0 })).json();
    expect(now.previous_secret_expires_at).toBeNull();
    expect((await h.services.store.webhooks.endpoint(endpoint.id))!).toMatchObject({ secret: now.secret, previousSecret: null });
    // A bare POST (no body) rotates with the default overlap.
    const bare = await h.app.inject({ method: 'POST', url: `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, headers: { authorization: `Bearer ${h.key}` } });
    expect(bare.statusCode).toBe(200);
    expect(bare.json().previous_secret_expires_at).not.toBeNull();
  });
});

describe('deliveries', () => {
  it('pages deliveries newest first, shows one with its attempts, and redelivers it', async () => {
    const org = await h.scimOrg('Deliveries');
    const endpoint = await createEndpoint({ organization_id: org.id, types: ['user.created'] });
    for (let i = 0; i < 5; i += 1) expect((await h.scim(org.token, 'POST', '/Users', scimUser(`d${i}@example.com`))).statusCode).toBe(201);
    await enqueueFor(endpoint.id, 5);
    const seen: { id: string; event_id: string; status: string }[] = [];
    let after: string | null = null;
    do {
      const response = await h.api('GET', `/webhook-endpoints/${endpoint.id}/deliveries?limit=2${after ? `&after=${after}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page: { data: { id: string; event_id: string; status: string }[]; next: string | null } = response.json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data);
      after = page.next;
    } while (after);
    expect(seen).toHaveLength(5);
    expect(new Set(seen.map((d) => d.id)).size).toBe(5);
    expect(seen.every((d) => d.status === 'pending')).toBe(true);
    // Newest first: the last user's event leads.
    const events = (await h.api('GET', `/events?organization_id=${org.id}&types=user.created`)).json().data as { id: string }[];
    expect(seen.map((d) => d.event_id)).toEqual(events.map((e) => e.id).reverse());

    // One attempt, answered 500, as the delivery worker would log it.
    const leased = await h.services.store.webhooks.claim('test-worker', new Date().toISOString(), new Date(Date.now() + 60_000).toISOString(), 100);
    const claimed = leased.find((d) => d.endpointId === endpoint.id);
    expect(claimed).toBeDefined();
    const attempt = { at: new Date().toISOString(), status: 500, durationMs: 12, responseExcerpt: 'upstream broke', error: null };
    await h.services.store.webhooks.finish(claimed!.id, 'test-worker', attempt, { status: 'failed', nextAttemptAt: attempt.at });
    const detail = await h.api('GET', `/webhook-endpoints/${endpoint.id}/deliveries/${claimed!.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      id: claimed!.id,
      status: 'failed',
      attempt_count: 1,
      organization_id: org.id,
      next_attempt_at: null,
      attempts: [{ status: 500, duration_ms: 12, response_excerpt: 'upstream broke', error: null }],
    });

    const again = await h.api('POST', `/webhook-endpoints/${endpoint.id}/deliveries/${claimed!.id}/redeliver`);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ status: 'pending', event_id: claimed!.eventId, attempt_count: 0 });
    expect(again.json().id).not.toBe(claimed!.id);
    expect((await h.api('GET', `/webhook-endpoints/${endpoint.id}/deliveries?limit=1`)).json().data[0].id).toBe(again.json().id);

    problem(await h.api('GET', `/webhook-endpoints/${endpoint.id}/deliveries/whd_unknown`), 404);
    problem(await h.api('POST', `/webhook-endpoints/${endpoint.id}/deliveries/whd_unknown/redeliver`), 404);
    // A delivery is reachable only through its own endpoint.
    const other = await createEndpoint();
    problem(await h.api('GET', `/webhook-endpoints/${other.id}/deliveries/${claimed!.id}`), 404);
    problem(await h.api('POST', `/webhook-endpoints/${other.id}/deliveries/${claimed!.id}/redeliver`), 404);
  });
});
