// /api/v1/organizations/{id}/role-mapping: groups map to roles by priority with a default; each user's `role` in
// the directory API follows the mapping, memberships and group deletions, with a user.updated event changed ["role"]
// for each change and none for the people a change does not touch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/storage/store.js';
import { apiHarness, scimUser, type ApiHarness } from '../support/api-harness.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

let h: ApiHarness;
let org: { id: string; token: string };
let other: { id: string; token: string };
const u: Record<string, string> = {};
let admins: string;
let staff: string;
let theirs: string;

const created = async (response: Promise<{ statusCode: number; body: string; json(): { id: string } }>) => {
  const r = await response;
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json().id;
};
const roleOf = async (id: string) => (await h.api('GET', `/organizations/${org.id}/users/${id}`)).json().role as string | null;
const putMapping = (body: unknown, orgId = org.id) => h.api('PUT', `/organizations/${orgId}/role-mapping`, body);

/** Role events of the org appended after `after` (PostgreSQL: waits until they are visible). */
async function roleEvents(after: string | undefined, atLeast: number): Promise<StoredEvent[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const all = (await h.services.store.events.list({ orgId: org.id, limit: 1000, ...(after ? { after } : {}) })) ?? [];
    const found = all.filter((e) => e.changed.join() === 'role');
    if (found.length >= atLeast || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
/** The org's newest event id, paging through the feed. */
async function lastEventOf(orgId: string): Promise<string | undefined> {
  let last: string | undefined;
  for (;;) {
    const page = (await h.services.store.events.list({ orgId, limit: 1000, ...(last ? { after: last } : {}) })) ?? [];
    if (page.length === 0) return last;
    last = page.at(-1)!.id;
  }
}
const lastEvent = () => lastEventOf(org.id);

beforeAll(async () => {
  h = await apiHarness();
  org = await h.scimOrg('Globex');
  other = await h.scimOrg('Hooli');
  for (const name of ['ann', 'bob', 'cat']) u[name] = await created(h.scim(org.token, 'POST', '/Users', scimUser(`${name}@globex.example`)));
  admins = await created(h.scim(org.token, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Admins', members: [{ value: u['ann'] }] }));
  staff = await created(h.scim(org.token, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Staff', members: [{ value: u['ann'] }, { value: u['bob'] }] }));
  theirs = await created(h.scim(other.token, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Admins' }));
});
afterAll(() => h.close());

describe('group-to-role mapping', () => {
  it('starts empty: no role for anyone', async () => {
    const mapping = await h.api('GET', `/organizations/${org.id}/role-mapping`);
    expect(mapping.json()).toEqual({ default_role: null, for_console: false, rules: [], updated_at: null });
    expect(await roleOf(u['ann']!)).toBeNull();
  });

  it('resolves roles by priority with a default, shown in the directory API and announced per user', async () => {
    const mark = await lastEvent();
    const response = await putMapping({
      default_role: 'viewer',
      rules: [
        { group_id: staff, role: 'editor', priority: 20 },
        { group_id: admins, role: 'owner-of-billing', priority: 10 },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      default_role: 'viewer',
      rules: [
        { group_id: admins, display_name: 'Admins', role: 'owner-of-billing', priority: 10 },
        { group_id: staff, display_name: 'Staff', role: 'editor', priority: 20 },
      ],
      users_changed: 3,
    });
    const users = (await h.api('GET', `/organizations/${org.id}/users`)).json().data as { id: string; role: string; version: number }[];
    expect(Object.fromEntries(users.map((x) => [x.id, x.role]))).toEqual({ [u['ann']!]: 'owner-of-billing', [u['bob']!]: 'editor', [u['cat']!]: 'viewer' });
    const events = await roleEvents(mark, 3);
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.type === 'user.updated')).toBe(true);
    const ann = events.find((e) => e.data['id'] === u['ann'])!;
    expect(ann.data).toMatchObject({ role: 'owner-of-billing', version: users.find((x) => x.id === u['ann'])!.version });
  });

  it('recalculates a person who joins or leaves a mapped group over SCIM, and nobody else', async () => {
    const mark = await lastEvent();
    const bobBefore = (await h.api('GET', `/organizations/${org.id}/users/${u['bob']}`)).json().version;
    const patch = await h.scim(org.token, 'PATCH', `/Groups/${admins}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: u['cat'] }] }] });
    expect(patch.statusCode, patch.body).toBeLessThan(300);
    expect(await roleOf(u['cat']!)).toBe('owner-of-billing');
    const events = await roleEvents(mark, 1);
    expect(events.map((e) => [e.data['id'], e.data['role']])).toEqual([[u['cat'], 'owner-of-billing']]);
    expect((await h.api('GET', `/organizations/${org.id}/users/${u['bob']}`)).json().version).toBe(bobBefore);

    const beforeRemove = await lastEvent();
    const remove = await h.scim(org.token, 'PATCH', `/Groups/${admins}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: `members[value eq "${u['cat']}"]` }],
    });
    expect(remove.statusCode, remove.body).toBeLessThan(300);
    expect(await roleOf(u['cat']!)).toBe('viewer');
    expect((await roleEvents(beforeRemove, 1)).map((e) => [e.data['id'], e.data['role']])).toEqual([[u['cat'], 'viewer']]);
  });

  it('recalculates the members of a mapped group when the identity provider deletes it, and drops its rule', async () => {
    const mark = await lastEvent();
    expect((await h.scim(org.token, 'DELETE', `/Groups/${admins}`)).statusCode).toBe(204);
    expect(await roleOf(u['ann']!)).toBe('editor');
    expect((await roleEvents(mark, 1)).map((e) => e.data['id'])).toEqual([u['ann']]);
    const mapping = (await h.api('GET', `/organizations/${org.id}/role-mapping`)).json();
    expect(mapping.rules.map((r: { group_id: string }) => r.group_id)).toEqual([staff]);
  });

  const refusals: [string, () => unknown, number, RegExp][] = [
    ['two rules with one priority', () => ({ default_role: null, rules: [{ group_id: staff, role: 'a', priority: 1 }, { group_id: staff + 'x', role: 'b', priority: 1 }] }), 400, /priorit/],
    ['the same group twice', () => ({ default_role: null, rules: [{ group_id: staff, role: 'a', priority: 1 }, { group_id: staff, role: 'b', priority: 2 }] }), 400, /mapped twice/],
    ["another organization's group", () => ({ default_role: null, rules: [{ group_id: theirs, role: 'a', priority: 1 }] }), 400, /no group with id/],
    ['owner for the console', () => ({ default_role: 'member', for_console: true, rules: [{ group_id: staff, role: 'owner', priority: 1 }] }), 400, /never owner/],
    ['a role name with spaces', () => ({ default_role: 'two words', rules: [] }), 400, /default_role/],
    ['a rule without a priority', () => ({ default_role: null, rules: [{ group_id: staff, role: 'a' }] }), 400, /priority/],
  ];
  it.each(refusals)('refuses %s with a clear detail and changes nothing', async (_name, body, status, detail) => {
    const before = (await h.api('GET', `/organizations/${org.id}/role-mapping`)).json();
    const response = await putMapping(body());
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toMatch(detail);
    expect((await h.api('GET', `/organizations/${org.id}/role-mapping`)).json()).toEqual(before);
  });

  it('accepts admin and member for the console', async () => {
    const response = await putMapping({ default_role: 'member', for_console: true, rules: [{ group_id: staff, role: 'admin', priority: 1 }] });
    expect(response.statusCode, response.body).toBe(200);
    expect(await roleOf(u['bob']!)).toBe('admin');
    expect(await roleOf(u['cat']!)).toBe('member');
  });

  it('answers 404 for an unknown organization', async () => {
    expect((await putMapping({ default_role: null, rules: [] }, 'org_nope')).statusCode).toBe(404);
    expect((await h.api('GET', '/organizations/org_nope/role-mapping')).statusCode).toBe(404);
  });
});

describe('a big mapped group', () => {
  it('adding one member to a 2,000-member mapped group recalculates that one person only', async () => {
    const big = await h.scimOrg('Initrode');
    const ids: string[] = [];
    for (let i = 0; i < 2000; i++) ids.push(`big-${i}`);
    const store = h.services.store;
    const at = { at: new Date().toISOString(), client: 'test' };
    for (const id of ids) await store.users.create(big.id, { id, doc: { userName: `${id}@initrode.example` } }, at);
    const newcomer = 'big-newcomer';
    await store.users.create(big.id, { id: newcomer, doc: { userName: 'newcomer@initrode.example' } }, at);
    const groupId = 'big-group';
    await store.groups.create(big.id, { id: groupId, doc: { displayName: 'Everyone' }, members: ids.map((id) => ({ id, type: 'User' as const })) }, at);
    expect((await h.api('PUT', `/organizations/${big.id}/role-mapping`, { default_role: 'guest', rules: [{ group_id: groupId, role: 'staff', priority: 1 }] })).json().users_changed).toBe(2001);

    const mark = await lastEventOf(big.id);
    const patch = await h.scim(big.token, 'PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: newcomer }] }] });
    expect(patch.statusCode, patch.body).toBeLessThan(300);
    // PostgreSQL shows an event once every older transaction has ended: wait (briefly) for the two expected.
    let since: StoredEvent[] = [];
    for (let tries = 0; tries < 100 && since.length < 2; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      since = (await store.events.list({ orgId: big.id, limit: 1000, ...(mark ? { after: mark } : {}) })) ?? [];
    }
    expect(since.map((e) => e.type)).toEqual(['group.member_added', 'user.updated']);
    const roleChanges = since.filter((e) => e.changed.join() === 'role');
    expect(roleChanges.map((e) => e.data['id'])).toEqual([newcomer]);
    expect((await store.users.get(big.id, ids[0]!))!.version).toBe(2);
  }, 120_000);
});

describe("a mapping for Rollcall's own console", () => {
  it('gives provisioned team members admin or member as their groups change, and never touches an owner', async () => {
    const team = await h.scimOrg('Massive Dynamic');
    const password = 'a long enough password';
    for (const [email, role] of [['nina@massive.example', 'member'], ['walter@massive.example', 'owner']] as const) {
      await h.services.orgs.addMember({ orgSlug: team.slug, email, password, role });
    }
    const nina = await created(h.scim(team.token, 'POST', '/Users', scimUser('nina@massive.example')));
    const walter = await created(h.scim(team.token, 'POST', '/Users', scimUser('walter@massive.example')));
    const leads = await created(h.scim(team.token, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Leads', members: [{ value: walter }] }));
    const put = await h.api('PUT', `/organizations/${team.id}/role-mapping`, { default_role: 'member', for_console: true, rules: [{ group_id: leads, role: 'admin', priority: 1 }] });
    expect(put.statusCode, put.body).toBe(200);
    const roleOfAccount = async (email: string) => (await h.services.store.accounts.membersOf(team.id)).find((m) => m.email === email)?.role;

    const add = await h.scim(team.token, 'PATCH', `/Groups/${leads}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: nina }] }] });
    expect(add.statusCode, add.body).toBeLessThan(300);
    expect(await roleOfAccount('nina@massive.example')).toBe('admin');
    const audit = await h.services.store.audit.list(team.id, 5);
    expect(audit.find((a) => a.action === 'member.role-changed')).toMatchObject({ detail: { account: 'nina@massive.example', role: 'admin', source: 'role-mapping' } });

    await h.scim(team.token, 'PATCH', `/Groups/${leads}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${nina}"]` }] });
    expect(await roleOfAccount('nina@massive.example')).toBe('member');
    // Walter is in Leads (admin) but owns the organization: an identity provider never demotes an owner.
    expect(await roleOfAccount('walter@massive.example')).toBe('owner');
  });

  it('gives a team member the console role as soon as the identity provider creates or renames their SCIM user', async () => {
    const team = await h.scimOrg('Vandelay');
    const password = 'a long enough password';
    for (const [email, role] of [['pia@vandelay.example', 'member'], ['quinn@vandelay.example', 'member'], ['olga@vandelay.example', 'owner']] as const) {
      await h.services.orgs.addMember({ orgSlug: team.slug, email, password, role });
    }
    // Everyone the identity provider assigns is a console admin; nobody is provisioned yet.
    const put = await h.api('PUT', `/organizations/${team.id}/role-mapping`, { default_role: 'admin', for_console: true, rules: [] });
    expect(put.statusCode, put.body).toBe(200);
    const roleOfAccount = async (email: string) => (await h.services.store.accounts.membersOf(team.id)).find((m) => m.email === email)?.role;
    expect(await roleOfAccount('pia@vandelay.example')).toBe('member');

    await created(h.scim(team.token, 'POST', '/Users', scimUser('pia@vandelay.example')));
    expect(await roleOfAccount('pia@vandelay.example')).toBe('admin');
    const audit = await h.services.store.audit.list(team.id, 10);
    expect(audit.find((a) => a.action === 'member.role-changed')).toMatchObject({ detail: { account: 'pia@vandelay.example', role: 'admin', source: 'role-mapping' } });

    // A SCIM user becomes a team member's when its userName changes to their email.
    const quinn = await created(h.scim(team.token, 'POST', '/Users', scimUser('q.old@vandelay.example')));
    expect(await roleOfAccount('quinn@vandelay.example')).toBe('member');
    const rename = await h.scim(team.token, 'PATCH', `/Users/${quinn}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'userName', value: 'quinn@vandelay.example' }] });
    expect(rename.statusCode, rename.body).toBe(200);
    expect(await roleOfAccount('quinn@vandelay.example')).toBe('admin');

    await created(h.scim(team.token, 'POST', '/Users', scimUser('olga@vandelay.example')));
    expect(await roleOfAccount('olga@vandelay.example')).toBe('owner');
  });

  it('leaves console roles alone on user writes when the mapping is not for the console', async () => {
    const team = await h.scimOrg('Kramerica');
    await h.services.orgs.addMember({ orgSlug: team.slug, email: 'rae@kramerica.example', password: 'a long enough password', role: 'member' });
    expect((await h.api('PUT', `/organizations/${team.id}/role-mapping`, { default_role: 'admin', rules: [] })).statusCode).toBe(200);
    await created(h.scim(team.token, 'POST', '/Users', scimUser('rae@kramerica.example')));
    expect((await h.services.store.accounts.membersOf(team.id)).find((m) => m.email === 'rae@kramerica.example')?.role).toBe('member');
  });
});
