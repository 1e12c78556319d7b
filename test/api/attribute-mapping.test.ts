// /api/v1/organizations/{id}/attribute-mapping: which SCIM attributes feed the directory user's `attributes`
// (department, title, manager, employee_id, custom keys): the built-in default, a mapping onto a declared extension,
// and refusals naming the path that does not exist. Runs on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, scimUser, type ApiHarness } from '../support/api-harness.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CUSTOM = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';

let h: ApiHarness;
let org: { id: string; token: string };
let userId: string;

beforeAll(async () => {
  h = await apiHarness();
  org = await h.scimOrg('Soylent');
  await h.api('PUT', `/organizations/${org.id}/schemas/${encodeURIComponent(CUSTOM)}?resource_type=User`, {
    id: CUSTOM,
    attributes: [{ name: 'costCode', type: 'string' }],
  });
  const created = await h.scim(org.token, 'POST', '/Users', {
    ...scimUser('sol@soylent.example'),
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE, CUSTOM],
    title: 'Chemist',
    name: { givenName: 'Sol', familyName: 'Roth' },
    phoneNumbers: [{ value: '+1 555 0100', type: 'work' }, { value: '+1 555 0199', type: 'mobile', primary: true }],
    [ENTERPRISE]: { department: 'Food science', employeeNumber: 'E-42', manager: { value: 'mgr-1' } },
    [CUSTOM]: { costCode: 'CC-7' },
  });
  if (created.statusCode !== 201) throw new Error(created.body);
  userId = created.json().id;
});
afterAll(() => h.close());

const attributesOf = async () => (await h.api('GET', `/organizations/${org.id}/users/${userId}`)).json().attributes;

describe('attribute mapping', () => {
  it('defaults to title and the enterprise extension, where Okta and Entra send them', async () => {
    expect((await h.api('GET', `/organizations/${org.id}/attribute-mapping`)).json()).toEqual({
      attributes: { department: `${ENTERPRISE}:department`, title: 'title', manager: `${ENTERPRISE}:manager.value`, employee_id: `${ENTERPRISE}:employeeNumber` },
      updated_at: null,
    });
    expect(await attributesOf()).toEqual({ department: 'Food science', title: 'Chemist', manager: 'mgr-1', employee_id: 'E-42' });
  });

  it('maps core, enterprise and declared-extension paths onto the keys the product chooses', async () => {
    const response = await h.api('PUT', `/organizations/${org.id}/attribute-mapping`, {
      attributes: {
        department: `${CUSTOM}:costCode`,
        title: 'title',
        employee_id: `${ENTERPRISE.toUpperCase().replace('URN:', 'urn:')}:EMPLOYEENUMBER`,
        given_name: 'name.givenName',
        phone: 'phoneNumbers.value',
        nickname: 'nickName',
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().updated_at).toEqual(expect.any(String));
    // A path is matched case-insensitively; of a multi-valued attribute the primary value counts; absent is null.
    expect(await attributesOf()).toEqual({ department: 'CC-7', title: 'Chemist', employee_id: 'E-42', given_name: 'Sol', phone: '+1 555 0199', nickname: null });
    const listed = (await h.api('GET', `/organizations/${org.id}/users`)).json().data[0];
    expect(listed.attributes.department).toBe('CC-7');
  });

  const refusals: [string, Record<string, unknown>, RegExp][] = [
    ['an attribute the schemas lack', { department: 'urn:example:undeclared:2.0:User:dept' }, /no attribute "urn:example:undeclared:2.0:User:dept"/],
    ['a misspelt core attribute', { title: 'titel' }, /no attribute "titel"/],
    ['a key that is not lower_snake_case', { 'Cost Code': 'title' }, /"Cost Code" is not a valid key/],
    ['a filter instead of a path', { email: 'emails[type eq "work"].value' }, /not a SCIM attribute path/],
  ];
  it.each(refusals)('refuses %s with a detail naming it', async (_name, attributes, detail) => {
    const response = await h.api('PUT', `/organizations/${org.id}/attribute-mapping`, { attributes });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(detail);
  });
});
