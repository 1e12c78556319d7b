// Password resets from the Team page (issue 14): an owner or admin makes a one-time link for a member (shown once);
// it sets a new password, ends every session the member had and signs them in afresh. Runs on both engines.
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD_RESET_TTL_MS } from '../../src/core/orgs/team-link-service.js';
import { Browser, createHarness, csrfOf, fieldValue, PASSWORD, seedOrg, type Harness } from './console-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const NEW_PASSWORD = 'another long passphrase';

async function signedIn(email: string) {
  const browser = new Browser(h!.app);
  expect((await browser.signIn(email)).statusCode).toBe(303);
  return browser;
}

async function resetLink(browser: Browser, email: string) {
  const csrf = csrfOf((await browser.get('/orgs/acme/team')).body);
  const page = await browser.post('/orgs/acme/team/reset', { _csrf: csrf, email });
  const url = fieldValue(page.body, 'team-link');
  return { page, url, path: url && new URL(url).pathname + new URL(url).search, token: url && new URL(url).searchParams.get('token')! };
}

describe('Team page password resets', () => {
  it('sets the new password, ends the member\'s sessions, signs them in, and works once', async () => {
    h = await createHarness();
    const org = await seedOrg(h, 'acme', ['member']);
    const memberElsewhere = await signedIn('member@acme.test');
    const { page, url, path, token } = await resetLink(await signedIn('owner@acme.test'), 'member@acme.test');
    expect(page.statusCode).toBe(200);
    expect(url).toMatch(/^http:\/\/rollcall\.test\/reset-password\?token=rcp_[0-9A-Za-z]{65}$/);
    expect(page.body).toContain('Password-reset link for <strong>member@acme.test</strong>');

    const member = new Browser(h.app, '10.0.0.7');
    expect((await member.get(path!)).body).toContain('Choose a new password');
    const mismatch = await member.post('/reset-password', { token: token!, password: NEW_PASSWORD, confirm: 'different words here' });
    expect(mismatch.statusCode).toBe(400);
    const done = await member.post('/reset-password', { token: token!, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/orgs/acme');
    expect((await member.get('/orgs/acme')).statusCode).toBe(200);

    // The session opened before the reset has ended; the old password no longer works, the new one does.
    expect((await memberElsewhere.get('/orgs/acme')).headers.location).toBe('/sign-in');
    expect((await new Browser(h.app).signIn('member@acme.test', PASSWORD)).statusCode).toBe(401);
    expect((await new Browser(h.app).signIn('member@acme.test', NEW_PASSWORD)).statusCode).toBe(303);
    expect((await new Browser(h.app).post('/reset-password', { token: token!, password: 'yet another passphrase', confirm: 'yet another passphrase' })).statusCode).toBe(410);

    const actions = (await h.services.store.audit.list(org.id, 10)).map((e) => `${e.action} ${e.actor} ${e.ip}`);
    expect(actions).toEqual(expect.arrayContaining(['password_reset.created owner@acme.test 127.0.0.1', 'password_reset.used member@acme.test 10.0.0.7']));
    expect(h.logs()).not.toContain(token!.slice(20));
  });

  it('expires after a day, and is revoked when the member is removed', async () => {
    h = await createHarness();
    await seedOrg(h, 'acme', ['admin', 'member']);
    const owner = await signedIn('owner@acme.test');
    const removedLater = await resetLink(owner, 'member@acme.test');
    const csrf = csrfOf((await owner.get('/orgs/acme/team')).body);
    expect((await owner.post('/orgs/acme/team/remove', { _csrf: csrf, email: 'member@acme.test' })).statusCode).toBe(303);
    // Removing the member revokes their pending reset link.
    expect((await owner.get('/orgs/acme/team')).body).not.toContain('Password reset');
    expect((await new Browser(h.app).post('/reset-password', { token: removedLater.token!, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(404);
    expect((await new Browser(h.app).signIn('member@acme.test', NEW_PASSWORD)).statusCode).toBe(401);

    const expiring = await resetLink(owner, 'admin@acme.test');
    h.advance(PASSWORD_RESET_TTL_MS);
    expect((await new Browser(h.app).get(expiring.path!)).statusCode).toBe(410);
  });

  it('lets admins reset admins and members but not owners, and refuses unknown people and members', async () => {
    h = await createHarness();
    await seedOrg(h, 'acme', ['admin', 'member']);
    const admin = await signedIn('admin@acme.test');
    const page = (await admin.get('/orgs/acme/team')).body;
    expect(page).not.toContain('Reset the password of owner@acme.test');
    const csrf = csrfOf(page);
    expect((await admin.post('/orgs/acme/team/reset', { _csrf: csrf, email: 'owner@acme.test' })).statusCode).toBe(403);
    expect((await resetLink(admin, 'member@acme.test')).url).toBeDefined();
    const unknown = await resetLink(admin, 'nobody@acme.test');
    expect(unknown.page.statusCode).toBe(400);
    expect(unknown.page.body).toContain('No member of Acme Inc has the email nobody@acme.test.');
    const member = await signedIn('member@acme.test');
    expect((await member.post('/orgs/acme/team/reset', { _csrf: csrfOf((await member.get('/orgs/acme')).body), email: 'admin@acme.test' })).statusCode).toBe(403);
  });

  it('lists a pending reset link, which revoking ends', async () => {
    h = await createHarness();
    const org = await seedOrg(h, 'acme', ['member']);
    const owner = await signedIn('owner@acme.test');
    const link = await resetLink(owner, 'member@acme.test');
    const team = await owner.get('/orgs/acme/team');
    expect(team.body).toMatch(/member@acme\.test<\/td>\s*<td>Password reset/);
    const [pending] = await h.services.teamLinks.pending(org.id);
    expect((await owner.post('/orgs/acme/team/links/revoke', { _csrf: csrfOf(team.body), id: pending!.id })).statusCode).toBe(303);
    expect((await new Browser(h.app).get(link.path!)).statusCode).toBe(404);
    expect((await h.services.store.audit.list(org.id, 5))[0]).toMatchObject({ action: 'password_reset.revoked', actor: 'owner@acme.test' });
  });
});
