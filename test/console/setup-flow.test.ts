// First run: `rollcall serve` prints a one-time setup address whose page creates the first organization and owner.
import { afterEach, describe, expect, it } from 'vitest';
import { firstStep } from '../../src/cli/serve-command.js';
import { Browser, createHarness, PASSWORD, seedOrg, type Harness } from './console-harness.js';

let h: Harness;
afterEach(async () => h.close());

const tokenFrom = (text: string) => /\/setup\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

const setupFields = (token: string) => ({ token, name: 'Acme', slug: 'acme', email: 'founder@acme.test', password: PASSWORD });

describe('first-run setup', { timeout: 30_000 }, () => {
  it('prints a one-time setup address while no organization exists, and the sign-in address after', async () => {
    h = await createHarness({ publicUrl: 'https://rollcall.example.com' });
    const message = await firstStep(h.services);
    expect(message).toMatch(/^No organization yet\. Open this one-time setup address within 60 minutes/);
    expect(message).toMatch(/ {2}https:\/\/rollcall\.example\.com\/setup\?token=[A-Za-z0-9_-]{43}\n/);
    await seedOrg(h);
    expect(await firstStep(h.services)).toBe('Sign in to the console: https://rollcall.example.com/sign-in');
  });

  it('creates the first organization and its owner, signs the owner in, and works only once', async () => {
    h = await createHarness();
    const token = tokenFrom(await firstStep(h.services))!;
    const browser = new Browser(h.app);
    const page = await browser.get(`/setup?token=${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.body).toContain('<label for="org-name">Organization name</label>');
    const created = await browser.post('/setup', setupFields(token));
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/orgs/acme');
    const home = await browser.get('/orgs/acme');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('founder@acme.test');
    const org = await h.services.orgs.requireOrg('acme');
    const owner = await h.services.store.accounts.byEmail('founder@acme.test');
    expect((await h.services.store.accounts.membership(org.id, owner!.id))?.role).toBe('owner');
    // Used: the page is closed now, and the link cannot create a second organization.
    const replay = await new Browser(h.app).post('/setup', { ...setupFields(token), slug: 'other' });
    expect(replay.statusCode).toBe(409);
    expect(await h.services.store.orgs.count()).toBe(1);
    expect((await new Browser(h.app).get(`/setup?token=${token}`)).body).toContain('Rollcall is already set up');
  });

  it('keeps the link usable after a mistake in the form (validation before consumption)', async () => {
    h = await createHarness();
    const token = tokenFrom(await firstStep(h.services))!;
    const browser = new Browser(h.app);
    const weak = await browser.post('/setup', { ...setupFields(token), password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('The password must be at least 12 characters long.');
    expect(weak.body).toContain('value="founder@acme.test"');
    expect((await browser.post('/setup', setupFields(token))).statusCode).toBe(303);
  });

  it('refuses a wrong or expired link', async () => {
    h = await createHarness();
    const token = tokenFrom(await firstStep(h.services))!;
    const wrong = await new Browser(h.app).post('/setup', setupFields('A'.repeat(43)));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('invalid, expired or already used');
    h.advance(60 * 60_000);
    expect((await new Browser(h.app).post('/setup', setupFields(token))).statusCode).toBe(400);
    expect(await h.services.store.orgs.count()).toBe(0);
  });

  it('sends visitors of a fresh install to a page that says where the setup address is', async () => {
    h = await createHarness();
    const browser = new Browser(h.app);
    const root = await browser.get('/');
    expect(root.headers.location).toBe('/setup');
    const page = await browser.get('/setup');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Open your setup address');
    expect(page.body).not.toContain('<form');
  });

  it('stores only the digest of the setup token', async () => {
    h = await createHarness();
    const token = tokenFrom(await firstStep(h.services))!;
    // consume() with the raw token as the digest must fail: the raw value is not what is stored.
    expect(await h.services.store.setupTokens.consume(token, '2025-01-05T10:00:01.000Z')).toBe(false);
  });

  it('never logs the setup token from the address', async () => {
    h = await createHarness();
    const token = tokenFrom(await firstStep(h.services))!;
    await new Browser(h.app).get(`/setup?token=${token}`);
    expect(h.logs()).toContain('/setup?token=[REDACTED]');
    expect(h.logs()).not.toContain(token);
  });

  it('refuses a cross-origin setup post', async () => {
    h = await createHarness();
    const token = tokenFrom(await firstStep(h.services))!;
    const response = await new Browser(h.app).post('/setup', setupFields(token), { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(await h.services.store.orgs.count()).toBe(0);
  });
});
