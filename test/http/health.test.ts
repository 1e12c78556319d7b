import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/scim-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

describe('health', () => {
  it('/healthz answers while the process is up', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });
  it('/readyz reports the database', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: 'sqlite' });
  });
});

describe('metrics', () => {
  it('/metrics counts requests by route pattern, never by raw URL', async () => {
    await h.app.inject({ method: 'GET', url: '/scim/v2/Users/some-secret-looking-id' });
    const res = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('rollcall_http_requests_total{method="GET",route="/scim/v2/Users/:id",status="401"} 1');
    expect(res.body).not.toContain('some-secret-looking-id');
  });
});
