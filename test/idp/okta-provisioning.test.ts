// Okta's documented provisioning sequence (test/fixtures/idp/okta), replayed in order over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/scim-harness.js';
import { fixture, replay } from '../support/idp-fixtures.js';

describe('Okta provisioning sequence', () => {
  let h: Harness;
  const vars: Record<string, string> = {};

  beforeAll(async () => {
    h = await harness();
    vars['token'] = (await h.org('okta-co')).token;
  });
  afterAll(() => h.close());

  it('Test API Credentials: GET /Users?startIndex=1&count=2 answers an empty ListResponse with numeric paging', async () => {
    const res = await replay(h, fixture('okta', '01'), vars);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.json()).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it('checks the user does not exist yet, then creates it (password and groups:[] accepted, never returned)', async () => {
    const check = await replay(h, fixture('okta', '05'), vars);
    expect(check.statusCode).toBe(200);
    expect(check.json().totalResults).toBe(0);
    const created = await replay(h, fixture('okta', '06'), vars);
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.id).toEqual(expect.any(String));
    expect(body.password).toBeUndefined();
    expect(body.userName).toBe('alice@example.com');
    expect(created.headers['location']).toBe(body.meta.location);
    vars['userId'] = body.id;
    const again = await replay(h, fixture('okta', '06'), vars);
    expect(again.statusCode).toBe(409);
    expect(again.json().scimType).toBe('uniqueness');
  });

  it('finds the user by userName and by id, and imports users page by page', async () => {
    const check = await replay(h, fixture('okta', '05'), vars);
    expect(check.json().totalResults).toBe(1);
    expect(check.json().Resources[0].id).toBe(vars['userId']);
    const read = await replay(h, fixture('okta', '08'), vars);
    expect(read.statusCode).toBe(200);
    expect(read.json().id).toBe(vars['userId']);
    const page = await replay(h, fixture('okta', '02'), vars);
    expect(page.statusCode).toBe(200);
    expect(page.json().totalResults).toBe(1);
  });

  it('updates the profile with PUT of the whole user (echoed id, meta and groups are ignored)', async () => {
    const res = await replay(h, fixture('okta', '09'), vars);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.name).toEqual({ givenName: 'Alice', middleName: 'Excited', familyName: 'Example' });
    // Okta's PUT left out displayName, locale and externalId: a full replace clears them.
    expect(body.displayName).toBeUndefined();
    expect(body.externalId).toBeUndefined();
    expect(body.meta.version).toBe('W/"2"');
  });

  it('deactivates with PUT active:false and reactivates', async () => {
    const off = await replay(h, fixture('okta', '12'), vars);
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    const on = await replay(h, fixture('okta', '09'), vars);
    expect(on.json().active).toBe(true);
  });

  it('a re-assignment POST carrying the externalId of a deactivated person restores that person', async () => {
    const create = fixture('okta', '06');
    const body = create.request.body as Record<string, unknown>;
    const first = await h.scim(vars['token']!, 'POST', '/Users', { ...body, userName: 'bob@example.com', externalId: 'okta-bob' });
    expect(first.statusCode).toBe(201);
    const bob = first.json();
    const deactivated = await h.scim(vars['token']!, 'PUT', `/Users/${bob.id}`, {
      schemas: body['schemas'],
      userName: 'bob@example.com',
      externalId: 'okta-bob',
      active: false,
    });
    expect(deactivated.json().active).toBe(false);
    const again = await h.scim(vars['token']!, 'POST', '/Users', { ...body, userName: 'bob@example.com', externalId: 'okta-bob' });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(bob.id);
    expect(again.json().active).toBe(true);
  });

  it('creates, reads and deletes a pushed group', async () => {
    const created = await replay(h, fixture('okta', '13'), vars);
    expect(created.statusCode).toBe(201);
    vars['groupId'] = created.json().id;
    const read = await replay(h, fixture('okta', '14'), vars);
    expect(read.statusCode).toBe(200);
    const removed = await replay(h, fixture('okta', '20'), vars);
    expect(removed.statusCode).toBe(204);
    const gone = await replay(h, fixture('okta', '14'), vars);
    expect(gone.statusCode).toBe(404);
  });
});
