// The SCIM page's custom-attributes panel: lists declared extensions and toggles keeping undeclared extension data.
import { afterEach, describe, expect, it } from 'vitest';
import { Browser, createHarness, csrfOf, seedOrg, type Harness } from './console-harness.js';

let h: Harness;
afterEach(async () => h.close());

const SCIM = '/orgs/acme/settings/scim';
const URN = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';

describe('custom attributes on the SCIM page', { timeout: 30_000 }, () => {
  it('lists declared extensions and saves the undeclared-extension choice', async () => {
    h = await createHarness();
    const org = await seedOrg(h, 'acme');
    await h.services.schemas.put(org.id, 'User', { id: URN, attributes: [{ name: 'CustomAttribute', type: 'string' }] }, { name: 'cli', ip: null });
    await h.services.tokens.generate(org.id, { name: 'cli', ip: null });
    const browser = new Browser(h.app);
    await browser.signIn('owner@acme.test');
    const page = await browser.get(SCIM);
    expect(page.body).toContain(URN);
    expect(page.body).not.toMatch(/id="keep-undeclared"[^>]*checked/);
    const saved = await browser.post(`${SCIM}/undeclared-extensions`, { _csrf: csrfOf(page.body), keep: '1' });
    expect(saved.statusCode).toBe(303);
    expect(await h.services.schemas.keepsUndeclaredExtensions(org.id)).toBe(true);
    expect((await browser.get(SCIM)).body).toMatch(/id="keep-undeclared"[^>]*checked/);
    const forged = await browser.post(`${SCIM}/undeclared-extensions`, { _csrf: 'wrong' });
    expect(forged.statusCode).toBeGreaterThanOrEqual(400);
    expect(await h.services.schemas.keepsUndeclaredExtensions(org.id)).toBe(true);
  });
});
