// The console's Webhooks page (owners and admins, read-only): the endpoints receiving this organization's events, with
// this organization's delivery state only, never a secret; refused to members, never reached by setup-link sessions.
import { afterEach, describe, expect, it } from 'vitest';
import { Browser, createHarness, seedOrg, type Harness } from './console-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function signedIn(email: string) {
  const browser = new Browser(h!.app);
  await browser.signIn(email);
  return browser;
}

/** Queues deliveries until the endpoint has `count` for the organization (PostgreSQL shows events once older transactions end). */
async function enqueueFor(endpointId: string, orgId: string, count: number) {
  const webhooks = h!.services.store.webhooks;
  for (let i = 0; i < 200; i += 1) {
    await webhooks.enqueue(new Date().toISOString(), 100);
    if ((await webhooks.deliveries(endpointId, 100, { orgId })).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('deliveries were not queued');
}

describe('Webhooks page', () => {
  it("lists the endpoints receiving the organization's events with its own delivery state, and no secret", async () => {
    h = await createHarness();
    const acme = await seedOrg(h, 'acme', ['admin']);
    const other = await seedOrg(h, 'other');
    const endpoints = h.services.webhookEndpoints;
    const everyone = await endpoints.create({ url: 'https://93.184.216.34/hooks?token=receiver-password' });
    const mine = await endpoints.create({ url: 'https://93.184.216.35/acme', types: ['user.created', 'user.deleted'], orgId: acme.id });
    await endpoints.create({ url: 'https://93.184.216.36/other-only', orgId: other.id });
    await endpoints.update(mine.endpoint.id, { enabled: false });
    // Token generation appends a connection event: two for acme, one for the other organization.
    await h.services.tokens.generate(acme.id, { name: 'okta', ip: null });
    await h.services.tokens.generate(acme.id, { name: 'okta', ip: null });
    await h.services.tokens.generate(other.id, { name: 'okta', ip: null });
    await enqueueFor(everyone.endpoint.id, acme.id, 2);
    await enqueueFor(everyone.endpoint.id, other.id, 1);
    const leased = await h.services.store.webhooks.claim('test', new Date().toISOString(), new Date(Date.now() + 60_000).toISOString(), 100);
    const head = leased.find((d) => d.endpointId === everyone.endpoint.id && d.orgId === acme.id)!;
    const at = new Date().toISOString();
    await h.services.store.webhooks.finish(head.id, 'test', { at, status: 503, durationMs: 41, responseExcerpt: 'busy', error: null }, { status: 'failed', nextAttemptAt: at });

    const admin = await signedIn('admin@acme.test');
    const page = await admin.get('/orgs/acme/webhooks');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<a href="\/orgs\/acme\/webhooks" aria-current="page">Webhooks<\/a>/);
    const rows = page.body.split('<tr>').slice(2);
    expect(rows).toHaveLength(2);
    const allRow = rows.find((r) => r.includes('93.184.216.34'))!;
    expect(allRow).toContain('https://93.184.216.34/hooks?…');
    expect(allRow).toMatch(/All events[\s\S]*All organizations[\s\S]*Enabled/);
    // Acme's two deliveries: one failed with HTTP 503, one pending; other's deliveries are not counted.
    expect(allRow).toMatch(/<td class="nowrap">1<\/td><td class="nowrap"><span class="badge badge-error">1<\/span><\/td>/);
    expect(allRow).toMatch(/HTTP 503[\s\S]*41 ms/);
    const mineRow = rows.find((r) => r.includes('93.184.216.35'))!;
    expect(mineRow).toMatch(/user\.created, user\.deleted[\s\S]*This organization[\s\S]*Disabled[\s\S]*None yet/);
    expect(page.body).not.toContain('other-only');
    expect(page.body).not.toContain('receiver-password');
    for (const secret of [everyone.secret, mine.secret]) expect(page.body).not.toContain(secret.slice(6));
    expect(page.body).not.toContain('whsec_');
  });

  it('says so when no endpoint receives the events; refused to members, who see no link', async () => {
    h = await createHarness();
    await seedOrg(h, 'acme', ['member']);
    const owner = await signedIn('owner@acme.test');
    const empty = await owner.get('/orgs/acme/webhooks');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('No webhook endpoint receives this organization');
    const member = await signedIn('member@acme.test');
    expect((await member.get('/orgs/acme/webhooks')).statusCode).toBe(403);
    expect((await member.get('/orgs/acme')).body).not.toContain('/orgs/acme/webhooks');
  });

  it('is not reachable from a setup-link session, which gets no Webhooks link', async () => {
    h = await createHarness();
    const org = await h.services.productOrgs.create({ name: 'Linked' }, 'test');
    const apiKey = (await h.services.apiKeys.create('tests')).key;
    const created = await h.app.inject({
      method: 'POST',
      url: `/api/v1/organizations/${org.id}/setup-links`,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    const token = new URL(created.json().url).searchParams.get('token')!;
    const browser = new Browser(h.app);
    expect((await browser.post('/setup-link', { token })).statusCode).toBe(303);
    const scim = await browser.get(`/orgs/${org.slug}/settings/scim`);
    expect(scim.statusCode).toBe(200);
    expect(scim.body).not.toContain('/webhooks');
    const refused = await browser.get(`/orgs/${org.slug}/webhooks`);
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(`/orgs/${org.slug}/settings/scim`);
  });
});
