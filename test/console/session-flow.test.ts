// Sign-in, sign-out, session cookie flags, throttling and CSRF on the console, over HTTP with inject().
import { afterEach, describe, expect, it } from 'vitest';
import { Browser, createHarness, csrfOf, PASSWORD, seedOrg, setCookies, type Harness } from './console-harness.js';

let h: Harness;
afterEach(async () => h.close());

// Every sign-in runs scrypt (tens to hundreds of milliseconds), so these scenarios get a generous timeout.
describe('sign-in and sessions', { timeout: 30_000 }, () => {
  it('signs in with email and password and lands on the organization', async () => {
    h = await createHarness();
    await seedOrg(h);
    const browser = new Browser(h.app);
    const response = await browser.signIn('owner@acme.test');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const home = await browser.get('/');
    expect(home.headers.location).toBe('/orgs/acme');
    const page = await browser.get('/orgs/acme');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Acme Inc');
  });

  it('sets an HttpOnly, SameSite=Lax session cookie whose id is stored only as a digest', async () => {
    h = await createHarness();
    await seedOrg(h);
    const response = await new Browser(h.app).signIn('owner@acme.test');
    const cookie = setCookies(response).find((c) => c.startsWith('rollcall_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/);
    const id = /rollcall_session=([^;]+)/.exec(cookie)![1]!;
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    expect(await h.services.store.sessions.get(id)).toBeUndefined();
  });

  it('marks cookies Secure with the __Host- prefix when PUBLIC_URL is https', async () => {
    h = await createHarness({ publicUrl: 'https://rollcall.example.com' });
    await seedOrg(h);
    const browser = new Browser(h.app);
    const form = await browser.get('/sign-in');
    expect(setCookies(form)[0]).toMatch(/^__Host-rollcall_signin=.*; Secure$/);
    const response = await browser.post('/sign-in', { _csrf: csrfOf(form.body), email: 'owner@acme.test', password: 'correct horse battery staple' });
    const cookie = setCookies(response).find((c) => c.startsWith('__Host-rollcall_session='));
    expect(cookie).toMatch(/; Secure/);
  });

  it('gives a new session id at every sign-in and ends the session that was there before', async () => {
    h = await createHarness();
    await seedOrg(h);
    const browser = new Browser(h.app);
    const form = await browser.get('/sign-in');
    const signInCookie = browser.jar.get('rollcall_signin')!;
    const fields = { _csrf: csrfOf(form.body), email: 'owner@acme.test', password: PASSWORD };
    await browser.post('/sign-in', fields);
    const first = browser.jar.get('rollcall_session')!;
    browser.jar.set('rollcall_signin', signInCookie);
    expect((await browser.post('/sign-in', fields)).statusCode).toBe(303);
    const second = browser.jar.get('rollcall_session')!;
    expect(second).not.toBe(first);
    const stale = await h.app.inject({ method: 'GET', url: '/orgs/acme', headers: { cookie: `rollcall_session=${first}` } });
    expect(stale.statusCode).toBe(303);
    expect(stale.headers.location).toBe('/sign-in');
  });

  it('answers a wrong password and an unknown email with the same generic error', async () => {
    h = await createHarness();
    await seedOrg(h);
    const wrong = await new Browser(h.app).signIn('owner@acme.test', 'not the password at all');
    const unknown = await new Browser(h.app).signIn('nobody@acme.test', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const message = (body: string) => /role="alert">([^<]+)</.exec(body)?.[1];
    expect(message(wrong.body)).toBe('Email or password is incorrect.');
    expect(message(unknown.body)).toBe(message(wrong.body));
  });

  it('signs out: the session is deleted server-side and the cookie cleared', async () => {
    h = await createHarness();
    await seedOrg(h);
    const browser = new Browser(h.app);
    await browser.signIn('owner@acme.test');
    const id = browser.jar.get('rollcall_session')!;
    const page = await browser.get('/orgs/acme');
    const out = await browser.post('/sign-out', { _csrf: csrfOf(page.body) });
    expect(out.statusCode).toBe(303);
    expect(setCookies(out).some((c) => /^rollcall_session=;.*Max-Age=0/.test(c))).toBe(true);
    const replay = await h.app.inject({ method: 'GET', url: '/orgs/acme', headers: { cookie: `rollcall_session=${id}` } });
    expect(replay.headers.location).toBe('/sign-in');
  });

  it('expires sessions after 12 hours', async () => {
    h = await createHarness();
    await seedOrg(h);
    const browser = new Browser(h.app);
    await browser.signIn('owner@acme.test');
    h.advance(11 * 3600_000);
    expect((await browser.get('/orgs/acme')).statusCode).toBe(200);
    h.advance(3600_000 + 1);
    expect((await browser.get('/orgs/acme')).headers.location).toBe('/sign-in');
  });

  it('redirects anonymous visitors to sign in', async () => {
    h = await createHarness();
    await seedOrg(h);
    const response = await h.app.inject({ method: 'GET', url: '/orgs/acme/settings/scim' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
  });
});

describe('sign-in throttling', { timeout: 60_000 }, () => {
  it('refuses an account after 5 failures in 15 minutes, even with the right password, then recovers', async () => {
    h = await createHarness();
    await seedOrg(h);
    for (let i = 0; i < 5; i++) expect((await new Browser(h.app).signIn('owner@acme.test', 'wrong password here')).statusCode).toBe(401);
    const blocked = await new Browser(h.app).signIn('owner@acme.test');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Too many sign-in attempts');
    h.advance(15 * 60_000 + 1);
    expect((await new Browser(h.app).signIn('owner@acme.test')).statusCode).toBe(303);
  });

  it('throttles unknown accounts the same way (no enumeration)', async () => {
    h = await createHarness();
    await seedOrg(h);
    for (let i = 0; i < 5; i++) await new Browser(h.app).signIn('ghost@acme.test', 'wrong password here');
    expect((await new Browser(h.app).signIn('ghost@acme.test', 'wrong password here')).statusCode).toBe(429);
  });

  it('refuses an address after 20 failures across accounts', async () => {
    h = await createHarness();
    await seedOrg(h);
    for (let i = 0; i < 20; i++) await new Browser(h.app).signIn(`guess${i}@acme.test`, 'wrong password here');
    expect((await new Browser(h.app).signIn('owner@acme.test')).statusCode).toBe(429);
  });
});

describe('CSRF', { timeout: 30_000 }, () => {
  async function signedIn() {
    h = await createHarness();
    await seedOrg(h);
    const browser = new Browser(h.app);
    await browser.signIn('owner@acme.test');
    const page = await browser.get('/orgs/acme/settings/scim');
    return { browser, csrf: csrfOf(page.body) };
  }

  it.each([
    ['missing', {}],
    ['wrong', { _csrf: 'A'.repeat(43) }],
  ])('refuses a state-changing request with a %s token (403) and changes nothing', async (_name, fields) => {
    const { browser } = await signedIn();
    const response = await browser.post('/orgs/acme/settings/scim/enable', fields);
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect((await h.services.tokens.status((await h.services.orgs.requireOrg('acme')).id)).enabled).toBe(false);
  });

  it('refuses a cross-origin Origin even with the right token', async () => {
    const { browser, csrf } = await signedIn();
    const response = await browser.post('/orgs/acme/settings/scim/enable', { _csrf: csrf }, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
  });

  it('accepts the right token from the same origin', async () => {
    const { browser, csrf } = await signedIn();
    const response = await browser.post('/orgs/acme/settings/scim/enable', { _csrf: csrf }, { origin: 'http://rollcall.test' });
    expect(response.statusCode).toBe(200);
  });

  it('refuses sign-in and sign-out without their form tokens', async () => {
    const { browser } = await signedIn();
    expect((await browser.post('/sign-out', {})).statusCode).toBe(403);
    const fresh = new Browser(h.app);
    expect((await fresh.post('/sign-in', { email: 'owner@acme.test', password: 'correct horse battery staple' })).statusCode).toBe(403);
  });

  it('accepts forms only: a JSON body on a console route is refused with an HTML page', async () => {
    const { browser } = await signedIn();
    const response = await h.app.inject({
      method: 'POST',
      url: '/orgs/acme/settings/scim/enable',
      headers: { cookie: browser.cookieHeader(), 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });
});
