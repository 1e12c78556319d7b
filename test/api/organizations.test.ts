// /api/v1/organizations: create, look up by external_id, page, read, rename, delete (with its confirmation rule).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, scimUser, type ApiHarness } from '../support/api-harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await apiHarness();
});
afterAll(() => h.close());

const problem = (response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json() as { type: string; title: string; status: number; detail: string };
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^\/api\/v1\/problems\//), title: expect.any(String), detail: expect.any(String) });
  return body;
};

describe('organizations', () => {
  it('creates an organization without an owner, with a slug made from the name, and reads it back', async () => {
    const created = await h.api('POST', '/organizations', { name: 'Acme Corp', external_id: 'cust_1' });
    expect(created.statusCode).toBe(201);
    const org = created.json();
    expect(org).toMatchObject({ name: 'Acme Corp', slug: 'acme-corp', external_id: 'cust_1', scim_enabled: false, id: expect.any(String) });
    expect(created.headers['location']).toBe(`/api/v1/organizations/${org.id}`);
    expect((await h.api('GET', `/organizations/${org.id}`)).json()).toEqual(org);
    expect(await h.services.store.accounts.membershipsOf('none')).toEqual([]);
  });

  it('finds an organization by external_id, and answers an empty page for an unknown one', async () => {
    const found = await h.api('GET', '/organizations?external_id=cust_1');
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ data: [{ external_id: 'cust_1', name: 'Acme Corp' }], next: null });
    expect((await h.api('GET', '/organizations?external_id=nobody')).json()).toEqual({ data: [], next: null });
  });

  it('keeps external_id and slug unique (409), and gives a taken generated slug a suffix', async () => {
    problem(await h.api('POST', '/organizations', { name: 'Other', external_id: 'cust_1' }), 409);
    problem(await h.api('POST', '/organizations', { name: 'Other', slug: 'acme-corp' }), 409);
    const second = (await h.api('POST', '/organizations', { name: 'Acme Corp' })).json();
    expect(second.slug).toMatch(/^acme-corp-[0-9a-f]{6}$/);
  });

  it('refuses bad input with problem details naming the field, and writes nothing', async () => {
    const before = (await h.api('GET', '/organizations?limit=1000')).json().data.length;
    const missing = problem(await h.api('POST', '/organizations', {}), 400) as { errors?: { pointer: string }[] };
    expect(missing.errors?.[0]?.pointer).toBe('#/name');
    problem(await h.api('POST', '/organizations', { name: 'X', unknown: 1 }), 400);
    problem(await h.api('POST', '/organizations', { name: 'X', slug: 'Not A Slug' }), 400);
    problem(await h.api('POST', '/organizations', { name: '   ' }), 400);
    problem(await h.api('POST', '/organizations', '{"name": '), 400);
    problem(await h.api('PATCH', '/organizations/whatever', {}), 400);
    problem(await h.api('GET', '/organizations?limit=0'), 400);
    problem(await h.api('GET', '/organizations?after=garbage'), 400);
    expect((await h.api('GET', '/organizations?limit=1000')).json().data.length).toBe(before);
  });

  it('pages through every organization with opaque cursors', async () => {
    for (let i = 0; i < 5; i++) await h.api('POST', '/organizations', { name: `Paged ${i}` });
    const all = (await h.api('GET', '/organizations?limit=1000')).json().data.map((o: { id: string }) => o.id);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { data: { id: string }[]; next: string | null } = (await h.api('GET', `/organizations?limit=2${after ? `&after=${after}` : ''}`)).json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((o: { id: string }) => o.id));
      after = page.next;
    } while (after);
    expect(seen).toEqual(all);
  });

  it('renames and changes external_id; unknown ids are 404', async () => {
    const org = (await h.api('POST', '/organizations', { name: 'Before' })).json();
    const renamed = await h.api('PATCH', `/organizations/${org.id}`, { name: 'After', external_id: 'cust_9' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'After', external_id: 'cust_9', slug: org.slug });
    expect((await h.api('PATCH', `/organizations/${org.id}`, { external_id: null })).json().external_id).toBeNull();
    problem(await h.api('PATCH', `/organizations/${org.id}`, { external_id: 'cust_1' }), 409);
    problem(await h.api('GET', '/organizations/no-such-org'), 404);
    problem(await h.api('PATCH', '/organizations/no-such-org', { name: 'x' }), 404);
  });

  it('deletes only when confirm names the organization, removing its SCIM data and tokens', async () => {
    const org = await h.scimOrg('Doomed', 'cust_doomed');
    const other = await h.scimOrg('Survivor');
    expect((await h.scim(org.token, 'POST', '/Users', scimUser('a@doomed.example'))).statusCode).toBe(201);
    expect((await h.scim(other.token, 'POST', '/Users', scimUser('a@survivor.example'))).statusCode).toBe(201);

    const refused = problem(await h.api('DELETE', `/organizations/${org.id}`), 400);
    expect(refused.type).toBe('/api/v1/problems/confirmation-required');
    problem(await h.api('DELETE', `/organizations/${org.id}?confirm=${other.slug}`), 400);
    expect((await h.api('GET', `/organizations/${org.id}`)).statusCode).toBe(200);

    expect((await h.api('DELETE', `/organizations/${org.id}?confirm=${org.slug}`)).statusCode).toBe(204);
    problem(await h.api('GET', `/organizations/${org.id}`), 404);
    expect((await h.api('GET', '/organizations?external_id=cust_doomed')).json().data).toEqual([]);
    expect(await h.services.store.tokens.activeFor(org.id, new Date().toISOString())).toEqual([]);
    expect((await h.services.store.users.list(org.id, { window: { kind: 'offset', offset: 0, limit: 10 } })).totalResults).toBe(0);
    // The other organization is untouched.
    expect((await h.scim(other.token, 'GET', '/Users')).json().totalResults).toBe(1);
    problem(await h.api('DELETE', `/organizations/${org.id}?confirm=${org.id}`), 404);
  });
});

describe('validation problems', () => {
  it('names required, unknown and malformed fields', async () => {
    const unknown = (await h.api('POST', '/organizations', { name: 'X', colour: 'red' })).json();
    expect(unknown.errors).toEqual([{ pointer: '#/colour', detail: 'is not a known field' }]);
    const wrong = (await h.api('POST', '/organizations', { name: 7 })).json();
    expect(wrong.errors[0].pointer).toBe('#/name');
    const query = (await h.api('GET', '/organizations?limit=5000')).json();
    expect(query.errors[0].pointer).toBe('limit');
    expect(query.detail).toContain('query parameter');
  });
});
