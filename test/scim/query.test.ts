// The SCIM query language over HTTP (issue: full filter grammar, sort, .search, paging, cursors).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTERPRISE, harness, newGroup, newUser, USER_SCHEMA, type Harness } from '../support/scim-harness.js';

let h: Harness;
let token: string;
const ids: Record<string, string> = {};
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

const people = [
  { userName: 'bjensen', title: 'Tour Guide', emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }], name: { familyName: 'Jensen', givenName: 'Barbara' }, dept: 'Tours', active: true },
  { userName: 'jsmith', title: 'Manager', emails: [{ value: 'jsmith@example.org', type: 'home' }], name: { familyName: 'Smith', givenName: 'John' }, dept: 'Sales', active: true },
  { userName: 'Adoe', title: 'Engineer', emails: [{ value: 'adoe@example.com', type: 'work' }], name: { familyName: 'Doe', givenName: 'Ann' }, dept: 'Sales', active: false },
  { userName: 'zed', emails: [], name: { familyName: 'Zed', givenName: 'Zoe' }, dept: undefined, active: true },
];

beforeAll(async () => {
  h = await harness();
  token = (await h.org('query-co')).token;
  for (const p of people) {
    const body = newUser(p.userName, {
      title: p.title,
      name: p.name,
      active: p.active,
      schemas: [USER_SCHEMA, ENTERPRISE],
      ...(p.emails.length ? { emails: p.emails } : {}),
      ...(p.dept ? { [ENTERPRISE]: { department: p.dept } } : {}),
    });
    const res = await h.scim(token, 'POST', '/Users', body);
    expect(res.statusCode).toBe(201);
    ids[p.userName] = res.json().id;
  }
  await h.scim(token, 'POST', '/Groups', newGroup('Sales', [ids['jsmith']!, ids['Adoe']!]));
  await h.scim(token, 'POST', '/Groups', newGroup('Tours', [ids['bjensen']!]));
});
afterAll(() => h.close());

const userNames = (body: { Resources: { userName: string }[] }) => body.Resources.map((r) => r.userName);

describe('filters over HTTP', () => {
  it.each<[string, string[]]>([
    ['userName eq "BJENSEN"', ['bjensen']],
    ['userName sw "j"', ['jsmith']],
    ['title co "er"', ['jsmith', 'Adoe']],
    ['title pr', ['bjensen', 'jsmith', 'Adoe']],
    ['not (title pr)', ['zed']],
    ['emails[type eq "work" and value co "@example.com"]', ['bjensen', 'Adoe']],
    ['emails.value ew ".org"', ['jsmith']],
    ['name.familyName lt "K"', ['bjensen', 'Adoe']],
    ['active eq false', ['Adoe']],
    [`${ENTERPRISE}:department eq "Sales"`, ['jsmith', 'Adoe']],
    ['userName eq "jsmith" or title eq "Tour Guide"', ['bjensen', 'jsmith']],
    ['title pr and (userName sw "b" or userName sw "a")', ['bjensen', 'Adoe']],
    ['meta.created gt "2000-01-01T00:00:00Z"', ['bjensen', 'jsmith', 'Adoe', 'zed']],
    ['groups.display eq "Sales"', ['jsmith', 'Adoe']],
    [`schemas eq "${ENTERPRISE}"`, ['bjensen', 'jsmith', 'Adoe']],
    ['schemas pr', ['bjensen', 'jsmith', 'Adoe', 'zed']],
    ['userName eq "x\\" or 1=1 --"', []],
    ["userName eq \"'; DROP TABLE scim_users; --\"", []],
  ])('%s', async (filter, expected) => {
    const res = await h.scim(token, 'GET', `/Users?filter=${encodeURIComponent(filter)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().totalResults).toBe(expected.length);
    expect(userNames(res.json()).sort()).toEqual([...expected].sort());
  });

  it.each([
    ['an unknown attribute', 'shoeSize eq 42'],
    ['a boolean compared with a string', 'active eq "yes"'],
    ['an ordering on a boolean', 'active gt true'],
    ['an unparseable dateTime', 'meta.created gt "yesterday"'],
    ['password', 'password eq "x"'],
    ['a dangling and', 'userName eq "a" and'],
    ['too deep', `${'('.repeat(40)}userName pr${')'.repeat(40)}`],
  ])('rejects %s with 400 invalidFilter', async (_label, filter) => {
    const res = await h.scim(token, 'GET', `/Users?filter=${encodeURIComponent(filter)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().scimType).toBe('invalidFilter');
    expect(res.json().detail).toEqual(expect.any(String));
  });

  it('finds the groups that hold a person (members[value eq ...])', async () => {
    const res = await h.scim(token, 'GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${ids['Adoe']}"]`)}&excludedAttributes=members`);
    expect(res.json().Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['Sales']);
    expect(res.json().Resources[0].members).toBeUndefined();
  });
});

describe('sorting', () => {
  it('sorts by userName case-insensitively, both ways, with ties stable', async () => {
    const up = (await h.scim(token, 'GET', '/Users?sortBy=userName')).json();
    expect(userNames(up)).toEqual(['Adoe', 'bjensen', 'jsmith', 'zed']);
    const down = (await h.scim(token, 'GET', '/Users?sortBy=userName&sortOrder=descending')).json();
    expect(userNames(down)).toEqual(['zed', 'jsmith', 'bjensen', 'Adoe']);
  });

  it('puts unassigned values last', async () => {
    const res = (await h.scim(token, 'GET', '/Users?sortBy=title')).json();
    expect(userNames(res)).toEqual(['Adoe', 'jsmith', 'bjensen', 'zed']);
  });

  it('refuses an unknown sortBy or sortOrder', async () => {
    expect((await h.scim(token, 'GET', '/Users?sortBy=shoeSize')).statusCode).toBe(400);
    expect((await h.scim(token, 'GET', '/Users?sortBy=userName&sortOrder=sideways')).statusCode).toBe(400);
  });
});

describe('POST .search', () => {
  it('searches Users with a SearchRequest body', async () => {
    const res = await h.scim(token, 'POST', '/Users/.search', {
      schemas: [SEARCH],
      filter: 'title pr',
      sortBy: 'userName',
      attributes: ['userName'],
      startIndex: 1,
      count: 2,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 2 });
    expect(res.json().Resources).toEqual([
      { schemas: [USER_SCHEMA], id: ids['Adoe'], userName: 'Adoe' },
      { schemas: [USER_SCHEMA], id: ids['bjensen'], userName: 'bjensen' },
    ]);
  });

  it('searches across resource types at the root', async () => {
    const res = await h.scim(token, 'POST', '/.search', { schemas: [SEARCH], filter: 'displayName sw "s"' });
    expect(res.statusCode).toBe(200);
    expect(res.json().totalResults).toBe(1);
    expect(res.json().Resources[0].displayName).toBe('Sales');
    const all = (await h.scim(token, 'POST', '/.search', { schemas: [SEARCH], count: 5 })).json();
    expect(all.totalResults).toBe(6);
    expect(all.itemsPerPage).toBe(5);
  });

  it('refuses a body without the SearchRequest schema', async () => {
    const res = await h.scim(token, 'POST', '/Users/.search', { filter: 'userName pr' });
    expect(res.statusCode).toBe(400);
    expect(res.json().scimType).toBe('invalidSyntax');
  });
});

describe('cursor paging (RFC 9865)', () => {
  it('walks every user forwards and back with opaque cursors', async () => {
    const first = (await h.scim(token, 'GET', '/Users?cursor=&count=3')).json();
    expect(first.itemsPerPage).toBe(3);
    expect(first.previousCursor).toBeUndefined();
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_.-]+$/);
    const second = (await h.scim(token, 'GET', `/Users?cursor=${first.nextCursor}&count=3`)).json();
    expect(second.itemsPerPage).toBe(1);
    expect(second.nextCursor).toBeUndefined();
    const seen = [...userNames(first), ...userNames(second)];
    expect(seen).toEqual(['bjensen', 'jsmith', 'Adoe', 'zed']);
    const back = (await h.scim(token, 'GET', `/Users?cursor=${second.previousCursor}&count=3`)).json();
    expect(userNames(back)).toEqual(userNames(first));
  });

  it('follows a sorted cursor too, and through POST .search', async () => {
    const first = (await h.scim(token, 'POST', '/Users/.search', { schemas: [SEARCH], sortBy: 'userName', cursor: '', count: 2 })).json();
    const second = (await h.scim(token, 'POST', '/Users/.search', { schemas: [SEARCH], sortBy: 'userName', cursor: first.nextCursor, count: 2 })).json();
    expect([...userNames(first), ...userNames(second)]).toEqual(['Adoe', 'bjensen', 'jsmith', 'zed']);
  });

  it('refuses forged, edited, foreign and mis-sized cursors with the RFC 9865 scimTypes', async () => {
    const { nextCursor } = (await h.scim(token, 'GET', '/Users?cursor=&count=1')).json();
    const [body, mac] = nextCursor.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const edited = `${Buffer.from(JSON.stringify({ ...payload, p: 0 })).toString('base64url')}.${mac}`;
    const cases: [string, number, string][] = [
      [`/Users?cursor=garbage&count=1`, 400, 'invalidCursor'],
      [`/Users?cursor=${edited}&count=1`, 400, 'invalidCursor'],
      [`/Users?cursor=${nextCursor}&count=1&filter=${encodeURIComponent('userName pr')}`, 400, 'invalidCursor'],
      [`/Users?cursor=${nextCursor}&count=2`, 400, 'invalidCount'],
      [`/Users?cursor=&count=5000`, 400, 'invalidCount'],
      [`/Users?cursor=&startIndex=2`, 400, 'invalidValue'],
    ];
    for (const [path, status, scimType] of cases) {
      const res = await h.scim(token, 'GET', path);
      expect(res.statusCode, path).toBe(status);
      expect(res.json().scimType, path).toBe(scimType);
    }
    const other = await h.org('cursor-other');
    const foreign = await h.scim(other.token, 'GET', `/Users?cursor=${nextCursor}&count=1`);
    expect(foreign.json().scimType).toBe('invalidCursor');
  });

  it('expires cursors after the advertised timeout', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const timed = await harness({ now: () => new Date(now) });
    const org = await timed.org('cursor-time');
    for (const n of ['a', 'b']) await timed.scim(org.token, 'POST', '/Users', newUser(n));
    const { nextCursor } = (await timed.scim(org.token, 'GET', '/Users?cursor=&count=1')).json();
    const spc = (await timed.scim(org.token, 'GET', '/ServiceProviderConfig')).json();
    now += (spc.pagination.cursorTimeout + 1) * 1000;
    const res = await timed.scim(org.token, 'GET', `/Users?cursor=${nextCursor}&count=1`);
    expect(res.json().scimType).toBe('expiredCursor');
    await timed.close();
  });
});

describe('index paging through the seq buckets', () => {
  it('returns the same pages as a plain walk, across deletions', async () => {
    const org = await h.org('buckets-co');
    const created: string[] = [];
    for (let i = 0; i < 60; i++) created.push((await h.scim(org.token, 'POST', '/Users', newUser(`b${i}@example.com`))).json().id);
    for (const i of [0, 7, 8, 30, 59]) await h.scim(org.token, 'DELETE', `/Users/${created[i]}`);
    const alive = created.filter((_, i) => ![0, 7, 8, 30, 59].includes(i));
    const walked: string[] = [];
    for (let start = 1; start <= 60; start += 7) {
      const page = (await h.scim(org.token, 'GET', `/Users?startIndex=${start}&count=7`)).json();
      expect(page.totalResults).toBe(55);
      walked.push(...page.Resources.map((r: { id: string }) => r.id));
    }
    expect(walked).toEqual(alive);
  });
});

describe('ServiceProviderConfig', () => {
  it('advertises sort and both paging methods, index by default', async () => {
    const spc = (await h.scim(token, 'GET', '/ServiceProviderConfig')).json();
    expect(spc.sort.supported).toBe(true);
    expect(spc.pagination).toEqual({ cursor: true, index: true, defaultPaginationMethod: 'index', defaultPageSize: 100, maxPageSize: 1000, cursorTimeout: 3600 });
    const plain = (await h.scim(token, 'GET', '/Users')).json();
    expect(plain.startIndex).toBe(1);
    expect(plain.nextCursor).toBeUndefined();
  });
});

describe('review findings', () => {
  it('folds non-ASCII case in filters on document attributes', async () => {
    const res = await h.scim(token, 'POST', '/Users', newUser('mueller', { name: { familyName: 'MÜLLER' }, title: 'ÉLAN' }));
    expect(res.statusCode).toBe(201);
    for (const filter of ['name.familyName eq "müller"', 'name.familyName co "üll"', 'title sw "éla"']) {
      const found = (await h.scim(token, 'GET', `/Users?filter=${encodeURIComponent(filter)}`)).json();
      expect(userNames(found), filter).toEqual(['mueller']);
    }
    await h.scim(token, 'DELETE', `/Users/${res.json().id}`);
  });

  it('excluding a sub-attribute of members or groups keeps the rest of the list', async () => {
    const groupsRes = (await h.scim(token, 'GET', '/Groups?filter=displayName%20eq%20%22Sales%22&excludedAttributes=members.display')).json();
    expect(groupsRes.Resources[0].members).toHaveLength(2);
    expect(groupsRes.Resources[0].members[0].display).toBeUndefined();
    const usersRes = (await h.scim(token, 'GET', `/Users/${ids['jsmith']}?excludedAttributes=groups.display`)).json();
    expect(usersRes.groups).toHaveLength(1);
    expect(usersRes.groups[0].display).toBeUndefined();
  });

  it('refuses /.search attributes that no resource type has', async () => {
    const res = await h.scim(token, 'POST', '/.search', { schemas: [SEARCH], attributes: ['bogus'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().scimType).toBe('invalidValue');
    const ok = (await h.scim(token, 'POST', '/.search', { schemas: [SEARCH], attributes: ['members'], filter: 'displayName eq "Sales"' })).json();
    expect(ok.Resources[0].members).toHaveLength(2);
  });

  it('refuses a blank userName and a group that contains itself; OPTIONS answers 405', async () => {
    expect((await h.scim(token, 'POST', '/Users', newUser('   '))).statusCode).toBe(400);
    const group = (await h.scim(token, 'POST', '/Groups', newGroup('Loop'))).json();
    const self = await h.scim(token, 'PATCH', `/Groups/${group.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: group.id, type: 'Group' }] }],
    });
    expect(self.statusCode).toBe(400);
    expect((await h.scim(token, 'PUT', `/Groups/${group.id}`, newGroup('Loop', [group.id]))).statusCode).toBe(400);
    const options = await h.scim(token, 'OPTIONS', '/Users');
    expect(options.statusCode).toBe(405);
    expect(options.headers['allow']).toBe('GET, POST');
  });

  it('restores a deactivated person on POST only when the userName matches too', async () => {
    const first = (await h.scim(token, 'POST', '/Users', newUser('restore-me', { externalId: 'r-1', active: false, title: 'Kept?' }))).json();
    const other = await h.scim(token, 'POST', '/Users', newUser('someone-else', { externalId: 'r-1' }));
    expect(other.statusCode).toBe(201);
    expect(other.json().id).not.toBe(first.id);
    expect((await h.scim(token, 'GET', `/Users/${first.id}`)).json()).toMatchObject({ userName: 'restore-me', active: false, title: 'Kept?' });
    const same = await h.scim(token, 'POST', '/Users', newUser('RESTORE-ME', { externalId: 'r-1' }));
    expect(same.json().id).toBe(first.id);
    expect(same.json().active).toBe(true);
  });
});
