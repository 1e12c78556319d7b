// The console's "Roles and attributes" page (owners and admins): the group-to-role mapping and the attribute mapping,
// edited with plain forms under the session's CSRF token, every change audited as the signed-in person, refused
// input shown as typed with nothing changed; members are refused and setup-link sessions never reach it.
import { afterEach, describe, expect, it } from 'vitest';
import { Browser, createHarness, csrfOf, seedOrg, type Harness } from './console-harness.js';

let h: Harness;
afterEach(async () => h.close());

const ROLES = '/orgs/acme/roles';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const at = () => ({ at: new Date().toISOString(), client: 'Okta SCIM Client' });

async function signedIn(email: string) {
  const browser = new Browser(h.app);
  await browser.signIn(email);
  return browser;
}

/** An org with two groups: Leads (ann) and Staff (ann, bob), plus cat in no group. */
async function seedDirectory(orgId: string) {
  for (const name of ['ann', 'bob', 'cat']) await h.services.store.users.create(orgId, { id: `u-${name}`, doc: { userName: `${name}@acme.test` } }, at());
  await h.services.store.groups.create(orgId, { id: 'g-leads', doc: { displayName: 'Leads' }, members: [{ id: 'u-ann', type: 'User' }] }, at());
  await h.services.store.groups.create(orgId, { id: 'g-staff', doc: { displayName: 'Staff' }, members: [{ id: 'u-ann', type: 'User' }, { id: 'u-bob', type: 'User' }] }, at());
}

const rule = (i: number, group: string, role: string, priority: string) => ({ [`rule_${i}_group`]: group, [`rule_${i}_role`]: role, [`rule_${i}_priority`]: priority });

describe('Roles and attributes page', () => {
  it('saves a group-to-role mapping from the form, resolves roles and audits the change as the signed-in person', async () => {
    h = await createHarness();
    const org = await seedOrg(h, 'acme', ['admin']);
    await seedDirectory(org.id);
    const admin = await signedIn('admin@acme.test');
    const page = await admin.get(ROLES);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<a href="\/orgs\/acme\/roles" aria-current="page">Roles and attributes<\/a>/);
    expect(page.body).toContain('<option value="g-leads">Leads</option>');
    // No rules yet: the blank rows only.
    expect(page.body).toContain('name="rule_count" value="3"');

    // Row 1 left empty; rows are named by number, so a gap is fine.
    const saved = await admin.post(`${ROLES}/role-mapping`, {
      _csrf: csrfOf(page.body),
      rule_count: '3',
      ...rule(1, 'g-staff', 'editor', '20'),
      ...rule(2, 'g-leads', 'lead', '10'),
      default_role: 'viewer',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`${ROLES}?saved=roles`);
    expect(Object.fromEntries(await h.services.store.roleMappings.rolesOf(org.id, ['u-ann', 'u-bob', 'u-cat']))).toEqual({ 'u-ann': 'lead', 'u-bob': 'editor', 'u-cat': 'viewer' });
    const audit = await h.services.store.audit.list(org.id, 5);
    expect(audit.find((e) => e.action === 'roles.mapping-changed')).toMatchObject({ actor: 'admin@acme.test', detail: { rules: 2, default_role: 'viewer', users_changed: 3 } });

    const after = await admin.get(`${ROLES}?saved=roles`);
    expect(after.body).toContain('Role mapping saved.');
    // Sorted by priority, each rule in its row with the group selected.
    expect(after.body).toMatch(/name="rule_0_group"[\s\S]*?<option value="g-leads" selected>Leads<\/option>[\s\S]*?name="rule_0_role" value="lead"/);
    expect(after.body).toContain('name="rule_count" value="5"');
    expect(after.body).toMatch(/id="default-role" name="default_role" value="viewer"/);

    // Emptying a row removes its rule.
    const removed = await admin.post(`${ROLES}/role-mapping`, { _csrf: csrfOf(after.body), rule_count: '5', ...rule(0, 'g-leads', 'lead', '10'), default_role: 'viewer' });
    expect(removed.statusCode).toBe(303);
    expect((await h.services.roles.get(org.id)).rules).toEqual([{ groupId: 'g-leads', role: 'lead', priority: 10 }]);
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    ['a rule without a priority', { ...rule(0, 'g-leads', 'lead', '') }, /Rule 1 needs a priority/],
    ['a role without a group', { ...rule(1, '', 'lead', '1') }, /Rule 2 has no group/],
    ['two rules with one priority', { ...rule(0, 'g-leads', 'a', '1'), ...rule(2, 'g-staff', 'b', '1') }, /Rule 3 priority 1 is used by another rule/],
    ['owner for the console', { ...rule(0, 'g-leads', 'owner', '1'), for_console: '1' }, /never owner/],
    ["another organization's group", { ...rule(0, 'g-theirs', 'lead', '1') }, />No group with id &quot;g-theirs&quot; exists in this organization\.</],
    ['a role name with spaces', { ...rule(0, 'g-leads', 'two words', '1') }, /Rule 1 role must be a role name/],
  ];
  it.each(refusals)('refuses %s, shows the form as typed and changes nothing', async (_name, fields, message) => {
    h = await createHarness();
    const org = await seedOrg(h, 'acme');
    const other = await seedOrg(h, 'other');
    await seedDirectory(org.id);
    await h.services.store.groups.create(other.id, { id: 'g-theirs', doc: { displayName: 'Theirs' }, members: [] }, at());
    const owner = await signedIn('owner@acme.test');
    const page = await owner.get(ROLES);
    const response = await owner.post(`${ROLES}/role-mapping`, { _csrf: csrfOf(page.body), rule_count: '3', default_role: 'member', ...fields });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/<p class="alert alert-error" role="alert">/);
    expect(response.body).toMatch(message);
    expect(response.body).toMatch(/name="default_role" value="member"/);
    expect(await h.services.roles.get(org.id)).toMatchObject({ updatedAt: null, rules: [] });
  });

  it('saves the attribute mapping, refuses a path the organization has no attribute for, and audits the change', async () => {
    h = await createHarness();
    const org = await seedOrg(h, 'acme');
    const owner = await signedIn('owner@acme.test');
    const page = await owner.get(ROLES);
    // The built-in defaults are shown until the organization saves its own.
    expect(page.body).toContain(`value="${ENTERPRISE}:department"`);
    expect(page.body).toContain('These are the built-in defaults');

    const bad = await owner.post(`${ROLES}/attribute-mapping`, { _csrf: csrfOf(page.body), attr_count: '2', attr_0_key: 'cost_center', attr_0_path: `${ENTERPRISE}:costCentre` });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(`cost_center: the organization&#39;s User schemas have no attribute &quot;${ENTERPRISE}:costCentre&quot;`);
    expect(bad.body).toContain('value="cost_center"');
    expect((await h.services.attributeMappings.get(org.id)).updatedAt).toBeNull();

    const twice = await owner.post(`${ROLES}/attribute-mapping`, { _csrf: csrfOf(page.body), attr_count: '2', attr_0_key: 'title', attr_0_path: 'title', attr_1_key: 'title', attr_1_path: 'nickName' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('The key &quot;title&quot; appears twice.');

    const saved = await owner.post(`${ROLES}/attribute-mapping`, {
      _csrf: csrfOf(page.body),
      attr_count: '3',
      attr_0_key: 'title',
      attr_0_path: 'title',
      attr_2_key: 'cost_center',
      attr_2_path: `${ENTERPRISE}:costCenter`,
    });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await h.services.attributeMappings.get(org.id)).mapping).toEqual({ title: 'title', cost_center: `${ENTERPRISE}:costCenter` });
    const audit = await h.services.store.audit.list(org.id, 5);
    expect(audit.find((e) => e.action === 'attributes.mapping-changed')).toMatchObject({ actor: 'owner@acme.test', detail: { keys: ['title', 'cost_center'] } });
    expect((await owner.get(`${ROLES}?saved=attributes`)).body).toContain('Attribute mapping saved.');
  });

  it('is linked from the SCIM page, refused to members and to forged forms', async () => {
    h = await createHarness();
    const org = await seedOrg(h, 'acme', ['member']);
    await seedDirectory(org.id);
    const owner = await signedIn('owner@acme.test');
    expect((await owner.get('/orgs/acme/settings/scim')).body).toContain('<a href="/orgs/acme/roles">Roles and attributes</a>');
    const forged = await owner.post(`${ROLES}/role-mapping`, { _csrf: 'forged', rule_count: '1', ...rule(0, 'g-leads', 'lead', '1') });
    expect(forged.statusCode).toBe(403);
    const member = await signedIn('member@acme.test');
    expect((await member.get(ROLES)).statusCode).toBe(403);
    const memberPage = await member.get('/orgs/acme');
    expect(memberPage.body).not.toContain('/orgs/acme/roles');
    expect((await member.post(`${ROLES}/role-mapping`, { _csrf: csrfOf(memberPage.body), rule_count: '1', ...rule(0, 'g-leads', 'lead', '1') })).statusCode).toBe(403);
    expect((await h.services.roles.get(org.id)).updatedAt).toBeNull();
  });

  it('is out of reach of a setup-link session, whose SCIM page does not link to it', async () => {
    h = await createHarness();
    const apiKey = (await h.services.apiKeys.create('tests')).key;
    const org = await h.services.productOrgs.create({ name: 'Acme' }, 'test');
    const created = await h.app.inject({
      method: 'POST',
      url: `/api/v1/organizations/${org.id}/setup-links`,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    const token = new URL(created.json().url).searchParams.get('token')!;
    const browser = new Browser(h.app);
    await browser.post('/setup-link', { token });
    const scim = await browser.get(`/orgs/${org.slug}/settings/scim`);
    expect(scim.statusCode).toBe(200);
    expect(scim.body).not.toContain(`/orgs/${org.slug}/roles`);
    const away = await browser.get(`/orgs/${org.slug}/roles`);
    expect(away.statusCode).toBe(303);
    const post = await browser.post(`/orgs/${org.slug}/roles/role-mapping`, { _csrf: csrfOf(scim.body), rule_count: '0', default_role: 'admin', for_console: '1' });
    expect(post.statusCode).toBeGreaterThanOrEqual(300);
    expect((await h.services.roles.get(org.id)).updatedAt).toBeNull();
  });
});
