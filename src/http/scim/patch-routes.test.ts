// PATCH and ETags over HTTP: RFC 7644 sections 3.5.2 and 3.14, as scenario rows, plus the tenant row.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { groupBody, patchBody, startScimApp, userBody, type ScimTestApp, type TestOrg } from '../../../test/support/scim-app.js';

let scim: ScimTestApp;
let a: TestOrg;
let b: TestOrg;
beforeAll(async () => {
  scim = await startScimApp();
  a = await scim.newOrg('org-a');
  b = await scim.newOrg('org-b');
});
afterAll(async () => scim.close());

const create = async (org: TestOrg, path: string, body: unknown) => {
  const response = await org.send('POST', path, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; meta: { version: string } };
};
let n = 0;
const newUser = (org: TestOrg, extra: Record<string, unknown> = {}) => create(org, '/Users', userBody(`person${++n}@example.com`, extra));

describe('PATCH /Users/:id', () => {
  it('answers 200 with the resource and a new ETag', async () => {
    const user = await newUser(a);
    const response = await a.send('PATCH', `/Users/${user.id}`, patchBody({ op: 'replace', path: 'title', value: 'Guide' }));
    expect(response.statusCode).toBe(200);
    expect(response.json().title).toBe('Guide');
    expect(response.headers.etag).toBe('W/"2"');
    expect(response.json().meta.version).toBe('W/"2"');
  });

  it.each<[string, unknown, number, string | undefined]>([
    ['readOnly id', patchBody({ op: 'replace', path: 'id', value: 'x' }), 400, 'mutability'],
    ['unknown attribute', patchBody({ op: 'replace', path: 'shoeSize', value: 1 }), 400, 'invalidPath'],
    ['remove without path', patchBody({ op: 'remove' }), 400, 'noTarget'],
    ['filter that matches nothing', patchBody({ op: 'replace', path: 'emails[value co "zzz"].type', value: 'work' }), 400, 'noTarget'],
    ['wrong type after patch', patchBody({ op: 'replace', path: 'active', value: 'maybe' }), 400, 'invalidValue'],
    ['removing the required userName', patchBody({ op: 'remove', path: 'userName' }), 400, 'invalidValue'],
    ['empty Operations', patchBody(), 400, 'invalidValue'],
    ['not a PatchOp', { Operations: [] }, 400, 'invalidSyntax'],
  ])('%s -> %i %s, nothing written', async (_name, body, status, scimType) => {
    const user = await newUser(a, { emails: [{ value: 'x@example.com', type: 'home' }] });
    const response = await a.send('PATCH', `/Users/${user.id}`, body);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().scimType).toBe(scimType);
    expect((await a.send('GET', `/Users/${user.id}`)).json().meta.version).toBe('W/"1"');
  });

  it('applies all operations or none (RFC 7644 section 3.5.2)', async () => {
    const user = await newUser(a);
    const response = await a.send(
      'PATCH',
      `/Users/${user.id}`,
      patchBody({ op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }),
    );
    expect(response.statusCode).toBe(400);
    const after = (await a.send('GET', `/Users/${user.id}`)).json();
    expect([after.displayName, after.meta.version]).toEqual([undefined, 'W/"1"']);
  });

  it('a userName taken by another person is 409 uniqueness', async () => {
    const first = await newUser(a);
    const second = await newUser(a);
    const taken = (await a.send('GET', `/Users/${first.id}`)).json().userName.toUpperCase();
    const response = await a.send('PATCH', `/Users/${second.id}`, patchBody({ op: 'replace', path: 'userName', value: taken }));
    expect([response.statusCode, response.json().scimType]).toEqual([409, 'uniqueness']);
  });

  it('applies the operations to the document as storage locked it, so a write that landed first is kept (no If-Match)', async () => {
    const user = await newUser(a);
    const store = scim.services.store.users;
    const realReplace = store.replace.bind(store);
    const get = vi.spyOn(store, 'get');
    const spy = vi.spyOn(store, 'replace').mockImplementation(async (orgId, id, doc, expected, change) => {
      if (typeof doc === 'function') {
        // A concurrent PUT commits just before this PATCH takes the row lock.
        const current = (await realReplace(orgId, id, (u) => ({ ...u.doc, nickName: 'Concurrent' }), undefined, { at: new Date().toISOString(), client: 'race' }))!;
        expect(current.version).toBe(2);
      }
      return realReplace(orgId, id, doc, expected, change);
    });
    try {
      const response = await a.send('PATCH', `/Users/${user.id}`, patchBody({ op: 'replace', path: 'title', value: 'Mine' }));
      expect(response.statusCode).toBe(200);
      expect([response.json().title, response.json().nickName, response.json().meta.version]).toEqual(['Mine', 'Concurrent', 'W/"3"']);
      // Nothing reads this user outside the write transaction. The activity recorder's batch of earlier tests' requests may
      // flush meanwhile (500 ms timer) and look up their targets, other users; this PATCH's own entry is looked up only later.
      expect(get.mock.calls.filter(([orgId, id]) => orgId === a.orgId && id === user.id)).toEqual([]);
    } finally {
      spy.mockRestore();
      get.mockRestore();
    }
  });
});

describe('ETags (RFC 7644 section 3.14)', () => {
  it.each(['PATCH', 'PUT', 'DELETE'])('%s with a stale If-Match is 412 and writes nothing', async (method) => {
    const user = await newUser(a);
    await a.send('PATCH', `/Users/${user.id}`, patchBody({ op: 'replace', path: 'title', value: 'v2' }));
    const body = method === 'PATCH' ? patchBody({ op: 'replace', path: 'title', value: 'v3' }) : method === 'PUT' ? userBody('renamed@example.com') : undefined;
    const response = await a.send(method, `/Users/${user.id}`, body, { 'if-match': 'W/"1"' });
    expect(response.statusCode).toBe(412);
    const current = await a.send('GET', `/Users/${user.id}`);
    expect([current.statusCode, current.json().title]).toEqual([200, 'v2']);
  });

  it.each(['W/"1"', '"1"', '*'])('PATCH with If-Match %s on version 1 succeeds', async (tag) => {
    const user = await newUser(a);
    const response = await a.send('PATCH', `/Users/${user.id}`, patchBody({ op: 'replace', path: 'title', value: 'ok' }), { 'if-match': tag });
    expect(response.statusCode).toBe(200);
  });

  it('group PATCH honours If-Match on the member fast path', async () => {
    const member = await newUser(a);
    const group = await create(a, '/Groups', groupBody('etag-group'));
    const add = patchBody({ op: 'add', path: 'members', value: [{ value: member.id }] });
    expect((await a.send('PATCH', `/Groups/${group.id}`, add, { 'if-match': 'W/"7"' })).statusCode).toBe(412);
    const ok = await a.send('PATCH', `/Groups/${group.id}`, add, { 'if-match': 'W/"1"' });
    expect([ok.statusCode, ok.headers.etag]).toEqual([204, 'W/"2"']);
  });

  it.each<[string, string, number]>([
    ['the current weak tag', 'W/"1"', 304],
    ['the current strong-form tag', '"1"', 304],
    ['a list holding it', 'W/"9", W/"1"', 304],
    ['*', '*', 304],
    ['an old tag', 'W/"0"', 200],
  ])('GET with If-None-Match %s -> %i', async (_name, tag, status) => {
    const user = await newUser(a);
    const group = await create(a, '/Groups', groupBody(`g-${tag}`));
    for (const path of [`/Users/${user.id}`, `/Groups/${group.id}`]) {
      const response = await a.send('GET', path, undefined, { 'if-none-match': tag });
      expect(response.statusCode).toBe(status);
      expect(response.headers.etag).toBe('W/"1"');
      if (status === 304) expect(response.body).toBe('');
    }
  });
});

describe('PATCH /Groups/:id', () => {
  it('answers 204 with an ETag, or 200 with the group when `attributes` asks for a body', async () => {
    const group = await create(a, '/Groups', groupBody('rename-me'));
    const rename = patchBody({ op: 'replace', path: 'displayName', value: 'Renamed' });
    const quiet = await a.send('PATCH', `/Groups/${group.id}`, rename);
    expect([quiet.statusCode, quiet.body, quiet.headers.etag]).toEqual([204, '', 'W/"2"']);
    const loud = await a.send('PATCH', `/Groups/${group.id}?attributes=displayName`, rename);
    expect([loud.statusCode, loud.json().displayName]).toEqual([200, 'Renamed']);
  });

  it('an unknown member id is 400 invalidValue and changes nothing', async () => {
    const member = await newUser(a);
    const group = await create(a, '/Groups', groupBody('strict'));
    const response = await a.send(
      'PATCH',
      `/Groups/${group.id}`,
      patchBody({ op: 'replace', path: 'displayName', value: 'Half' }, { op: 'add', path: 'members', value: [{ value: member.id }, { value: 'nobody' }] }),
    );
    expect([response.statusCode, response.json().scimType]).toEqual([400, 'invalidValue']);
    const after = (await a.send('GET', `/Groups/${group.id}`)).json();
    expect([after.displayName, after.members, after.meta.version]).toEqual(['strict', [], 'W/"1"']);
  });

  it('more than the advertised members per PATCH is 413 tooLarge', async () => {
    const group = await create(a, '/Groups', groupBody('too-many'));
    const value = Array.from({ length: 1001 }, (_, i) => ({ value: `u${i}` }));
    const response = await a.send('PATCH', `/Groups/${group.id}`, patchBody({ op: 'add', path: 'members', value }));
    expect([response.statusCode, response.json().scimType]).toEqual([413, 'tooLarge']);
    const schema = (await a.send('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group')).json();
    expect(schema.attributes.find((x: { name: string }) => x.name === 'members').description).toContain('1000');
  });

  it('a filter on display falls back to the whole document and still works', async () => {
    const member = await newUser(a, { displayName: 'Dee' });
    const group = await create(a, '/Groups', groupBody('by-display', [member.id]));
    const response = await a.send('PATCH', `/Groups/${group.id}`, patchBody({ op: 'remove', path: 'members[display eq "Dee"]' }));
    expect(response.statusCode).toBe(204);
    expect((await a.send('GET', `/Groups/${group.id}`)).json().members).toEqual([]);
  });

  it('a member that is a group is found without a type', async () => {
    const inner = await create(a, '/Groups', groupBody('inner'));
    const outer = await create(a, '/Groups', groupBody('outer'));
    const response = await a.send('PATCH', `/Groups/${outer.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: inner.id }] }));
    expect(response.statusCode).toBe(204);
    expect((await a.send('GET', `/Groups/${outer.id}`)).json().members[0]).toMatchObject({ value: inner.id, type: 'Group' });
  });

  it('deleting a user removes it from every group', async () => {
    const member = await newUser(a);
    const g1 = await create(a, '/Groups', groupBody('d1', [member.id]));
    const g2 = await create(a, '/Groups', groupBody('d2', [member.id]));
    expect((await a.send('DELETE', `/Users/${member.id}`)).statusCode).toBe(204);
    for (const g of [g1, g2]) expect((await a.send('GET', `/Groups/${g.id}`)).json().members).toEqual([]);
  });
});

describe("org A's token against org B's resources", () => {
  it.each<[string, (ids: { user: string; group: string }) => [string, string, unknown], number]>([
    ['PATCH a user', (ids) => ['PATCH', `/Users/${ids.user}`, patchBody({ op: 'replace', path: 'active', value: false })], 404],
    ['PATCH a group', (ids) => ['PATCH', `/Groups/${ids.group}`, patchBody({ op: 'replace', path: 'displayName', value: 'pwned' })], 404],
    ['PATCH a group member', (ids) => ['PATCH', `/Groups/${ids.group}`, patchBody({ op: 'remove', path: `members[value eq "${ids.user}"]` })], 404],
    ['GET with If-None-Match', (ids) => ['GET', `/Users/${ids.user}`, undefined], 404],
  ])('%s -> %i, and org B is unchanged', async (_name, request, status) => {
    const user = await newUser(b);
    const group = await create(b, '/Groups', groupBody('b-group', [user.id]));
    const [method, path, body] = request({ user: user.id, group: group.id });
    expect((await a.send(method, path, body, { 'if-none-match': '*' })).statusCode).toBe(status);
    const after = (await b.send('GET', `/Groups/${group.id}`)).json();
    expect([after.displayName, after.members.length, after.meta.version]).toEqual(['b-group', 1, 'W/"1"']);
    expect((await b.send('GET', `/Users/${user.id}`)).json().active).toBeUndefined();
  });

  it("adding org B's user to org A's group is 400 invalidValue", async () => {
    const outsider = await newUser(b);
    const group = await create(a, '/Groups', groupBody('a-group'));
    const response = await a.send('PATCH', `/Groups/${group.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: outsider.id }] }));
    expect([response.statusCode, response.json().scimType]).toEqual([400, 'invalidValue']);
  });
});

describe('discovery tells the truth', () => {
  it('ServiceProviderConfig advertises patch, etag and bulk limits; PATCH is no longer 405', async () => {
    const config = (await a.send('GET', '/ServiceProviderConfig')).json();
    expect([config.patch.supported, config.etag.supported]).toEqual([true, true]);
    expect(config.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 4 * 1024 * 1024 });
    const user = await newUser(a);
    expect((await a.send('PATCH', `/Users/${user.id}`, patchBody({ op: 'add', path: 'title', value: 'x' }))).statusCode).toBe(200);
    const collection = await a.send('PATCH', '/Users', patchBody({ op: 'add', path: 'title', value: 'x' }));
    expect([collection.statusCode, collection.headers.allow]).toEqual([405, 'GET, POST']);
  });
});
