// Requests identity providers document that Rollcall must answer as the RFC says (issue 12, item 10).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, newUser, type Harness } from '../support/scim-harness.js';

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await harness();
  token = (await h.org('interop-co')).token;
  await h.scim(token, 'POST', '/Users', newUser('roles@example.com', { roles: [{ value: 'Admin', primary: true }, { value: 'Reader' }] }));
});
afterAll(() => h.close());

describe('filters', () => {
  it.each(['roles[primary eq "True"].value', 'roles[primary eq "true"]', 'roles[primary eq "TRUE"]'])(
    'Entra\'s %s compares a boolean with a quoted "True" as true',
    async (filter) => {
      const res = await h.scim(token, 'GET', `/Users?filter=${encodeURIComponent(filter.replace('].value', ']'))}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().Resources.map((u: { userName: string }) => u.userName)).toEqual(['roles@example.com']);
    },
  );

  it('Entra\'s PATCH path roles[primary eq "True"].value replaces the primary role', async () => {
    const id = (await h.scim(token, 'POST', '/Users', newUser('roles2@example.com', { roles: [{ value: 'Admin', primary: true }] }))).json().id;
    const res = await h.scim(token, 'PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'roles[primary eq "True"].value', value: 'Owner' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual([{ value: 'Owner', primary: true }]);
  });

  it('still refuses a quoted string that is not a boolean', async () => {
    const res = await h.scim(token, 'GET', `/Users?filter=${encodeURIComponent('roles[primary eq "yes"]')}`);
    expect([res.statusCode, res.json().scimType]).toEqual([400, 'invalidFilter']);
  });
});

describe('discovery endpoints take no filter (RFC 7644 section 4)', () => {
  it.each(['/Schemas', '/ResourceTypes'])('%s?filter=... is 403', async (path) => {
    const res = await h.scim(token, 'GET', `${path}?filter=${encodeURIComponent('id eq "User"')}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });

  it.each(['/Schemas', '/ResourceTypes'])('%s without a filter still answers 200', async (path) => {
    expect((await h.scim(token, 'GET', path)).statusCode).toBe(200);
  });
});

describe('If-Match with a list of entity tags (RFC 9110 section 13.1.1)', () => {
  it.each([
    ['/Users', () => newUser(`list-${Math.random().toString(36).slice(2)}@example.com`)],
    ['/Groups', () => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `list-${Math.random().toString(36).slice(2)}` })],
  ])('%s: applies the write when one tag of the list is the current version, and answers 412 when none is', async (path, body) => {
    const created = await h.scim(token, 'POST', path, body());
    const { id } = created.json();
    const replace = { ...body(), id };
    const miss = await h.scim(token, 'PUT', `${path}/${id}`, replace, { 'if-match': 'W/"7", W/"9"' });
    expect([miss.statusCode, miss.json().scimType]).toEqual([412, undefined]);
    const hit = await h.scim(token, 'PUT', `${path}/${id}`, replace, { 'if-match': 'W/"7", W/"1"' });
    expect(hit.statusCode).toBe(200);
    expect(hit.headers.etag).toBe('W/"2"');
    const gone = await h.scim(token, 'DELETE', `${path}/${id}`, undefined, { 'if-match': '"5", W/"2"' });
    expect(gone.statusCode).toBe(204);
  });
});
