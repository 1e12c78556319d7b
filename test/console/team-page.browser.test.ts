// The Team page in real Chromium at desktop and phone widths: reach it from the sidebar, change a role, remove a
// member, and meet the last-owner refusal; nothing overflows the phone's width. Page scripts are strings (no DOM lib).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/core/services.js';
import { PASSWORD, signIn as signInAt, skipWithoutChromium, startBrowserServer, VIEWPORTS, type BrowserServer } from '../support/browser.js';

const skip = skipWithoutChromium('the Team page browser test');

describe.skipIf(skip)('Team page in Chromium', { timeout: 120_000 }, () => {
  let server: BrowserServer | undefined;
  let services: Services;
  let base: string;

  beforeAll(async () => {
    server = await startBrowserServer();
    ({ services, base } = server);
  });

  afterAll(async () => {
    await server?.close();
  });

  const signIn = (page: Page, email: string) => signInAt(page, base, email);

  it.each(VIEWPORTS)('an owner changes a role and removes a member (%s)', async (label, viewport) => {
    const slug = `team-${label}`;
    await services.orgs.createOrg({ slug, name: `Team ${label}`, ownerEmail: `owner@${slug}.test`, ownerPassword: PASSWORD });
    await services.orgs.addMember({ orgSlug: slug, email: `pat@${slug}.test`, password: PASSWORD, role: 'member' });
    const page = await server!.newPage({ viewport });
    const context = page.context();
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
