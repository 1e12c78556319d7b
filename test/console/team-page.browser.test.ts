// The Team page in real Chromium at desktop and phone widths: reach it from the sidebar, change a role, remove a
// member, and meet the last-owner refusal; nothing overflows the phone's width. Page scripts are strings (no DOM lib).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServices, type Services } from '../../src/core/services.js';
import { buildApp } from '../../src/http/build-app.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery staple';
const installed = existsSync(CHROMIUM);
const skip = !installed && !process.env['CI'];
if (skip) console.warn(`Skipping the Team page browser test: ${CHROMIUM} is missing. Install it with: apt-get update && apt-get install -y chromium`);

describe.skipIf(skip)('Team page in Chromium', { timeout: 120_000 }, () => {
  let app: FastifyInstance;
  let services: Services;
  let testStore: TestStore | undefined;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    expect(installed, `Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`).toBe(true);
    testStore = await openTestStore();
    // The console checks Origin against PUBLIC_URL, so listen first and then build the services with the real address.
    const probe = await buildApp(createServices(testStore.store, { publicUrl: 'http://127.0.0.1' }), { logLevel: 'warn' });
    const address = await probe.listen({ port: 0, host: '127.0.0.1' });
    await probe.close();
    base = address;
    services = createServices(testStore.store, { publicUrl: base });
    app = await buildApp(services, { logLevel: 'warn' });
    await app.listen({ port: Number(new URL(base).port), host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await testStore?.dispose();
  });

  async function signIn(page: Page, email: string) {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/orgs\//);
  }

  it.each([
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ])('an owner changes a role and removes a member (%s)', async (label, viewport) => {
    const slug = `team-${label}`;
    await services.orgs.createOrg({ slug, name: `Team ${label}`, ownerEmail: `owner@${slug}.test`, ownerPassword: PASSWORD });
    await services.orgs.addMember({ orgSlug: slug, email: `pat@${slug}.test`, password: PASSWORD, role: 'member' });
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    try {
      await signIn(page, `owner@${slug}.test`);
      await page.goto(`${base}/orgs/${slug}`);
      // The sidebar link (on a phone the sidebar becomes a scrolling row above the page).
      await page.getByRole('link', { name: 'Team', exact: true }).click();
      await page.waitForURL(`${base}/orgs/${slug}/team`);
      await expect.poll(() => page.getByRole('heading', { name: 'Team', level: 1 }).isVisible()).toBe(true);

      await page.getByLabel(`Role of pat@${slug}.test`).selectOption('admin');
      await page.getByRole('row', { name: new RegExp(`pat@${slug}`) }).getByRole('button', { name: 'Change role' }).click();
      await expect.poll(() => page.getByRole('row', { name: new RegExp(`pat@${slug}.*Admin`) }).count()).toBe(1);

      await page.getByRole('row', { name: new RegExp(`owner@${slug}`) }).getByRole('button', { name: 'Remove' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/at least one active owner/);

      await page.getByRole('row', { name: new RegExp(`pat@${slug}`) }).getByRole('button', { name: 'Remove' }).click();
      await expect.poll(() => page.getByRole('row', { name: new RegExp(`pat@${slug}`) }).count()).toBe(0);
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      const offenders = await page.evaluate(
        "[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')",
      );
      expect(overflow, `the page is no wider than the viewport (too wide: ${String(offenders)})`).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});
