// Invitations on the Team page (issue 14): owners and admins add a person by email and role and get a one-time link,
// shown once; the invitee chooses a password (or signs in to the account they have) and lands in the org's console.
// Links are single use, expire after 7 days, can be revoked, are stored as digests and never logged. Both engines.
import { afterEach, describe, expect, it } from 'vitest';
import { digestToken } from '../../src/core/tokens/token-format.js';
import { INVITE_TTL_MS } from '../../src/core/orgs/team-link-service.js';
import { Browser, createHarness, csrfOf, fieldValue, PASSWORD, seedOrg, type Harness } from './console-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const NEW_PASSWORD = 'a brand new passphrase';

async function signedIn(email: string) {
  const browser = new Browser(h!.app);
  expect((await browser.signIn(email)).statusCode).toBe(303);
  return browser;
}

/** Posts the invite form as `browser` and returns the page and the link path it shows (once). */
async function invite(browser: Browser, email: string, role: string, slug = 'acme') {
  const csrf = csrfOf((await browser.get(`/orgs/${slug}/team`)).body);
  const page = await browser.post(`/orgs/${slug}/team/invite`, { _csrf: csrf, email, role });
  const url = fieldValue(page.body, 'team-link');
  return { page, url, path: url && new URL(url).pathname + new URL(url).search, token: url && new URL(url).searchParams.get('token')! };
}

describe('Team page invitations', () => {
  it('shows a new invite link once, lists it as pending, stores only its digest and audits it', async () => {
    h = await createHarness();
    const org = await seedOrg(h, 'acme');
    const owner = await signedIn('owner@acme.test');
    const { page, url, token } = await invite(owner, 'new@acme.test', 'admin');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(url).toMatch(/^http:\/\/rollcall\.test\/invite\?token=rci_[0-9A-Za-z]{65}$/);
    expect(page.body).toContain('will not be shown again');
    const later = await owner.get('/orgs/acme/team');
    expect(later.body).not.toContain(token);
    expect(later.body).toMatch(/new@acme\.test[\s\S]*Invitation as Admin/);
    const [pending] = await h.services.teamLinks.pending(org.id);
    expect(pending).toMatchObject({ email: 'new@acme.test', role: 'admin', kind: 'invite', digest: digestToken(token!), usedAt: null });
    expect(JSON.stringify(pending)).not.toContain(token!.slice(20));
    expect(Date.parse(pending!.expiresAt) - Date.parse(pending!.createdAt)).toBe(INVITE_TTL_MS);
    const audit = await h.services.store.audit.list(org.id, 5);
    expect(audit[0]).toMatchObject({ action: 'invite.created', actor: 'owner@acme.test', detail: { account: 'new@acme.test', role: 'admin' } });
    expect(JSON.stringify(audit)).not.toContain(token!.slice(20));
    const auditPage = await owner.get('/orgs/acme/settings/scim/audit');
    expect(auditPage.body).toMatch(/Invite link created[\s\S]*owner@acme\.test[\s\S]*Person: new@acme\.test · Link: \w{16} · Role: admin/);
    expect(auditPage.body).not.toContain(token!.slice(20));
  });

  it('lets the invitee choose a password and lands them signed in in the org, once', async () => {
    h = await createHarness();
    const org = await seedOrg(h, 'acme');
    const { path } = await invite(await signedIn('owner@acme.test'), 'new@acme.test', 'admin');
    const invitee = new Browser(h.app, '10.0.0.9');
    const opened = await invitee.get(path!);
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Create account and join');
    const token = new URL(`http://x${path}`).searchParams.get('token')!;
    const mismatch = await invitee.post('/invite', { token, password: NEW_PASSWORD, confirm: 'something else entirely' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('The two passwords differ');
    const weak = await invitee.post('/invite', { token, password: 'short', confirm: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('at least 12 characters');
    const joined = await invitee.post('/invite', { token, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(joined.statusCode).toBe(303);
    expect(joined.headers.location).toBe('/orgs/acme');
    expect((await invitee.get('/orgs/acme/team')).statusCode).toBe(200);
    expect((await h.services.team.list(org.id)).map((m) => [m.email, m.role])).toContainEqual(['new@acme.test', 'admin']);
    // The new password is theirs; the link is spent.
    expect((await new Browser(h.app).signIn('new@acme.test', NEW_PASSWORD)).statusCode).toBe(303);
    const again = await new Browser(h.app).post('/invite', { token, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('already been used');
    expect((await new Browser(h.app).get(path!)).statusCode).toBe(410);
    const accepted = (await h.services.store.audit.list(org.id, 5)).find((e) => e.action === 'invite.accepted');
    expect(accepted).toMatchObject({ actor: 'new@acme.test', ip: '10.0.0.9', detail: { account: 'new@acme.test', role: 'admin' } });
  });

  it('asks a person who already has an account to sign in to join, or to press Join when signed in', async () => {
    h = await createHarness();
    const acme = await seedOrg(h, 'acme');
    await seedOrg(h, 'globex');
    const owner = await signedIn('owner@acme.test');
    const first = await invite(owner, 'owner@globex.test', 'member');
    const stranger = new Browser(h.app);
    expect((await stranger.get(first.path!)).body).toContain('Sign in and join');
    const wrong = await stranger.post('/invite', { token: first.token!, password: 'not the password at all' });
    expect(wrong.statusCode).toBe(401);
    const joined = await stranger.post('/invite', { token: first.token!, password: PASSWORD });
    expect(joined.statusCode).toBe(303);
    expect((await stranger.get('/orgs/acme')).statusCode).toBe(200);
    expect((await stranger.get('/orgs/globex')).statusCode).toBe(200);

    await seedOrg(h, 'initech');
    const second = await invite(owner, 'owner@initech.test', 'admin');
    const initech = await signedIn('owner@initech.test');
    const page = await initech.get(second.path!);
    expect(page.body).toContain('You are signed in as owner@initech.test');
    const pressed = await initech.post('/invite', { token: second.token! });
    expect(pressed.statusCode).toBe(303);
    expect((await h.services.team.list(acme.id)).map((m) => [m.email, m.role])).toEqual(
      expect.arrayContaining([
        ['owner@globex.test', 'member'],
        ['owner@initech.test', 'admin'],
      ]),
    );
  });

  it('refuses an expired, revoked, replaced or made-up link', async () => {
    h = await createHarness();
    const org = await seedOrg(h, 'acme');
    const expiring = await invite(await signedIn('owner@acme.test'), 'late@acme.test', 'member');
    h.advance(INVITE_TTL_MS);
    const owner = await signedIn('owner@acme.test');
    const expired = await new Browser(h.app).get(expiring.path!);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('has expired');

    const replaced = await invite(owner, 'twice@acme.test', 'member');
    const replacement = await invite(owner, 'twice@acme.test', 'admin');
    expect((await new Browser(h.app).get(replaced.path!)).statusCode).toBe(404);
    expect((await new Browser(h.app).get(replacement.path!)).statusCode).toBe(200);

    const [pending] = await h.services.teamLinks.pending(org.id);
    const csrf = csrfOf((await owner.get('/orgs/acme/team')).body);
    expect((await owner.post('/orgs/acme/team/links/revoke', { _csrf: csrf, id: pending!.id })).statusCode).toBe(303);
    expect((await new Browser(h.app).get(replacement.path!)).statusCode).toBe(404);
    expect((await new Browser(h.app).post('/invite', { token: replacement.token!, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(404);
    expect((await h.services.store.audit.list(org.id, 10)).map((e) => e.action)).toContain('invite.revoked');
    expect((await new Browser(h.app).get('/invite?token=rci_not-a-link')).statusCode).toBe(404);
    expect((await new Browser(h.app).get('/invite')).statusCode).toBe(404);
  });

  it('keeps the role rules: admins invite admins and members, only owners invite owners, members cannot invite', async () => {
    h = await createHarness();
    await seedOrg(h, 'acme', ['admin', 'member']);
    const admin = await signedIn('admin@acme.test');
    const form = (await admin.get('/orgs/acme/team')).body;
    expect(form).not.toMatch(/<select id="invite-role"[^]*?value="owner"[^]*?<\/select>/);
    const csrf = csrfOf(form);
    expect((await admin.post('/orgs/acme/team/invite', { _csrf: csrf, email: 'boss@acme.test', role: 'owner' })).statusCode).toBe(403);
    expect((await invite(admin, 'helper@acme.test', 'admin')).url).toBeDefined();
    const member = await signedIn('member@acme.test');
    expect((await member.post('/orgs/acme/team/invite', { _csrf: csrf, email: 'x@acme.test', role: 'member' })).statusCode).toBe(403);
    const owner = await signedIn('owner@acme.test');
    expect((await invite(owner, 'co-owner@acme.test', 'owner')).url).toBeDefined();
  });

  it('says what is wrong with an invitation instead of making one', async () => {
    h = await createHarness();
    await seedOrg(h, 'acme', ['member']);
    const owner = await signedIn('owner@acme.test');
    const existing = await invite(owner, 'member@acme.test', 'admin');
    expect(existing.page.statusCode).toBe(400);
    expect(existing.page.body).toContain('Acme Inc already has member@acme.test as a member.');
    const badEmail = await invite(owner, 'not-an-email', 'member');
    expect(badEmail.page.statusCode).toBe(400);
    expect(badEmail.page.body).toContain('Invalid email address');
    const badRole = await invite(owner, 'x@acme.test', 'superuser');
    expect(badRole.page.statusCode).toBe(400);
    expect(badRole.url).toBeUndefined();
  });

  it("cannot revoke another organization's link, and refuses a cross-site accept", async () => {
    h = await createHarness();
    const acme = await seedOrg(h, 'acme');
    await seedOrg(h, 'globex');
    const link = await invite(await signedIn('owner@acme.test'), 'new@acme.test', 'member');
    const [pending] = await h.services.teamLinks.pending(acme.id);
    const globex = await signedIn('owner@globex.test');
    const csrf = csrfOf((await globex.get('/orgs/globex/team')).body);
    expect((await globex.post('/orgs/globex/team/links/revoke', { _csrf: csrf, id: pending!.id })).statusCode).toBe(400);
    const crossSite = await new Browser(h.app).post('/invite', { token: link.token!, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    expect(await h.services.teamLinks.pending(acme.id)).toHaveLength(1);
  });

  it('never writes the link secret to the logs', async () => {
    h = await createHarness();
    await seedOrg(h, 'acme');
    const link = await invite(await signedIn('owner@acme.test'), 'new@acme.test', 'member');
    const invitee = new Browser(h.app);
    await invitee.get(link.path!);
    await invitee.get(`/orgs/${link.token}`);
    await invitee.post('/invite', { token: link.token!, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    const logs = h.logs();
    expect(logs).toContain('"url":"/invite?token=[REDACTED]"');
    expect(logs).toContain('"url":"/orgs/[REDACTED]"');
    expect(logs).toContain('invite.accepted');
    // The credential id (the first 16 characters after the prefix) names the link in the audit log; the secret never appears.
    expect(logs).not.toContain(link.token!.slice(20));
  });
});
