// /metrics: prom-client's default process and Node.js families beside Rollcall's own (SCIM operations by resource,
// method, status and client; refused tokens; database operations; build information), and METRICS_TOKEN protection.
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServices } from '../../src/core/services.js';
import { buildApp, type AppOptions } from '../../src/http/build-app.js';
import { instrumentStore } from '../../src/http/metrics.js';
import { openTestStore, TEST_ENGINE, type TestStore } from '../support/test-store.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
let opened: { app: FastifyInstance; db: TestStore } | undefined;
afterEach(async () => {
  await opened?.app.close();
  await opened?.db.dispose();
  opened = undefined;
});

async function start(options: AppOptions = {}) {
  const db = await openTestStore();
  const services = createServices(instrumentStore(db.store), { publicUrl: 'https://rollcall.test' });
  const app = await buildApp(services, { logLevel: 'silent', ...options });
  opened = { app, db };
  const org = await services.orgs.createOrg({ slug: 'm', name: 'M', ownerEmail: 'o@m.example', ownerPassword: 'a long enough password' });
  const { token } = await services.tokens.generate(org.id, { name: 'test', ip: null });
  return { app, token, orgId: org.id };
}

describe('/metrics', () => {
  it('exposes SCIM operations by resource, method, status and client, refused tokens, database operations and build information', async () => {
    const { app, token } = await start();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' };
    await app.inject({ method: 'POST', url: '/scim/v2/Users', headers, payload: JSON.stringify({ schemas: [USER], userName: 'a@m.example' }) });
    await app.inject({ method: 'GET', url: '/scim/v2/Groups', headers: { ...headers, 'user-agent': 'curl/8' } });
    await app.inject({ method: 'GET', url: '/scim/v2/Users', headers: { authorization: 'Bearer rcs_not_a_real_token' } });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(/rollcall_scim_operations_total\{resource="Users",method="POST",status="201",client="okta"\} 1/);
    expect(text).toMatch(/rollcall_scim_operations_total\{resource="Groups",method="GET",status="200",client="other"\} 1/);
    expect(text).toMatch(/^rollcall_scim_refused_tokens_total 1$/m);
    expect(text).toMatch(/rollcall_http_request_duration_seconds_bucket\{.*route="\/scim\/v2\/Users"/);
    expect(text).toMatch(/rollcall_db_operation_duration_seconds_count\{operation="users.create"\} 1/);
    expect(text).toMatch(/rollcall_build_info\{version="[^"]+",node="v\d+/);
    for (const family of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(text).toContain(`# TYPE ${family}`);
    }
    if (TEST_ENGINE === 'postgres') expect(text).toMatch(/rollcall_db_pool_connections\{state="max"\} 3/);
    else expect(text).not.toMatch(/^rollcall_db_pool_connections\{/m);
    expect(text).not.toContain(token);
  });

  it('labels refused tokens by organization only when METRICS_ORG_LABELS asks for it', async () => {
    const { app } = await start({ metricsOrgLabels: true });
    await app.inject({ method: 'GET', url: '/scim/v2/Users', headers: { authorization: 'Bearer rcs_not_a_real_token' } });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/rollcall_scim_refused_tokens_total\{org="unknown"\} 1/);
  });

  it('requires Authorization: Bearer <METRICS_TOKEN> when METRICS_TOKEN is set', async () => {
    const { app } = await start({ metricsToken: 'metrics-secret-123' });
    const none = await app.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const ok = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-secret-123' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('rollcall_build_info');
  });

  it('reports the webhook backlog and the age of the oldest pending delivery', async () => {
    const { app, token } = await start();
    const store = opened!.db.store;
    const empty = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(empty).toMatch(/^rollcall_webhook_backlog 0$/m);
    expect(empty).toMatch(/^rollcall_webhook_oldest_pending_seconds 0$/m);
    const queuedAt = new Date(Date.now() - 90_000).toISOString();
    await store.webhooks.createEndpoint({
      id: 'we_metrics', url: 'https://hooks.example.com/m', types: null, orgId: null, enabled: true, secret: 's',
      previousSecret: null, previousSecretUntil: null, createdAt: queuedAt, updatedAt: queuedAt,
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
    for (const name of ['a', 'b']) {
      await app.inject({ method: 'POST', url: '/scim/v2/Users', headers, payload: JSON.stringify({ schemas: [USER], userName: `${name}@m.example` }) });
    }
    // On PostgreSQL an event is queued once every older transaction has ended: enqueue until both are in.
    for (let queued = 0, i = 0; queued < 2 && i < 100; i += 1) {
      queued += await store.webhooks.enqueue(queuedAt, 100);
      if (queued < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/^rollcall_webhook_backlog 2$/m);
    const age = Number(/^rollcall_webhook_oldest_pending_seconds (\S+)$/m.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(120);
  });
});
