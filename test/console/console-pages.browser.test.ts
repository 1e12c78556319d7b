// Every console page of issue 11 in real Chromium at 1280 px and 390 px: no horizontal overflow of the page (wide
// tables scroll inside their own container), no CSP violation, the sidebar names; then a keyboard-only pass.
// Page scripts are passed as strings: the test project is type-checked without the DOM library.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/core/services.js';
import { PASSWORD, signIn, skipWithoutChromium, startBrowserServer, type BrowserServer } from '../support/browser.js';

const skip = skipWithoutChromium('the console pages browser test');

describe.skipIf(skip)('console pages in Chromium', { timeout: 180_000 }, () => {
  let server: BrowserServer | undefined;
  let services: Services;
  let base: string;
  let personId = '';
  let groupId = '';
  let cspViolations: string[] = [];

  beforeAll(async () => {
    server = await startBrowserServer();
    ({ services, base, cspViolations } = server);
    const org = await services.orgs.createOrg({ slug: 'acme', name: 'Acme', ownerEmail: 'owner@acme.test', ownerPassword: PASSWORD });
    const { token } = await services.tokens.generate(org.id, { name: 'test', ip: null });
    const scim = async (method: string, path: string, body: unknown, agent = 'Okta SCIM Client 1.0.0') =>
      (await fetch(`${base}/scim/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', 'user-agent': agent },
        body: JSON.stringify(body),
      }).then((r) => r.json())) as { id: string };
    const long = 'a-rather-long-attribute-value-that-would-push-a-table-wider-than-a-phone-'.repeat(2);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const u = await scim('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `person${i}.with.a.long.name@acme-corporation.example.com`,
        externalId: `${long}${i}`,
        name: { givenName: `Person ${i}`, familyName: 'Example' },
        emails: [{ value: `person${i}.with.a.long.name@acme-corporation.example.com`, primary: true }],
        active: i % 5 !== 0,
      });
      ids.push(u.id);
    }
    personId = ids[1]!;
    groupId = (await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Support', members: ids.map((value) => ({ value })) }, 'Microsoft.Identity.Provisioning')).id;
    await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `person1.with.a.long.name@acme-corporation.example.com` });
    // A mapped group with a long name, so the Roles and attributes page shows a filled rule row.
    const leads = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Leads ${long}` });
    await services.roles.put(org.id, { defaultRole: 'member', forConsole: false, rules: [{ groupId: leads.id, role: 'lead', priority: 1 }] }, 'test');
    await services.webhookEndpoints.create({ url: `https://93.184.216.34/${'a-long-receiver-path-segment/'.repeat(4)}events`, types: ['user.created', 'user.deleted', 'group.member_added'] });
  });

  afterAll(async () => {
    await server?.close();
  });

  async function signedIn(width: number): Promise<Page> {
    const page = await server!.newPage({ viewport: { width, height: 800 } });
    await signIn(page, base, 'owner@acme.test');
    return page;
  }

  const pages = () => [
    ['/orgs/acme', 'Acme'],
    ['/orgs/acme/people', 'People'],
    [`/orgs/acme/people/${personId}`, 'Person 1 Example'],
    ['/orgs/acme/groups', 'Groups'],
    [`/orgs/acme/groups/${groupId}`, 'Support'],
    ['/orgs/acme/settings/scim/activity', 'Provisioning activity'],
    ['/orgs/acme/settings/scim/audit', 'Audit log'],
    ['/orgs/acme/settings/scim', 'User provisioning with SCIM'],
    ['/orgs/acme/settings/scim/guides/entra', 'Set up provisioning in Microsoft Entra ID'],
    ['/orgs/acme/webhooks', 'Webhooks'],
    ['/orgs/acme/roles', 'Roles and attributes'],
  ];

  for (const width of [1280, 390]) {
    it(`renders every page at ${width} px without page overflow; tables scroll inside their container`, async () => {
      const page = await signedIn(width);
      for (const [path, heading] of pages()) {
        await page.goto(`${base}${path}`);
        await expect(page.getByRole('heading', { level: 1 }).first().textContent()).resolves.toContain(heading);
        const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
        expect(overflow, `${path} overflows the page at ${width} px`).toBeLessThanOrEqual(0);
        const nav = page.getByRole('navigation', { name: 'Main' });
        for (const name of ['People', 'Groups', 'Provisioning activity', 'Audit log']) {
          const link = nav.getByRole('link', { name, exact: true });
          await expect(link.isVisible()).resolves.toBe(true);
          // Inside the window: the top navigation is not cut off on phones.
          const box = await link.boundingBox();
          expect(box && box.x >= 0 && box.x + box.width <= width, `${name} link cut off at ${width} px on ${path}`).toBe(true);
        }
      }
      // The sidebar reaches the bottom of a long page at desktop width.
      if (width === 1280) {
        await page.goto(`${base}/orgs/acme/settings/scim/activity`);
        await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
        const color = (await page.evaluate(
          "getComputedStyle(document.querySelector('.shell')).backgroundImage",
        )) as string;
        expect(color).toContain('linear-gradient');
      }
      expect(cspViolations).toEqual([]);
      await page.context().close();
    });
  }

  it('works from the keyboard alone: skip link, sidebar, filters, a row, the entry', async () => {
    const page = await signedIn(1280);
    await page.goto(`${base}/orgs/acme/settings/scim/activity`);
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Skip to content');
    // Tab through the sidebar to "People" and open it with Enter.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement.textContent')) === 'People') break;
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/orgs/acme/people`);
    // The search field is reachable, and Enter submits the filter form.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement.id')) === 'filter-q') break;
    }
    await page.keyboard.type('person3');
    await page.keyboard.press('Enter');
    await page.waitForURL(/people\?q=person3/);
    await expect(page.getByRole('link', { name: 'Person 3 Example' }).isVisible()).resolves.toBe(true);
    // The scrolling table region takes focus, so it can be scrolled with the arrow keys.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate("document.activeElement.getAttribute('role')")) === 'region') break;
    }
    await expect(page.evaluate("document.activeElement.getAttribute('aria-label')")).resolves.toBe('People');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/orgs/acme/people/`));
    await expect(page.getByRole('heading', { name: 'Activity' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });
});
