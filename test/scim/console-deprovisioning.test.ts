// Deprovisioning is real (design.md section 4): a person the IdP deactivates cannot sign in to the console
// and their sessions end; reactivation restores the role; DELETE removes them from the organization.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, newUser, type Harness } from '../support/scim-harness.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const client = { ip: '127.0.0.1', userAgent: 'test' };
const password = 'pat has a long password';

let h: Harness;
let org: { slug: string; id: string; token: string };
let userId: string;

beforeAll(async () => {
  h = await harness();
  org = await h.org('deprov-co');
  await h.services.orgs.addMember({ orgSlug: org.slug, email: 'Pat@Deprov.example', password, role: 'admin' });
  userId = (await h.scim(org.token, 'POST', '/Users', newUser('pat@deprov.example', { active: true }))).json().id;
});
afterAll(() => h.close());

const setActive = (active: boolean) =>
  h.scim(org.token, 'PATCH', `/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active } }] }, { 'user-agent': 'Okta SCIM Client 1.0.0' });

describe('console access follows SCIM deprovisioning', () => {
  it('deactivation ends the sessions and refuses sign-in; reactivation restores the role', async () => {
    const signedIn = await h.services.sessions.signIn('pat@deprov.example', password, client);
    expect(signedIn.ok).toBe(true);
    const sessionId = signedIn.ok ? signedIn.sessionId : '';
    expect(await h.services.sessions.resolve(sessionId)).toBeDefined();

    expect((await setActive(false)).statusCode).toBe(200);
    expect(await h.services.sessions.resolve(sessionId)).toBeUndefined();
    expect((await h.services.sessions.signIn('pat@deprov.example', password, client)).ok).toBe(false);
    const account = await h.services.store.accounts.byEmail('pat@deprov.example');
    expect(await h.services.access.membership(account!.id, org.slug)).toBeUndefined();
    const audit = await h.services.store.audit.list(org.id, 10);
    expect(audit[0]).toMatchObject({ action: 'member.suspended', actor: 'Okta SCIM Client 1.0.0', detail: { account: 'Pat@Deprov.example' } });

    expect((await setActive(true)).statusCode).toBe(200);
    expect((await h.services.sessions.signIn('pat@deprov.example', password, client)).ok).toBe(true);
    expect((await h.services.access.membership(account!.id, org.slug))?.role).toBe('admin');
  });

  it('DELETE removes the person from the organization', async () => {
    expect((await h.scim(org.token, 'DELETE', `/Users/${userId}`)).statusCode).toBe(204);
    const account = await h.services.store.accounts.byEmail('pat@deprov.example');
    expect(await h.services.store.accounts.membership(org.id, account!.id)).toBeUndefined();
  });

  it('never suspends an owner, and follows only the userName (never an email an IdP lists)', async () => {
    const owner = 'owner@deprov-co.example.com';
    const decoy = await h.scim(org.token, 'POST', '/Users', newUser('mallory@deprov.example', { active: false, emails: [{ value: owner, type: 'other' }] }));
    expect(decoy.statusCode).toBe(201);
    const ownerAsUser = await h.scim(org.token, 'POST', '/Users', newUser(owner, { active: false }));
    expect(ownerAsUser.statusCode).toBe(201);
    expect((await h.services.sessions.signIn(owner, 'a long enough password', client)).ok).toBe(true);
    await h.scim(org.token, 'DELETE', `/Users/${ownerAsUser.json().id}`);
    const account = await h.services.store.accounts.byEmail(owner);
    expect((await h.services.store.accounts.membership(org.id, account!.id))?.role).toBe('owner');
  });

  it('keeps sessions that still open another organization', async () => {
    const other = await h.org('deprov-other');
    await h.services.orgs.addMember({ orgSlug: other.slug, email: 'sam@deprov.example', password, role: 'member' });
    await h.services.orgs.addMember({ orgSlug: org.slug, email: 'sam@deprov.example', password, role: 'member' });
    const signedIn = await h.services.sessions.signIn('sam@deprov.example', password, client);
    const sessionId = signedIn.ok ? signedIn.sessionId : '';
    const sam = (await h.scim(org.token, 'POST', '/Users', newUser('sam@deprov.example', { active: false }))).json();
    expect(sam.active).toBe(false);
    const account = await h.services.store.accounts.byEmail('sam@deprov.example');
    expect(await h.services.access.membership(account!.id, org.slug)).toBeUndefined();
    expect(await h.services.access.membership(account!.id, other.slug)).toBeDefined();
    expect(await h.services.sessions.resolve(sessionId)).toBeDefined();
  });

  it('a Bulk run of creates suspends the team member created deactivated, never an owner, and nobody else', async () => {
    await h.services.orgs.addMember({ orgSlug: org.slug, email: 'lee@deprov.example', password, role: 'member' });
    await h.services.orgs.addMember({ orgSlug: org.slug, email: 'Kim@Deprov.example', password, role: 'admin' });
    const owner = 'owner@deprov-co.example.com';
    const bulk = await h.scim(org.token, 'POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        { method: 'POST', path: '/Users', data: newUser('stranger@deprov.example', { active: false }) },
        { method: 'POST', path: '/Users', data: newUser('lee@deprov.example', { active: true }) },
        { method: 'POST', path: '/Users', data: newUser('kim@deprov.EXAMPLE', { active: false }) },
        { method: 'POST', path: '/Users', data: newUser(owner.toUpperCase(), { active: false }) },
      ],
    });
    expect(bulk.json().Operations.map((o: { status: string }) => o.status)).toEqual(['201', '201', '201', '201']);
    const membership = async (email: string) => h.services.store.accounts.membership(org.id, (await h.services.store.accounts.byEmail(email))!.id);
    expect(await membership('kim@deprov.example')).toMatchObject({ role: 'admin', suspended: true });
    expect(await membership('lee@deprov.example')).toMatchObject({ role: 'member', suspended: false });
    expect(await membership(owner)).toMatchObject({ role: 'owner', suspended: false });
    const audit = await h.services.store.audit.list(org.id, 10);
    expect(audit.filter((e) => e.action.startsWith('member.') && e.at >= audit[0]!.at).map((e) => [e.action, e.detail])).toEqual([
      ['member.suspended', { account: 'Kim@Deprov.example' }],
    ]);
  });

  it('leaves people without a console account alone', async () => {
    const res = await h.scim(org.token, 'POST', '/Users', newUser('nobody@deprov.example', { active: false }));
    expect(res.statusCode).toBe(201);
  });
});
