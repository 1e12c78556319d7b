// /Users over HTTP: create, read, list, filter, replace, delete, and every bad input answered with the RFC error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTERPRISE, harness, newUser, USER_SCHEMA, type Harness } from '../support/scim-harness.js';

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await harness();
  token = (await h.org('users-co')).token;
});
afterAll(() => h.close());

describe('POST /Users', () => {
  it('creates a user with the enterprise extension and complete meta', async () => {
    const res = await h.scim(token, 'POST', '/Users', {
      schemas: [USER_SCHEMA, ENTERPRISE],
      userName: 'Carol@Example.com',
      externalId: 'ext-carol',
      name: { givenName: 'Carol', familyName: 'Diaz' },
      emails: [{ value: 'carol@example.com', type: 'work', primary: true }],
      [ENTERPRISE]: { department: 'Sales', manager: { value: 'm-1' } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    const body = res.json();
    expect(body.schemas).toEqual([USER_SCHEMA, ENTERPRISE]);
    expect(body[ENTERPRISE]).toEqual({ department: 'Sales', manager: { value: 'm-1' } });
    expect(body.meta).toEqual({
      resourceType: 'User',
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastModified: body.meta.created,
      location: `https://rollcall.test/scim/v2/Users/${body.id}`,
      version: 'W/"1"',
    });
    expect(res.headers['etag']).toBe('W/"1"');
    const read = await h.scim(token, 'GET', `/Users/${body.id}`);
    expect(read.json()).toEqual(body);
  });

  it('accepts application/json and case-insensitive attribute names', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/scim/v2/Users',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ schemas: [USER_SCHEMA], USERNAME: 'dave@example.com', Name: { GivenName: 'Dave' } }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ userName: 'dave@example.com', name: { givenName: 'Dave' } });
  });

  it('refuses a userName that differs only in case with 409 uniqueness', async () => {
    const res = await h.scim(token, 'POST', '/Users', newUser('CAROL@example.COM'));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: expect.stringContaining('CAROL@example.COM'),
    });
  });

  const badBodies: [string, unknown, number, string | undefined][] = [
    ['malformed JSON', '{"schemas": [', 400, 'invalidSyntax'],
    ['empty body', '', 400, 'invalidSyntax'],
    ['a JSON array', [], 400, 'invalidSyntax'],
    ['no schemas', { userName: 'x@example.com' }, 400, 'invalidSyntax'],
    ['the Group schema', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], userName: 'x@example.com' }, 400, 'invalidSyntax'],
    ['no userName', { schemas: [USER_SCHEMA], displayName: 'X' }, 400, 'invalidValue'],
    ['a numeric userName', { schemas: [USER_SCHEMA], userName: 42 }, 400, 'invalidValue'],
    ['a string for active', { schemas: [USER_SCHEMA], userName: 'x@example.com', active: 'yes' }, 400, 'invalidValue'],
    ['emails as an object', { schemas: [USER_SCHEMA], userName: 'x@example.com', emails: { value: 'x' } }, 400, 'invalidValue'],
    [
      'two primary emails',
      { schemas: [USER_SCHEMA], userName: 'x@example.com', emails: [{ value: 'a@x.com', primary: true }, { value: 'b@x.com', primary: true }] },
      400,
      'invalidValue',
    ],
    ['an unknown attribute', { schemas: [USER_SCHEMA], userName: 'x@example.com', shoeSize: 44 }, 400, 'invalidSyntax'],
    ['an unknown sub-attribute', { schemas: [USER_SCHEMA], userName: 'x@example.com', name: { nick: 'x' } }, 400, 'invalidSyntax'],
  ];
  it.each(badBodies)('answers %s with %i %s and writes nothing', async (_label, body, status, scimType) => {
    const before = (await h.scim(token, 'GET', '/Users?count=0')).json().totalResults;
    const res = await h.scim(token, 'POST', '/Users', body);
    expect(res.statusCode).toBe(status);
    expect(res.json().scimType).toBe(scimType);
    expect(res.json().detail).toEqual(expect.any(String));
    expect((await h.scim(token, 'GET', '/Users?count=0')).json().totalResults).toBe(before);
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/scim/v2/Users',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      payload: 'userName=x',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await h.scim(token, 'POST', '/Users', newUser('big@example.com', { nickName: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().scimType).toBe('tooLarge');
  });
});

describe('GET /Users', () => {
  it('pages in a stable order with numeric totals and the RFC edge cases', async () => {
    const { token: t } = await h.org('paging-co');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await h.scim(t, 'POST', '/Users', newUser(`p${i}@example.com`))).json().id);
    const page = async (q: string) => (await h.scim(t, 'GET', `/Users?${q}`)).json();
    const first = await page('startIndex=1&count=3');
    expect(first).toMatchObject({ totalResults: 7, startIndex: 1, itemsPerPage: 3 });
    const second = await page('startIndex=4&count=3');
    const third = await page('startIndex=7&count=3');
    const seen = [...first.Resources, ...second.Resources, ...third.Resources].map((r: { id: string }) => r.id);
    expect(seen).toEqual(ids);
    expect(await page('startIndex=0&count=2')).toMatchObject({ startIndex: 1, itemsPerPage: 2 });
    expect(await page('count=0')).toMatchObject({ totalResults: 7, itemsPerPage: 0, Resources: [] });
    expect(await page('count=-5')).toMatchObject({ totalResults: 7, itemsPerPage: 0 });
    expect(await page('startIndex=50')).toMatchObject({ totalResults: 7, startIndex: 50, itemsPerPage: 0 });
    const bad = await h.scim(t, 'GET', '/Users?count=ten');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().scimType).toBe('invalidValue');
  });

  const filterRows: [string, string, number][] = [
    ['userName, case-insensitively', 'userName eq "carol@EXAMPLE.com"', 1],
    ['externalId, exactly', 'externalId eq "ext-carol"', 1],
    ['externalId in another case', 'externalId eq "EXT-CAROL"', 0],
    ['displayName', 'displayName eq "nobody"', 0],
    ["Entra's random GUID probe", 'userName eq "6e5c5ff5-9e0c-4cc6-9d1f-2a3c0f1ab7a1"', 0],
    ['a URN-qualified attribute', 'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "dave@example.com"', 1],
    ['an escaped quote', 'userName eq "a\\"b"', 0],
  ];
  it.each(filterRows)('filters on %s', async (_label, filter, expected) => {
    const res = await h.scim(token, 'GET', `/Users?filter=${encodeURIComponent(filter)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().totalResults).toBe(expected);
    expect(res.json().Resources).toHaveLength(expected);
  });

  it.each([['userName eq'], ['shoeSize eq "44"'], ['userName eq "unterminated']])('rejects the filter %s with invalidFilter', async (filter) => {
    const res = await h.scim(token, 'GET', `/Users?filter=${encodeURIComponent(filter)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().scimType).toBe('invalidFilter');
  });

  it('answers an unknown id with 404 in the SCIM error shape', async () => {
    const res = await h.scim(token, 'GET', '/Users/00000000-0000-0000-0000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: '404', schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] });
  });
});

describe('PUT and DELETE /Users/:id', () => {
  it('replaces the whole user: omitted readWrite attributes are cleared, readOnly ones kept', async () => {
    const created = (
      await h.scim(token, 'POST', '/Users', newUser('erin@example.com', { displayName: 'Erin', title: 'Engineer', externalId: 'e-1' }))
    ).json();
    const res = await h.scim(token, 'PUT', `/Users/${created.id}`, {
      schemas: [USER_SCHEMA],
      id: 'attempt-to-change-id',
      userName: 'erin@example.com',
      displayName: 'Erin B.',
      meta: { created: '1999-01-01T00:00:00Z' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.id).toBe(created.id);
    expect(body.displayName).toBe('Erin B.');
    expect(body.title).toBeUndefined();
    expect(body.externalId).toBeUndefined();
    expect(body.meta.created).toBe(created.meta.created);
    expect(body.meta.version).toBe('W/"2"');
  });

  it('refuses a PUT that takes another userName with 409 and leaves the user unchanged', async () => {
    const frank = (await h.scim(token, 'POST', '/Users', newUser('frank@example.com'))).json();
    const res = await h.scim(token, 'PUT', `/Users/${frank.id}`, newUser('Carol@example.com'));
    expect(res.statusCode).toBe(409);
    expect((await h.scim(token, 'GET', `/Users/${frank.id}`)).json().userName).toBe('frank@example.com');
  });

  it('honours If-Match on PUT with 412 when the version moved on', async () => {
    const gina = (await h.scim(token, 'POST', '/Users', newUser('gina@example.com'))).json();
    const stale = await h.scim(token, 'PUT', `/Users/${gina.id}`, newUser('gina@example.com'), { 'if-match': 'W/"7"' });
    expect(stale.statusCode).toBe(412);
    const fresh = await h.scim(token, 'PUT', `/Users/${gina.id}`, newUser('gina@example.com'), { 'if-match': 'W/"1"' });
    expect(fresh.statusCode).toBe(200);
  });

  it('deletes a user: 204, then 404', async () => {
    const hank = (await h.scim(token, 'POST', '/Users', newUser('hank@example.com'))).json();
    expect((await h.scim(token, 'DELETE', `/Users/${hank.id}`)).statusCode).toBe(204);
    expect((await h.scim(token, 'GET', `/Users/${hank.id}`)).statusCode).toBe(404);
    expect((await h.scim(token, 'DELETE', `/Users/${hank.id}`)).statusCode).toBe(404);
  });
});

describe('methods and paths', () => {
  it.each([
    ['DELETE', '/Users'],
    ['PUT', '/Users'],
    ['POST', '/Users/some-id'],
    ['POST', '/ServiceProviderConfig'],
  ])('%s %s answers 405 with Allow', async (method, path) => {
    const res = await h.scim(token, method, path, method === 'DELETE' ? undefined : {});
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toEqual(expect.any(String));
    expect(res.json().status).toBe('405');
  });

  it('answers an unknown endpoint with a SCIM 404', async () => {
    const res = await h.scim(token, 'GET', '/Nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });
});

describe('attributes and excludedAttributes', () => {
  it('returns only the asked attributes plus id and schemas, on lists and single reads', async () => {
    const list = (await h.scim(token, 'GET', '/Users?filter=userName%20eq%20%22carol@example.com%22&attributes=userName,name.givenName')).json();
    expect(list.Resources[0]).toEqual({
      schemas: [USER_SCHEMA],
      id: expect.any(String),
      userName: 'Carol@Example.com',
      name: { givenName: 'Carol' },
    });
    const one = (await h.scim(token, 'GET', `/Users/${list.Resources[0].id}?excludedAttributes=emails,meta,${ENTERPRISE}`)).json();
    expect(one.emails).toBeUndefined();
    expect(one.meta).toBeUndefined();
    expect(one[ENTERPRISE]).toBeUndefined();
    expect(one.userName).toBe('Carol@Example.com');
  });

  it('applies to the body a POST answers with, and refuses unknown names before writing', async () => {
    const res = await h.scim(token, 'POST', '/Users?attributes=userName', newUser('proj@example.com', { title: 'T' }));
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json()).sort()).toEqual(['id', 'schemas', 'userName']);
    const bad = await h.scim(token, 'POST', '/Users?attributes=shoeSize', newUser('proj2@example.com'));
    expect(bad.statusCode).toBe(400);
    expect((await h.scim(token, 'GET', '/Users?filter=userName%20eq%20%22proj2@example.com%22')).json().totalResults).toBe(0);
  });
});
