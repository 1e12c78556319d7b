// The help article's SCIM page over HTTP: shown once, masked later, regenerate with the checkbox, overlap, members 403.
import { afterEach, describe, expect, it } from 'vitest';
import { Browser, createHarness, csrfOf, fieldValue, seedOrg, type Harness } from './console-harness.js';

let h: Harness;
afterEach(async () => h.close());

const SCIM = '/orgs/acme/settings/scim';
const TOKEN = /rcs_[0-9A-Za-z]{65}/g;

async function ownerSession(extra: readonly ('admin' | 'member')[] = []) {
  h = await createHarness();
  await seedOrg(h, 'acme', extra);
  const browser = new Browser(h.app);
  await browser.signIn('owner@acme.test');
  return browser;
}

async function enable(browser: Browser): Promise<string> {
  const page = await browser.get(SCIM);
  const response = await browser.post(`${SCIM}/enable`, { _csrf: csrfOf(page.body) });
  expect(response.statusCode).toBe(200);
  return fieldValue(response.body, 'scim-token')!;
}

async function generate(browser: Browser, fields: Record<string, string> = { confirm_new_token: '1' }) {
  const page = await browser.get(SCIM);
  return browser.post(`${SCIM}/generate`, { _csrf: csrfOf(page.body), current_created_at: createdAtOf(page.body), ...fields });
}

const createdAtOf = (body: string) => /name="current_created_at" value="([^"]*)"/.exec(body)?.[1] ?? '';

const scimStatus = (token: string) =>
  h.app.inject({ method: 'GET', url: '/scim/v2/Users?startIndex=1&count=1', headers: { authorization: `Bearer ${token}`, 'user-agent': 'Okta SCIM Client 1.0.0' } });

describe('User provisioning with SCIM', { timeout: 30_000 }, () => {
  it('offers Enable SCIM provisioning first, then shows base URL and token once with Copy and Done', async () => {
    const browser = await ownerSession();
    const first = await browser.get(SCIM);
    expect(first.body).toContain('>Enable SCIM provisioning</button>');
    expect(first.body).not.toMatch(TOKEN);
    const page = await browser.get(SCIM);
    const response = await browser.post(`${SCIM}/enable`, { _csrf: csrfOf(page.body) });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(fieldValue(response.body, 'scim-base-url')).toBe('http://rollcall.test/scim/v2');
    const token = fieldValue(response.body, 'scim-token')!;
    expect(token).toMatch(/^rcs_[0-9A-Za-z]{65}$/);
    expect(response.body).toContain('<label for="scim-token">Authentication token</label>');
    expect(response.body).toContain('>Copy</button>');
    expect(response.body).toMatch(/href="\/orgs\/acme\/settings\/scim">Done<\/a>/);
    expect((await scimStatus(token)).statusCode).toBe(200);
  });

  it('never shows the token again: not in the page, not in cookies, only the masked hint', async () => {
    const browser = await ownerSession();
    const token = await enable(browser);
    const again = await browser.get(SCIM);
    expect(again.headers['cache-control']).toBe('no-store');
    expect(again.body).not.toContain(token);
    expect(again.body).not.toMatch(TOKEN);
    expect(fieldValue(again.body, 'scim-token')).toBe(`rcs_…${token.slice(-4)}`);
    expect(JSON.stringify(again.headers)).not.toContain(token);
    expect(browser.cookieHeader()).not.toContain(token);
    expect(again.body).toContain('<label for="confirm-new-token">I want to generate a new token</label>');
    expect(again.body).toContain('>Generate token</button>');
  });

  it('refuses to generate unless "I want to generate a new token" is ticked (the button works without JavaScript)', async () => {
    const browser = await ownerSession();
    const token = await enable(browser);
    const response = await generate(browser, {});
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toMatch(TOKEN);
    expect((await scimStatus(token)).statusCode).toBe(200);
  });

  it('generates a new token once, and the previous token gets 401 at once (the article default)', async () => {
    const browser = await ownerSession();
    const old = await enable(browser);
    const response = await generate(browser);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const fresh = fieldValue(response.body, 'scim-token')!;
    expect(fresh).not.toBe(old);
    expect(response.body).toContain('The previous token no longer works.');
    expect((await scimStatus(old)).statusCode).toBe(401);
    expect((await scimStatus(fresh)).statusCode).toBe(200);
  });

  it('refuses a stale or resubmitted generate form instead of rotating again', async () => {
    const browser = await ownerSession();
    await enable(browser);
    const page = await browser.get(SCIM);
    const fields = { _csrf: csrfOf(page.body), current_created_at: createdAtOf(page.body), confirm_new_token: '1' };
    h.advance(1000);
    expect((await browser.post(`${SCIM}/generate`, fields)).statusCode).toBe(200);
    h.advance(1000);
    const resubmitted = await browser.post(`${SCIM}/generate`, fields);
    expect(resubmitted.statusCode).toBe(409);
    expect(resubmitted.body).not.toMatch(TOKEN);
  });

  it('keeps the previous token for the chosen window when asked, and shows when it ends', async () => {
    const browser = await ownerSession();
    const old = await enable(browser);
    const response = await generate(browser, { confirm_new_token: '1', keep_previous: '1', overlap_minutes: '60' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('keeps working until <time datetime="2025-01-05T11:00:00.000Z">2025-01-05 11:00 UTC</time>');
    expect((await scimStatus(old)).statusCode).toBe(200);
    const page = await browser.get(SCIM);
    expect(page.body).toContain('2025-01-05 11:00 UTC');
    h.advance(60 * 60_000);
    expect((await scimStatus(old)).statusCode).toBe(401);
  });

  it('can retire the previous token as soon as the identity provider uses the new one', async () => {
    const browser = await ownerSession();
    const old = await enable(browser);
    const response = await generate(browser, { confirm_new_token: '1', keep_previous: '1', overlap_minutes: '240', until_new_token_used: '1' });
    const fresh = fieldValue(response.body, 'scim-token')!;
    expect(response.body).toContain('or until your identity provider first uses the new token');
    expect((await scimStatus(old)).statusCode).toBe(200);
    expect((await scimStatus(fresh)).statusCode).toBe(200);
    expect((await scimStatus(old)).statusCode).toBe(401);
  });

  it('shows when and by which client the token was last used', async () => {
    const browser = await ownerSession();
    const token = await enable(browser);
    await scimStatus(token);
    const page = await browser.get(SCIM);
    expect(page.body).toContain('<span class="agent">Okta SCIM Client 1.0.0</span>');
    expect(page.body).toContain('by owner@acme.test');
  });

  it('disables SCIM provisioning only after a confirmation step', async () => {
    const browser = await ownerSession();
    const token = await enable(browser);
    const page = await browser.get(SCIM);
    expect(page.body).toMatch(/<a [^>]*href="\/orgs\/acme\/settings\/scim\/disable">Disable SCIM provisioning<\/a>/);
    const confirm = await browser.get(`${SCIM}/disable`);
    expect(confirm.body).toContain('Disable SCIM provisioning?');
    const done = await browser.post(`${SCIM}/disable`, { _csrf: csrfOf(confirm.body) });
    expect(done.statusCode).toBe(303);
    expect((await scimStatus(token)).statusCode).toBe(401);
    expect((await browser.get(SCIM)).body).toContain('>Enable SCIM provisioning</button>');
  });

  it('records token events with the account email and address, shown in the audit log', async () => {
    const browser = await ownerSession();
    const old = await enable(browser);
    await generate(browser);
    for (let i = 0; i < 31; i++) await scimStatus(old);
    const confirm = await browser.get(`${SCIM}/disable`);
    await browser.post(`${SCIM}/disable`, { _csrf: csrfOf(confirm.body) });
    const audit = await browser.get(`${SCIM}/audit`);
    expect(audit.statusCode).toBe(200);
    for (const label of ['SCIM provisioning enabled', 'New token generated', 'SCIM provisioning disabled', 'Retired token refused']) {
      expect(audit.body).toContain(label);
    }
    expect(audit.body).toContain('<td>owner@acme.test</td><td>127.0.0.1</td>');
  });

  it('lists SCIM writes on the provisioning activity page', async () => {
    const browser = await ownerSession();
    const token = await enable(browser);
    const created = await h.app.inject({
      method: 'POST',
      url: '/scim/v2/Users',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' },
      payload: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@acme.test' },
    });
    expect(created.statusCode).toBe(201);
    const activity = await browser.get(`${SCIM}/activity`);
    // In words, not raw ids and verbs (issue 11); the entry links to the full record.
    expect(activity.body).toContain('Okta created ada@acme.test</a>');
    expect(activity.body).toContain('<td class="nowrap">Okta</td>');
  });

  it('sends a strict CSP and no inline script or style on every page', async () => {
    const browser = await ownerSession();
    const token = await enable(browser);
    expect(token).toBeTruthy();
    for (const url of ['/orgs/acme', '/orgs/acme/settings', SCIM, `${SCIM}/audit`, `${SCIM}/activity`, `${SCIM}/disable`, '/sign-in']) {
      const response = await browser.get(url);
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      );
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
    }
  });
});

describe('roles', { timeout: 30_000 }, () => {
  it('members see no link to the SCIM page and get 403 on it and its actions', async () => {
    const owner = await ownerSession(['member', 'admin']);
    expect(owner).toBeDefined();
    const member = new Browser(h.app);
    await member.signIn('member@acme.test');
    const settings = await member.get('/orgs/acme/settings');
    expect(settings.statusCode).toBe(200);
    expect(settings.body).not.toContain('User provisioning with SCIM');
    for (const url of [SCIM, `${SCIM}/audit`, `${SCIM}/activity`, `${SCIM}/disable`]) {
      const response = await member.get(url);
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toMatch(/text\/html/);
    }
    const enable = await member.post(`${SCIM}/enable`, { _csrf: csrfOf(settings.body) });
    expect(enable.statusCode).toBe(403);
  });

  it('admins manage SCIM like owners', async () => {
    await ownerSession(['admin']);
    const admin = new Browser(h.app);
    await admin.signIn('admin@acme.test');
    expect((await admin.get('/orgs/acme/settings')).body).toContain('>User provisioning with SCIM</a>');
    expect(await enable(admin)).toMatch(/^rcs_/);
    expect((await admin.get(`${SCIM}/audit`)).body).toContain('<td>admin@acme.test</td>');
  });

  it("answers 404 for another organization's pages (org A's session against org B)", async () => {
    const browser = await ownerSession();
    await seedOrg(h, 'globex');
    expect((await browser.get('/orgs/globex/settings/scim')).statusCode).toBe(404);
    expect((await browser.get('/orgs/globex')).statusCode).toBe(404);
  });
});

describe('logs', { timeout: 30_000 }, () => {
  it('never write a token, a session id or a password', async () => {
    const browser = await ownerSession();
    const old = await enable(browser);
    const fresh = fieldValue((await generate(browser)).body, 'scim-token')!;
    await scimStatus(old);
    await scimStatus(fresh);
    const logs = h.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(old);
    expect(logs).not.toContain(fresh);
    expect(logs).not.toMatch(TOKEN);
    expect(logs).not.toContain(browser.jar.get('rollcall_session')!);
    expect(logs).not.toContain('correct horse battery staple');
  });
});
