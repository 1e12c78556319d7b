import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/scim-harness.js';
import { TEST_ENGINE } from '../support/test-store.js';

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
    expect(res.json()).toEqual({ status: 'ready', database: TEST_ENGINE });
  });
  it('/readyz answers 503 once the database stops answering, while /healthz stays up', async () => {
    const down = await harness();
    try {
      await down.services.store.close();
      const res = await down.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', database: TEST_ENGINE });
      expect((await down.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await down.close();
    }
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
