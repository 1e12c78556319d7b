// A setup link end to end in real Chromium: the product team asks the API for a link, the customer's IT admin opens
// it, presses Continue, and follows the help article on the SCIM page without a Rollcall password (enable, copy,
// Done, tick, Generate token, Done); the new token works, the old one gets 401, and the link cannot be used again.
// Page scripts are passed as strings: the test project is type-checked without the DOM library.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/core/services.js';
import { skipWithoutChromium, startBrowserServer, type BrowserServer } from '../support/browser.js';

const skip = skipWithoutChromium('the setup-link browser test');

describe.skipIf(skip)('setup link in Chromium', { timeout: 120_000 }, () => {
  let server: BrowserServer | undefined;
  let services: Services;
  let base: string;
  let apiKey: string;
  let cspViolations: string[] = [];

  beforeAll(async () => {
    server = await startBrowserServer();
    ({ services, base, cspViolations } = server);
    apiKey = (await services.apiKeys.create('browser test')).key;
  });

  afterAll(async () => {
    await server?.close();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };
  const scimTest = (token: string) =>
    fetch(`${base}/scim/v2/Users?startIndex=1&count=1`, { headers: { authorization: `Bearer ${token}`, 'user-agent': 'Okta SCIM Client 1.0.0' } });

  it('opens the SCIM page without a password, walks the article, and cannot be used twice', async () => {
    const org = await api('POST', '/organizations', { name: 'Globex', external_id: 'cust_globex' });
    expect(org.status).toBe(201);
    const link = await api('POST', `/organizations/${org.body['id']}/setup-links`, { return_url: 'https://app.example/integrations' });
    expect(link.status).toBe(201);
    const url = link.body['url']!;

    const page = await server!.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    const context = page.context();
    // Open the link, then one click on Continue.
    await page.goto(url);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/orgs/${org.body['slug']}/settings/scim`);
    expect(await page.getByRole('heading', { name: 'User provisioning with SCIM' }).count()).toBeGreaterThan(0);

    // The help article: Enable SCIM provisioning shows the token once, with Copy and Done.
    await page.getByRole('button', { name: 'Enable SCIM provisioning' }).click();
    const first = await page.getByLabel('Authentication token', { exact: true }).inputValue();
    expect(first).toMatch(/^rcs_[0-9A-Za-z]{65}$/);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(first);
    await page.getByRole('link', { name: 'Done' }).click();
    expect((await scimTest(first)).status).toBe(200);

    // Tick "I want to generate a new token", Generate token, Done.
    await page.getByLabel('I want to generate a new token').check();
    await page.getByRole('button', { name: 'Generate token' }).click();
    const second = await page.getByLabel('Authentication token', { exact: true }).inputValue();
    expect(second).toMatch(/^rcs_[0-9A-Za-z]{65}$/);
    expect(second).not.toBe(first);
    await page.getByRole('link', { name: 'Done' }).click();
    expect(await page.content()).not.toContain(second);

    // The identity provider's Test API Credentials: the new token works, the old one gets 401.
    expect((await scimTest(second)).status).toBe(200);
    expect((await scimTest(first)).status).toBe(401);

    // Every action was the setup link's.
    const audit = await services.store.audit.list(org.body['id']!, 10);
    const actors = new Set(audit.filter((e) => e.action !== 'organization.created' && e.action !== 'setup_link.created').map((e) => e.actor));
    expect(actors).toEqual(new Set([`setup-link:${link.body['id']}`]));
    expect(cspViolations).toEqual([]);

    // The link again, in a fresh browser: it explains that it has been used, and opens nothing.
    const other = await server!.browser.newContext();
    const again = await other.newPage();
    const response = await again.goto(url);
    expect(response?.status()).toBe(410);
    expect(await again.getByRole('heading', { name: 'This setup link has already been used' }).count()).toBe(1);
    expect(await again.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    const refused = await again.goto(`${base}/orgs/${org.body['slug']}/settings/scim`);
    expect(again.url()).toBe(`${base}/sign-in`);
    expect(refused?.status()).toBe(200);
    await other.close();
    await context.close();
  });
});
