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
