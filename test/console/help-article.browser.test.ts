// The help article, step by step, in real Chromium against a listening server, by accessible names only.
// Then the identity provider's "Test API Credentials" call: the old token gets 401 and the new one 200.
// Page scripts are passed as strings: the test project is type-checked without the DOM library.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/core/services.js';
import { PASSWORD, signIn as signInAt, skipWithoutChromium, startBrowserServer, type BrowserServer } from '../support/browser.js';

const skip = skipWithoutChromium('the help-article browser test');

const scimTest = (base: string, token: string) =>
  fetch(`${base}/scim/v2/Users?startIndex=1&count=1`, { headers: { authorization: `Bearer ${token}`, 'user-agent': 'Okta SCIM Client 1.0.0' } });

describe.skipIf(skip)('help article in Chromium', { timeout: 120_000 }, () => {
  let server: BrowserServer | undefined;
  let services: Services;
  let base: string;
  let cspViolations: string[] = [];

  beforeAll(async () => {
    server = await startBrowserServer();
    ({ services, base, cspViolations } = server);
    await services.orgs.createOrg({ slug: 'acme', name: 'Acme', ownerEmail: 'owner@acme.test', ownerPassword: PASSWORD });
    await services.orgs.addMember({ orgSlug: 'acme', email: 'member@acme.test', password: PASSWORD, role: 'member' });
  });

  afterAll(async () => {
    await server?.close();
  });

  async function newPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
    return server!.newPage({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  }

  const signIn = (page: Page, email: string) => signInAt(page, base, email);

  it('walks the article: enable, token once, hidden later, generate a new one, old token refused', async () => {
    const page = await newPage();
    // 1. Sign in.
    await signIn(page, 'owner@acme.test');
    // 2. In the lower-left corner, click the expandable team tray, then Settings.
    const tray = page.getByRole('button', { name: 'Acme', exact: true });
    await expect.poll(() => tray.getAttribute('aria-expanded')).toBe('false');
    const box = (await tray.boundingBox())!;
    expect(box.x).toBeLessThan(300);
    expect(box.y).toBeGreaterThan(800 / 2);
    await tray.click();
    expect(await tray.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    // 3. Click User provisioning with SCIM.
    await page.getByRole('link', { name: 'User provisioning with SCIM', exact: true }).click();
    // First time: Enable SCIM provisioning shows the base URL and the token once, with Copy and Done.
    await page.getByRole('button', { name: 'Enable SCIM provisioning' }).click();
    expect(await page.getByLabel('SCIM base URL').inputValue()).toBe(`${base}/scim/v2`);
    const first = await page.getByLabel('Authentication token', { exact: true }).inputValue();
    expect(first).toMatch(/^rcs_[0-9A-Za-z]{65}$/);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(first);
    await page.getByRole('link', { name: 'Done' }).click();
    expect((await scimTest(base, first)).status).toBe(200);

    // Opened again later: the token is nowhere, the field shows only the masked hint.
    await page.reload();
    expect(await page.content()).not.toContain(first);
    expect(await page.getByLabel('Authentication token', { exact: true }).inputValue()).toBe(`rcs_…${first.slice(-4)}`);
    const stored = await page.evaluate('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })');
    expect(stored).not.toContain(first);
    expect(JSON.stringify(await page.context().cookies())).not.toContain(first);
    await expect.poll(() => page.getByText('Okta SCIM Client 1.0.0').count()).toBe(1);

    // 4. Tick "I want to generate a new token" (Generate token is disabled until then). 5. Generate token. 6. Done.
    const generate = page.getByRole('button', { name: 'Generate token' });
    expect(await generate.isDisabled()).toBe(true);
    await page.getByLabel('I want to generate a new token').check();
    expect(await generate.isEnabled()).toBe(true);
    await generate.click();
    const second = await page.getByLabel('Authentication token', { exact: true }).inputValue();
    expect(second).toMatch(/^rcs_[0-9A-Za-z]{65}$/);
    expect(second).not.toBe(first);
    await page.getByRole('link', { name: 'Done' }).click();
    expect(await page.content()).not.toContain(second);

    // The identity provider's Test API Credentials: old token 401, new token 200.
    expect((await scimTest(base, first)).status).toBe(401);
    expect((await scimTest(base, second)).status).toBe(200);
    expect(cspViolations).toEqual([]);
    await page.context().close();
  });

  it('opens the team tray from the keyboard and closes it with Escape', async () => {
    const page = await newPage();
    await signIn(page, 'owner@acme.test');
    const tray = page.getByRole('button', { name: 'Acme', exact: true });
    await tray.focus();
    await page.keyboard.press('Enter');
    expect(await tray.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Settings');
    await page.keyboard.press('Escape');
    expect(await tray.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: 'Settings', exact: true }).count()).toBe(0);
    await page.context().close();
  });

  it('hides SCIM settings from members (no link, 403)', async () => {
    const page = await newPage();
    await signIn(page, 'member@acme.test');
    await page.getByRole('button', { name: 'Acme', exact: true }).click();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    expect(await page.getByRole('link', { name: 'User provisioning with SCIM' }).count()).toBe(0);
    const response = await page.goto(`${base}/orgs/acme/settings/scim`);
    expect(response?.status()).toBe(403);
    await page.context().close();
  });

  it('works without JavaScript: the tray is a disclosure, and the server enforces the checkbox', async () => {
    const context = await server!.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email').fill('owner@acme.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/orgs/acme`);
    await page.locator('summary.tray-toggle', { hasText: 'Acme' }).click();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('link', { name: 'User provisioning with SCIM', exact: true }).click();
    // SCIM is already on from the first scenario: without the tick, Generate token is refused and nothing rotates.
    const generate = page.getByRole('button', { name: 'Generate token' });
    expect(await generate.isEnabled()).toBe(true);
    await generate.click();
    expect(await page.getByRole('alert').textContent()).toContain('Tick “I want to generate a new token”');
    expect(await page.getByRole('button', { name: 'Copy', exact: true }).count()).toBe(0);
    await context.close();
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    const page = await newPage({ width: 375, height: 740 });
    await signIn(page, 'owner@acme.test');
    for (const path of ['/orgs/acme', '/orgs/acme/settings', '/orgs/acme/settings/scim', '/orgs/acme/settings/scim/audit']) {
      await page.goto(`${base}${path}`);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    }
    await page.context().close();
  });
});
