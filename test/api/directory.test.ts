// Directory reads: users (active, group_id, updated_since filters), one user, groups, a group's members; cursor
// paging that neither skips nor repeats; deactivated versus deleted; one organization never sees another's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, scimUser, type ApiHarness } from '../support/api-harness.js';

let now = new Date('2026-03-01T09:00:00.000Z');
let h: ApiHarness;
let org: { id: string; slug: string; token: string };
let other: { id: string; slug: string; token: string };
const ids: Record<string, string> = {};
let engineering: string;
let platform: string;

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

async function created(response: { statusCode: number; body: string; json(): unknown }): Promise<string> {
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.body}`);
  return (response.json() as { id: string }).id;
}

/** Every item of a list, read page by page with `limit`; checks each page's size on the way. */
async function readAll(path: string, limit: number): Promise<{ id: string }[]> {
  const items: { id: string }[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const response = await h.api('GET', `${path}${sep}limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as { data: { id: string }[]; next: string | null };
    expect(page.data.length).toBeLessThanOrEqual(limit);
    items.push(...page.data);
    if (!page.next) return items;
    after = page.next;
  }
  throw new Error('too many pages');
}

beforeAll(async () => {
  h = await apiHarness({ now: () => now });
  org = await h.scimOrg('Initech', 'cust_initech');
  other = await h.scimOrg('Umbrella');
  for (const name of ['ann', 'bob', 'cat', 'dan', 'eve']) {
    ids[name] = await created(
      await h.scim(
        org.token,
        'POST',
        '/Users',
        scimUser(`${name}@initech.example`, {
          externalId: `okta-${name}`,
          name: { givenName: name.toUpperCase(), familyName: 'Initech', formatted: `${name.toUpperCase()} Initech` },
          emails: [{ value: `${name}@initech.example`, type: 'work', primary: true }],
          [ENTERPRISE]: { department: 'R&D' },
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
        }),
      ),
    );
    now = new Date(now.getTime() + 1000);
  }
  ids['zed'] = await created(await h.scim(other.token, 'POST', '/Users', scimUser('zed@umbrella.example')));
  platform = await created(
    await h.scim(org.token, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Platform', members: [{ value: ids['dan'] }] }),
  );
  engineering = await created(
    await h.scim(org.token, 'POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Engineering',
      externalId: 'okta-eng',
      members: [{ value: ids['ann'] }, { value: ids['bob'] }, { value: ids['cat'] }, { value: platform, type: 'Group' }],
    }),
  );
});
afterAll(() => h.close());

describe('users', () => {
  it('carry the SCIM id, names, emails, group ids, extensions, version, times and the raw SCIM document', async () => {
    const user = (await h.api('GET', `/organizations/${org.id}/users/${ids['ann']}`)).json();
    expect(user).toMatchObject({
      id: ids['ann'],
      external_id: 'okta-ann',
      user_name: 'ann@initech.example',
      name: { given_name: 'ANN', family_name: 'Initech', formatted: 'ANN Initech' },
      emails: [{ value: 'ann@initech.example', type: 'work', primary: true }],
      active: true,
      group_ids: [engineering],
      custom_attributes: { [ENTERPRISE]: { department: 'R&D' } },
      version: 1,
      created_at: '2026-03-01T09:00:00.000Z',
      updated_at: '2026-03-01T09:00:00.000Z',
    });
    const scim = (await h.scim(org.token, 'GET', `/Users/${ids['ann']}`)).json();
    expect(user.raw).toEqual(scim);
  });

  it('page in creation order without skipping or repeating, at any page size', async () => {
    const expected = ['ann', 'bob', 'cat', 'dan', 'eve'].map((n) => ids[n]);
    for (const limit of [1, 2, 5, 100]) {
      expect((await readAll(`/organizations/${org.id}/users`, limit)).map((u) => u.id)).toEqual(expected);
    }
  });

  it('tell deactivated (listed, active=false) from deleted (gone, 404)', async () => {
    now = new Date('2026-03-01T10:00:00.000Z');
    const deactivate = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] };
    expect((await h.scim(org.token, 'PATCH', `/Users/${ids['bob']}`, deactivate)).statusCode).toBe(200);
    expect((await h.scim(org.token, 'DELETE', `/Users/${ids['eve']}`)).statusCode).toBe(204);

    const bob = (await h.api('GET', `/organizations/${org.id}/users/${ids['bob']}`)).json();
    expect(bob).toMatchObject({ active: false, version: 2, updated_at: '2026-03-01T10:00:00.000Z' });
    expect((await h.api('GET', `/organizations/${org.id}/users/${ids['eve']}`)).statusCode).toBe(404);

    const all = (await readAll(`/organizations/${org.id}/users`, 2)).map((u) => u.id);
    expect(all).toEqual(['ann', 'bob', 'cat', 'dan'].map((n) => ids[n]));
    expect((await readAll(`/organizations/${org.id}/users?active=false`, 1)).map((u) => u.id)).toEqual([ids['bob']]);
    expect((await readAll(`/organizations/${org.id}/users?active=true`, 1)).map((u) => u.id)).toEqual(['ann', 'cat', 'dan'].map((n) => ids[n]));
  });

  it('filter by updated_since in order of last change, with cursors that resume there', async () => {
    now = new Date('2026-03-01T11:00:00.000Z');
    const rename = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Ann' }] };
    expect((await h.scim(org.token, 'PATCH', `/Users/${ids['ann']}`, rename)).statusCode).toBe(200);
    const since = (t: string, extra = '') => readAll(`/organizations/${org.id}/users?updated_since=${encodeURIComponent(t)}${extra}`, 1);
    expect((await since('2026-03-01T10:00:00.000Z')).map((u) => u.id)).toEqual([ids['bob'], ids['ann']]);
    expect((await since('2026-03-01T10:00:00Z', '&active=true')).map((u) => u.id)).toEqual([ids['ann']]);
    expect((await since('2026-03-01T12:00:00+01:00')).map((u) => u.id)).toEqual([ids['ann']]);
    expect(await since('2026-03-02T00:00:00.000Z')).toEqual([]);
    expect((await h.api('GET', `/organizations/${org.id}/users?updated_since=yesterday`)).statusCode).toBe(400);
  });

  it('page through many users changed at one instant (a bulk import) without skipping or repeating', async () => {
    now = new Date('2026-03-01T13:00:00.000Z');
    const bulk: string[] = [];
    for (let i = 0; i < 4; i++) bulk.push(await created(await h.scim(other.token, 'POST', '/Users', scimUser(`bulk${i}@umbrella.example`))));
    const read = await readAll(`/organizations/${other.id}/users?updated_since=2026-03-01T13:00:00Z`, 1);
    expect(read.map((u) => u.id)).toEqual(bulk);
  });

  it('filter by group: direct user members only', async () => {
    const members = (await readAll(`/organizations/${org.id}/users?group_id=${engineering}`, 1)).map((u) => u.id);
    expect(members.sort()).toEqual(['ann', 'bob', 'cat'].map((n) => ids[n]!).sort());
    expect((await readAll(`/organizations/${org.id}/users?group_id=${engineering}&active=true`, 2)).map((u) => u.id).sort()).toEqual(
      [ids['ann']!, ids['cat']!].sort(),
    );
    expect((await h.api('GET', `/organizations/${org.id}/users?group_id=nope`)).statusCode).toBe(404);
  });
});

describe('groups and members', () => {
  it('list groups and read one, with the raw SCIM document', async () => {
    const groups = await readAll(`/organizations/${org.id}/groups`, 1);
    expect(groups.map((g) => g.id)).toEqual([platform, engineering]);
    const eng = (await h.api('GET', `/organizations/${org.id}/groups/${engineering}`)).json();
    expect(eng).toMatchObject({ id: engineering, display_name: 'Engineering', external_id: 'okta-eng', version: 1 });
    expect(eng.raw).toMatchObject({ id: engineering, displayName: 'Engineering', meta: { resourceType: 'Group' } });
  });

  it("page a group's members, users and groups, in id order", async () => {
    const members = (await readAll(`/organizations/${org.id}/groups/${engineering}/members`, 1)) as unknown as { id: string; type: string; display: string }[];
    const expected = [
      { id: ids['ann'], type: 'user', display: 'Ann' },
      { id: ids['bob'], type: 'user', display: 'bob@initech.example' },
      { id: ids['cat'], type: 'user', display: 'cat@initech.example' },
      { id: platform, type: 'group', display: 'Platform' },
    ].sort((a, b) => (a.id! < b.id! ? -1 : 1));
    expect(members).toEqual(expected);
    expect((await h.api('GET', `/organizations/${org.id}/groups/nope/members`)).statusCode).toBe(404);
  });
});

describe('boundaries', () => {
  it("never shows one organization's directory under another's id", async () => {
    expect((await h.api('GET', `/organizations/${org.id}/users/${ids['zed']}`)).statusCode).toBe(404);
    expect((await h.api('GET', `/organizations/${other.id}/users/${ids['ann']}`)).statusCode).toBe(404);
    expect((await h.api('GET', `/organizations/${other.id}/groups/${engineering}/members`)).statusCode).toBe(404);
    expect((await h.api('GET', `/organizations/${other.id}/users?group_id=${engineering}`)).statusCode).toBe(404);
    expect((await readAll(`/organizations/${other.id}/users`, 10)).map((u) => u.id)).not.toContain(ids['ann']);
    expect((await h.api('GET', '/organizations/nope/users')).statusCode).toBe(404);
  });

  it('refuses a cursor of another list, or a forged one, with problem details', async () => {
    const groupsPage = (await h.api('GET', `/organizations/${org.id}/groups?limit=1`)).json();
    const refused = await h.api('GET', `/organizations/${org.id}/users?after=${groupsPage.next}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await h.api('GET', `/organizations/${org.id}/users?after=${Buffer.from('["user","1"]').toString('base64url')}`)).statusCode).toBe(400);
    expect((await h.api('GET', `/organizations/${org.id}/users?active=maybe`)).statusCode).toBe(400);
  });
});
