// An invitation end to end in real Chromium at desktop and phone widths: an owner adds a person on the Team page and
// copies the one-time link; the invitee opens it in another browser, chooses a password and lands signed in in the
// organization; the link then explains it has been used. Nothing overflows the phone's width; no CSP violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/core/services.js';
import { horizontalOverflow, PASSWORD, signIn, skipWithoutChromium, startBrowserServer, VIEWPORTS, type BrowserServer } from '../support/browser.js';

const skip = skipWithoutChromium('the team invitation browser test');

describe.skipIf(skip)('Team invitation in Chromium', { timeout: 120_000 }, () => {
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

  it.each(VIEWPORTS)('invite, accept, signed in (%s)', async (label, viewport) => {
    const slug = `invite-${label}`;
    await services.orgs.createOrg({ slug, name: `Invite ${label}`, ownerEmail: `owner@${slug}.test`, ownerPassword: PASSWORD });
    const owner = await server!.newPage({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
    const invitee = await server!.newPage({ viewport });
    try {
      await signIn(owner, base, `owner@${slug}.test`);
      await owner.goto(`${base}/orgs/${slug}/team`);
      await owner.getByLabel('Email', { exact: true }).fill(`sam@${slug}.test`);
      await owner.getByLabel('Role', { exact: true }).selectOption('admin');
      await owner.getByRole('button', { name: 'Create invite link' }).click();
      const link = await owner.getByLabel('One-time link').inputValue();
      expect(link).toMatch(new RegExp(`^${base}/invite\\?token=rci_[0-9A-Za-z]{65}$`));
      await owner.getByRole('button', { name: 'Copy', exact: true }).click();
      await expect.poll(() => owner.evaluate('navigator.clipboard.readText()')).toBe(link);
      expect(await horizontalOverflow(owner), 'the Team page with the new link fits the viewport').toBeLessThanOrEqual(0);

      await invitee.goto(link);
      await expect.poll(() => invitee.getByRole('heading', { name: `Join Invite ${label}` }).isVisible()).toBe(true);
      expect(await horizontalOverflow(invitee), 'the invitation page fits the viewport').toBeLessThanOrEqual(0);
      await invitee.getByLabel('Choose a password').fill('sam chooses a long password');
      await invitee.getByLabel('Repeat the password').fill('sam chooses a long password');
      await invitee.getByRole('button', { name: 'Create account and join' }).click();
      await invitee.waitForURL(`${base}/orgs/${slug}`);
      // Signed in as an admin: the Team page is theirs to open, and lists them.
      await invitee.goto(`${base}/orgs/${slug}/team`);
      expect(await invitee.getByRole('row', { name: new RegExp(`sam@${slug}\\.test.*Admin`) }).count()).toBe(1);

      // The Team page, opened again, no longer shows the link; opening the link again explains it was used.
      await owner.goto(`${base}/orgs/${slug}/team`);
      expect(await owner.getByLabel('One-time link').count()).toBe(0);
      const again = await owner.goto(link);
      expect(again?.status()).toBe(410);
      expect(await owner.getByRole('heading', { name: 'This invite link has already been used' }).count()).toBe(1);
      expect(server!.cspViolations).toEqual([]);
    } finally {
      await owner.context().close();
      await invitee.context().close();
    }
  });
});
