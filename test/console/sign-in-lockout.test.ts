// Sign-in throttling counts failures per address and account together: nobody can lock an owner out from elsewhere,
// and a throttled sign-in says when to retry.
import { afterEach, describe, expect, it } from 'vitest';
import { Browser, createHarness, seedOrg, type Harness } from './console-harness.js';

let h: Harness;
afterEach(async () => h.close());

describe('sign-in lockout', { timeout: 60_000 }, () => {
  it('wrong passwords from one address do not lock the account out for its owner elsewhere', async () => {
    h = await createHarness();
    await seedOrg(h);
    for (let i = 0; i < 8; i++) await new Browser(h.app, '203.0.113.66').signIn('owner@acme.test', 'wrong password here');
    expect((await new Browser(h.app, '198.51.100.7').signIn('owner@acme.test')).statusCode).toBe(303);
  });

  it('the guessing address is throttled with Retry-After, for that account', async () => {
    h = await createHarness();
    await seedOrg(h);
    for (let i = 0; i < 5; i++) expect((await new Browser(h.app, '203.0.113.66').signIn('owner@acme.test', 'wrong password here')).statusCode).toBe(401);
    const blocked = await new Browser(h.app, '203.0.113.66').signIn('owner@acme.test', 'wrong password here');
    expect(blocked.statusCode).toBe(429);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(blocked.body).toContain('Too many sign-in attempts');
    h.advance(retryAfter * 1000);
    expect((await new Browser(h.app, '203.0.113.66').signIn('owner@acme.test')).statusCode).toBe(303);
  });
});
