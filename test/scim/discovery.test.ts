// Discovery endpoints tell the truth: schemas come from the registry validation uses, and each
// ServiceProviderConfig flag matches what the endpoints really do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCHEMAS } from '../../src/scim/schema/resource-types.js';
import { harness, newUser, type Harness } from '../support/scim-harness.js';

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await harness();
  token = (await h.org('discovery-co')).token;
});
afterAll(() => h.close());

describe('discovery', () => {
  it('lists every schema of the registry, with attribute characteristics', async () => {
    const res = await h.scim(token, 'GET', '/Schemas');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.totalResults).toBe(ALL_SCHEMAS.length);
    const user = body.Resources.find((s: { id: string }) => s.id === 'urn:ietf:params:scim:schemas:core:2.0:User');
    const userName = user.attributes.find((a: { name: string }) => a.name === 'userName');
    expect(userName).toMatchObject({ type: 'string', required: true, caseExact: false, uniqueness: 'server' });
    const password = user.attributes.find((a: { name: string }) => a.name === 'password');
    expect(password).toMatchObject({ returned: 'never', mutability: 'writeOnly' });
    const one = await h.scim(token, 'GET', `/Schemas/${encodeURIComponent(user.id)}`);
    expect(one.json().attributes).toEqual(user.attributes);
  });

  it('describes Users with the enterprise extension and Groups', async () => {
    const res = (await h.scim(token, 'GET', '/ResourceTypes')).json();
    expect(res.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    expect(res.Resources[0]).toMatchObject({
      endpoint: '/Users',
      schemaExtensions: [{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }],
    });
    expect((await h.scim(token, 'GET', '/ResourceTypes/Group')).json().endpoint).toBe('/Groups');
    expect((await h.scim(token, 'GET', '/ResourceTypes/Nope')).statusCode).toBe(404);
  });

  it('every attribute the schema declares readWrite is accepted by validation, and nothing else', async () => {
    const user = (await h.scim(token, 'GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).json();
    for (const attribute of user.attributes as { name: string; type: string; mutability: string; multiValued: boolean }[]) {
      if (attribute.type !== 'string' || attribute.multiValued || attribute.name === 'userName') continue;
      const res = await h.scim(token, 'POST', '/Users', newUser(`${attribute.name}@example.com`, { [attribute.name]: 'x' }));
      expect(res.statusCode, attribute.name).toBe(201);
    }
  });

  it('ServiceProviderConfig matches behaviour', async () => {
    const spc = (await h.scim(token, 'GET', '/ServiceProviderConfig')).json();
    expect(spc.authenticationSchemes[0].type).toBe('oauthbearertoken');
    expect(spc.filter.supported).toBe(true);
    const page = await h.scim(token, 'GET', `/Users?count=${spc.filter.maxResults + 10}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().itemsPerPage).toBeLessThanOrEqual(spc.filter.maxResults);
    const patch = await h.scim(token, 'PATCH', '/Users/x', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [] });
    expect(patch.statusCode === 405).toBe(!spc.patch.supported);
    const bulk = await h.scim(token, 'POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] });
    expect(bulk.statusCode === 404).toBe(!spc.bulk.supported);
  });
});
