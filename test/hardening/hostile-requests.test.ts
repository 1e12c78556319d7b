// Hostile and unusual requests under /scim/v2 (invalid UTF-8, odd URLs, bodiless DELETEs) each get a SCIM error or the
// normal answer, on either engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, newUser, type Harness } from '../support/scim-harness.js';

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await harness();
  ({ token } = await h.org('hostile'));
});
afterAll(() => h.close());

function expectScimError(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, scimType?: string) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/scim\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(body['schemas']).toEqual([ERROR_SCHEMA]);
  expect(body['status']).toBe(String(status));
  if (scimType !== undefined) expect(body['scimType']).toBe(scimType);
}

const rawPost = (body: Buffer, contentType = 'application/scim+json') =>
  h.app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload: body });

describe('invalid UTF-8 in a body is refused, never stored with replacement characters', () => {
  const json = (userNameBytes: Buffer) => Buffer.concat([Buffer.from('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a'), userNameBytes, Buffer.from('"}')]);
  it.each([
    ['a lone \\xff\\xfe', Buffer.from([0xff, 0xfe])],
    ['an overlong \\xc0\\xaf', Buffer.from([0xc0, 0xaf])],
    ['a truncated sequence', Buffer.from([0xe2, 0x82])],
    ['an encoded surrogate \\xed\\xa0\\x80', Buffer.from([0xed, 0xa0, 0x80])],
  ])('%s gets 400 invalidSyntax', async (_name, bytes) => {
    const res = await rawPost(json(bytes));
    expectScimError(res, 400, 'invalidSyntax');
    const list = await h.scim(token, 'GET', '/Users?count=100');
    expect(JSON.stringify(list.json())).not.toContain('\ufffd');
  });
  it('a body declared in another charset gets 415', async () => {
    const res = await rawPost(Buffer.from('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"caf\xe9"}', 'latin1'), 'application/scim+json; charset=iso-8859-1');
    expectScimError(res, 415);
  });
  it('charset=utf-8 (any case) and valid multi-byte text are accepted', async () => {
    const res = await rawPost(Buffer.from(JSON.stringify(newUser('josé-ünïcødé-😀'))), 'application/scim+json; charset=UTF-8');
    expect(res.statusCode).toBe(201);
    expect(res.json().userName).toBe('josé-ünïcødé-😀');
  });
});

describe('odd URLs under /scim/v2 get SCIM errors', () => {
  it('an id longer than the router allows is a SCIM 404', async () => {
    expectScimError(await h.scim(token, 'GET', `/Users/${'a'.repeat(500)}`), 404);
  });
  it('an id that is not valid percent-encoding is a SCIM 404', async () => {
    expectScimError(await h.scim(token, 'GET', '/Users/%ff'), 404);
    expectScimError(await h.scim(token, 'DELETE', '/Groups/%E0%A4%A'), 404);
  });
  it('a bad URL without a token is still a SCIM error', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/scim/v2/Users/%ff' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().schemas).toEqual([ERROR_SCHEMA]);
  });
});

describe('DELETE with a Content-Type and no body', () => {
  it('deletes (204): some clients always send the header', async () => {
    const created = await h.scim(token, 'POST', '/Users', newUser('bodiless.delete'));
    expect(created.statusCode).toBe(201);
    const res = await h.app.inject({
      method: 'DELETE',
      url: `/scim/v2/Users/${created.json().id}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    });
    expect(res.statusCode).toBe(204);
    expect((await h.scim(token, 'GET', `/Users/${created.json().id}`)).statusCode).toBe(404);
  });
  it('a GET with a Content-Type and no body answers normally', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/scim/v2/Users', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' } });
    expect(res.statusCode).toBe(200);
  });
  it('a POST with no body is still refused as empty', async () => {
    expectScimError(await rawPost(Buffer.alloc(0)), 400, 'invalidSyntax');
  });
});
