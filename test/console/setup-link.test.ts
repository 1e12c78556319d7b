// Setup links over HTTP: created by the API, opened with one click on Continue (GET uses nothing), used once, scoped
// to one organization's SCIM pages, ended within an hour, every action audited as the link, the secret never logged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Browser, createHarness, csrfOf, PASSWORD, seedOrg, type Harness } from './console-harness.js';

let h: Harness;
let apiKey: string;
beforeEach(async () => {
  h = await createHarness();
  apiKey = (await h.services.apiKeys.create('tests')).key;
});
afterEach(() => h.close());

async function createLink(orgId: string, body: Record<string, unknown> = {}) {
  const response = await h.app.inject({
    method: 'POST',
    url: `/api/v1/organizations/${orgId}/setup-links`,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  return response;
}

async function newApiOrg(name: string) {
  return h.services.productOrgs.create({ name }, 'test');
}

/** The path and query of the link, and the secret token in it. */
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return { path: `${parsed.pathname}${parsed.search}`, token: parsed.searchParams.get('token')! };
};

describe('setup links', () => {
  it('are created for an organization with a 15-minute expiry, a one-time URL and an id', async () => {
    const org = await newApiOrg('Acme');
    const response = await createLink(org.id, { return_url: 'https://app.example/settings' });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const link = response.json();
    expect(link.url).toMatch(/^http:\/\/rollcall\.test\/setup-link\?token=rcl_[0-9A-Za-z]{65}$/);
    expect(link.expires_at).toBe('2025-01-05T10:15:00.000Z');
    const bare = await h.app.inject({ method: 'POST', url: `/api/v1/organizations/${org.id}/setup-links`, headers: { authorization: `Bearer ${apiKey}` } });
    expect(bare.statusCode).toBe(201);
    expect((await createLink('no-such-org')).statusCode).toBe(404);
    expect((await createLink(org.id, { return_url: 'javascript:alert(1)' })).statusCode).toBe(400);
    expect((await createLink(org.id, { expires_in_minutes: 0 })).statusCode).toBe(400);
  });

  it('show Continue on GET without using the link; Continue lands on the SCIM page; a second use explains itself', async () => {
    const org = await newApiOrg('Acme');
    const { path, token } = pathOf((await createLink(org.id)).json().url);
    const browser = new Browser(h.app);
    // A mail scanner's prefetch, then the admin's own click: both only show the page.
    for (let i = 0; i < 2; i++) {
      const page = await browser.get(path);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('>Continue</button>');
      expect(page.body).toContain('Acme');
    }
    const continued = await browser.post('/setup-link', { token }, { origin: 'http://rollcall.test' });
    expect(continued.statusCode).toBe(303);
    expect(continued.headers.location).toBe(`/orgs/${org.slug}/settings/scim`);
    const scimPage = await browser.get(`/orgs/${org.slug}/settings/scim`);
    expect(scimPage.statusCode).toBe(200);
    expect(scimPage.body).toContain('Enable SCIM provisioning');

    const again = new Browser(h.app);
    const used = await again.get(path);
    expect(used.statusCode).toBe(410);
    expect(used.body).toContain('already been used');
    const reused = await again.post('/setup-link', { token });
    expect(reused.statusCode).toBe(410);
    expect(reused.body).toContain('already been used');
    expect(again.jar.size).toBe(0);
  });

  it('explain an expired or unknown link', async () => {
    const org = await newApiOrg('Acme');
    const { path, token } = pathOf((await createLink(org.id)).json().url);
    h.advance(15 * 60_000 + 1);
    const expired = await new Browser(h.app).get(path);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('has expired');
    expect((await new Browser(h.app).post('/setup-link', { token })).statusCode).toBe(410);
    const unknown = await new Browser(h.app).get('/setup-link?token=rcl_nonsense');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('not valid');
  });

  it('refuse a cross-site Continue', async () => {
    const org = await newApiOrg('Acme');
    const { token } = pathOf((await createLink(org.id)).json().url);
    const browser = new Browser(h.app);
    const forged = await browser.post('/setup-link', { token }, { origin: 'https://evil.example' });
    expect(forged.statusCode).toBe(403);
    // The link is still unused.
    expect((await browser.post('/setup-link', { token }, { origin: 'http://rollcall.test' })).statusCode).toBe(303);
  });

  it('start a session that reaches only its own organization\'s SCIM pages, audited as the link, ending within an hour', async () => {
    const org = await newApiOrg('Acme');
    await seedOrg(h, 'other');
    const created = (await createLink(org.id, { return_url: 'https://app.example/back' })).json();
    const { token } = pathOf(created.url);
    const browser = new Browser(h.app);
    await browser.post('/setup-link', { token });
    const scim = `/orgs/${org.slug}/settings/scim`;
    const page = await browser.get(scim);
    expect(page.body).toContain('Return to app.example');

    // Outside the allow-list: its own org's other pages lead back to the SCIM page, nothing else opens.
    for (const path of [`/orgs/${org.slug}`, `/orgs/${org.slug}/settings`]) {
      const away = await browser.get(path);
      expect(away.statusCode, path).toBe(303);
      expect(away.headers.location).toBe(scim);
    }
    expect((await browser.get('/orgs/other')).statusCode).toBe(403);
    expect((await browser.get('/orgs/other/settings/scim')).statusCode).toBe(404);
    expect((await browser.post('/sign-out', {})).statusCode).toBe(403);
    expect((await browser.get(`${scim}/audit`)).statusCode).toBe(200);
    expect((await browser.get(`${scim}/activity`)).statusCode).toBe(200);

    const enabled = await browser.post(`${scim}/enable`, { _csrf: csrfOf(page.body) });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.body).toMatch(/rcs_[0-9A-Za-z]{65}/);
    const audit = await h.services.store.audit.list(org.id, 10);
    expect(audit.map((e) => [e.action, e.actor])).toEqual(
      expect.arrayContaining([
        ['scim.enabled', `setup-link:${created.id}`],
        ['setup_link.used', `setup-link:${created.id}`],
        ['setup_link.created', expect.stringMatching(/^api-key:/)],
      ]),
    );
    // A form without the session's CSRF token is refused.
    expect((await browser.post(`${scim}/disable`, { _csrf: 'forged' })).statusCode).toBe(403);

    h.advance(60 * 60_000);
    const later = await browser.get(scim);
    expect(later.statusCode).toBe(303);
    expect(later.headers.location).toBe('/sign-in');
    expect(h.logs()).not.toContain(token);
    expect(h.logs()).not.toContain(token.slice(4, 40));
  });

  it('never stands in for an account: a signed-in owner keeps their own session, and End session ends the link\'s', async () => {
    const org = await newApiOrg('Acme');
    const { token } = pathOf((await createLink(org.id)).json().url);
    const browser = new Browser(h.app);
    await browser.post('/setup-link', { token });
    const page = await browser.get(`/orgs/${org.slug}/settings/scim`);
    const ended = await browser.post('/setup-link/end', { _csrf: csrfOf(page.body) });
    expect(ended.statusCode).toBe(200);
    expect(ended.body).toContain('Session ended');
    expect((await browser.get(`/orgs/${org.slug}/settings/scim`)).statusCode).toBe(303);

    await seedOrg(h, 'mine');
    const owner = new Browser(h.app);
    await owner.signIn('owner@mine.test', PASSWORD);
    expect((await owner.get(`/orgs/${org.slug}/settings/scim`)).statusCode).toBe(404);
  });
});
