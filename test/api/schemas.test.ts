// /api/v1/organizations/{id}/schemas: declaring an extension with the CLI's JSON, reading, listing and removing it;
// the service's refusals as problem details; the declared extension live in that organization's SCIM discovery only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, scimUser, type ApiHarness } from '../support/api-harness.js';

const URN = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
const definition = {
  id: URN,
  name: 'CustomExtensionName',
  description: 'Custom extension attributes',
  attributes: [
    { name: 'CustomAttribute', type: 'string' },
    { name: 'level', type: 'integer' },
  ],
};
const path = (orgId: string, urn = URN, type = 'User') => `/organizations/${orgId}/schemas/${encodeURIComponent(urn)}?resource_type=${type}`;

let h: ApiHarness;
let org: { id: string; token: string };
let other: { id: string; token: string };

beforeAll(async () => {
  h = await apiHarness();
  org = await h.scimOrg('Contoso');
  other = await h.scimOrg('Fabrikam');
});
afterAll(() => h.close());

describe('PUT /organizations/{id}/schemas/{urn}', () => {
  it('declares with 201, redefines with 200, and SCIM discovery and writes see it', async () => {
    const created = await h.api('PUT', path(org.id), definition);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ urn: URN, resource_type: 'User', definition: { id: URN, attributes: [{ name: 'CustomAttribute' }, { name: 'level' }] } });

    const redefined = await h.api('PUT', path(org.id), { ...definition, attributes: [...definition.attributes, { name: 'remote', type: 'boolean' }] });
    expect(redefined.statusCode, redefined.body).toBe(200);
    expect(redefined.json().created_at).toBe(created.json().created_at);

    const schema = await h.scim(org.token, 'GET', `/Schemas/${URN}`);
    expect(schema.statusCode, schema.body).toBe(200);
    expect(schema.json().attributes.map((a: { name: string }) => a.name)).toEqual(['CustomAttribute', 'level', 'remote']);
    const user = await h.scim(org.token, 'POST', '/Users', {
      ...scimUser('ada@contoso.example'),
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', URN],
      [URN]: { CustomAttribute: 'blue', level: 3 },
    });
    expect(user.statusCode, user.body).toBe(201);
    expect(user.json()[URN]).toEqual({ CustomAttribute: 'blue', level: 3 });
    // The other organization declared nothing: its discovery does not show it.
    expect((await h.scim(other.token, 'GET', `/Schemas/${URN}`)).statusCode).toBe(404);
  });

  it('lists, reads (URN in any case) and deletes', async () => {
    const list = await h.api('GET', `/organizations/${org.id}/schemas`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ data: [{ urn: URN, resource_type: 'User' }], next: null });
    const one = await h.api('GET', `/organizations/${org.id}/schemas/${encodeURIComponent(URN.toLowerCase())}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().urn).toBe(URN);

    const group = 'urn:example:params:scim:schemas:extension:contoso:2.0:Group';
    expect((await h.api('PUT', path(org.id, group, 'Group'), { id: group, attributes: [{ name: 'costCenter', type: 'string' }] })).statusCode).toBe(201);
    expect((await h.api('DELETE', `/organizations/${org.id}/schemas/${encodeURIComponent(group)}`)).statusCode).toBe(204);
    const gone = await h.api('GET', `/organizations/${org.id}/schemas/${encodeURIComponent(group)}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(gone.json()).toMatchObject({ type: '/api/v1/problems/not-found', detail: expect.stringContaining(group) });
    expect((await h.api('DELETE', `/organizations/${org.id}/schemas/${encodeURIComponent(group)}`)).statusCode).toBe(404);
  });

  const refusals: [string, () => Promise<{ statusCode: number; json(): { type: string; detail: string } }>, number, string, RegExp][] = [
    ['an id that differs from the path URN', () => h.api('PUT', path(org.id, 'urn:example:other:2.0:User'), definition), 400, 'invalid-request', /does not match the URN/],
    ['an attribute of an unknown type', () => h.api('PUT', path(org.id), { id: URN, attributes: [{ name: 'x', type: 'colour' }] }), 400, 'invalid-request', /colour|type/],
    ['a resource type other than User or Group', () => h.api('PUT', path(org.id, URN, 'Device'), definition), 400, 'invalid-request', /resource_type/],
    ['no resource_type at all', () => h.api('PUT', `/organizations/${org.id}/schemas/${encodeURIComponent(URN)}`, definition), 400, 'invalid-request', /resource_type/],
    ['a body without attributes', () => h.api('PUT', path(org.id), { id: URN }), 400, 'invalid-request', /attributes/],
    ['the same URN for Group while declared for User', () => h.api('PUT', path(org.id, URN, 'Group'), definition), 409, 'conflict', /declared for User/],
    ['an unknown organization', () => h.api('PUT', path('org_missing'), definition), 404, 'not-found', /org_missing/],
    ["org B's id with org A's URN", () => h.api('GET', `/organizations/${other.id}/schemas/${encodeURIComponent(URN)}`), 404, 'not-found', /No schema extension/],
  ];
  it.each(refusals)('refuses %s with a problem that says why', async (_name, send, status, type, detail) => {
    const response = await send();
    expect(response.statusCode).toBe(status);
    expect(response.json().type).toBe(`/api/v1/problems/${type}`);
    expect(response.json().detail).toMatch(detail);
  });

  it('needs an API key', async () => {
    expect((await h.api('GET', `/organizations/${org.id}/schemas`, undefined, '')).statusCode).toBe(401);
  });
});
