// The console's Team page (owners and admins): members with role and status, role changes and removal through the
// same TeamService as the CLI, the last owner protected, every change in the audit log. Runs on both engines.
import { afterEach, describe, expect, it } from 'vitest';
import { Browser, createHarness, csrfOf, seedOrg, type Harness } from './console-harness.js';

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

describe('Team page', () => {
  it('lists members with role and status for owners and admins, and links it from the sidebar', async () => {
    h = await createHarness();
    await seedOrg(h, 'acme', ['admin', 'member']);
    const admin = await signedIn('admin@acme.test');
    const page = await admin.get('/orgs/acme/team');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('owner@acme.test');
    expect(page.body).toMatch(/member@acme\.test[\s\S]*Member[\s\S]*Active/);
    expect(page.body).toMatch(/<a href="\/orgs\/acme\/team" aria-current="page">Team<\/a>/);
  });

  it('is refused to members, and members see no Team link', async () => {
    h = await createHarness();
    await seedOrg(h, 'acme', ['member']);
    const member = await signedIn('member@acme.test');
    expect((await member.get('/orgs/acme/team')).statusCode).toBe(403);
    expect((await member.get('/orgs/acme')).body).not.toContain('/orgs/acme/team');
  });

  it('changes a role and removes a member, recording both in the audit log', async () => {
    h = await createHarness();
    const org = await seedOrg(h, 'acme', ['member']);
    const owner = await signedIn('owner@acme.test');
    const csrf = csrfOf((await owner.get('/orgs/acme/team')).body);
    const changed = await owner.post('/orgs/acme/team/role', { _csrf: csrf, email: 'member@acme.test', role: 'admin' });
    expect(changed.statusCode).toBe(303);
    expect((await owner.get('/orgs/acme/team')).body).toMatch(/member@acme\.test[\s\S]*Admin/);
    const removed = await owner.post('/orgs/acme/team/remove', { _csrf: csrf, email: 'member@acme.test' });
    expect(removed.statusCode).toBe(303);
    expect((await owner.get('/orgs/acme/team')).body).not.toContain('member@acme.test');
    const actions = (await h.services.store.audit.list(org.id, 10)).map((e) => `${e.action} ${e.actor}`);
    expect(actions).toEqual(expect.arrayContaining(['member.role_changed owner@acme.test', 'member.removed owner@acme.test']));
  });

  it('never removes or demotes the last owner, and says why', async () => {
    h = await createHarness();
    await seedOrg(h, 'acme');
    const owner = await signedIn('owner@acme.test');
    const csrf = csrfOf((await owner.get('/orgs/acme/team')).body);
    const demoted = await owner.post('/orgs/acme/team/role', { _csrf: csrf, email: 'owner@acme.test', role: 'member' });
    expect(demoted.statusCode).toBe(409);
    expect(demoted.body).toContain('at least one active owner');
    expect((await owner.post('/orgs/acme/team/remove', { _csrf: csrf, email: 'owner@acme.test' })).statusCode).toBe(409);
    expect((await owner.get('/orgs/acme/team')).body).toMatch(/owner@acme\.test[\s\S]*Owner/);
  });

  it('lets admins manage admins and members but not owners, and refuses a post without the CSRF field', async () => {
    h = await createHarness();
    await seedOrg(h, 'acme', ['admin', 'member']);
    const admin = await signedIn('admin@acme.test');
    const csrf = csrfOf((await admin.get('/orgs/acme/team')).body);
    expect((await admin.post('/orgs/acme/team/role', { _csrf: csrf, email: 'member@acme.test', role: 'owner' })).statusCode).toBe(403);
    expect((await admin.post('/orgs/acme/team/remove', { _csrf: csrf, email: 'owner@acme.test' })).statusCode).toBe(403);
    expect((await admin.post('/orgs/acme/team/role', { email: 'member@acme.test', role: 'admin' })).statusCode).toBe(403);
    expect((await admin.post('/orgs/acme/team/role', { _csrf: csrf, email: 'member@acme.test', role: 'admin' })).statusCode).toBe(303);
  });
});
