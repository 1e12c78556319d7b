// Replays Okta's and Entra's custom-attribute requests (test/fixtures/idp/*/custom-attributes) against an
// organization that declared the extension, and against one that did not: create, PUT, PATCH add/replace/remove
// on the extension path, and filters. Runs on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures, replay } from '../support/replay-fixture.js';
import { harness, type Harness } from '../support/scim-harness.js';

const ENTRA_URN = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
const OKTA_URN = 'urn:ietf:params:scim:schemas:custom:Space';
const actor = { name: 'cli', ip: null };

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

async function declaredOrg(slug: string, urn: string, attribute: string) {
  const org = await h.org(slug);
  await h.services.schemas.put(org.id, 'User', { id: urn, attributes: [{ name: attribute, type: 'string' }] }, actor);
  return new Map([['token', org.token]]);
}

describe('Entra custom extension attribute (Microsoft sample URN)', () => {
  const fixtures = loadFixtures('entra/custom-attributes');
  let bindings: Map<string, string>;
  beforeAll(async () => {
    bindings = await declaredOrg('entra-custom', ENTRA_URN, 'CustomAttribute');
  });
  const run = async (file: string) => {
    const res = await replay(h.app, fixtures.get(file)!, bindings);
    expect(res.statusCode, res.body).toBe(fixtures.get(file)!.expect.status);
    return res.json();
  };

  it('01 create stores and returns the attribute', async () => {
    const body = await run('01');
    bindings.set('userId', body.id);
    expect(body[ENTRA_URN]).toEqual({ CustomAttribute: '701984' });
    expect(body.schemas).toContain(ENTRA_URN);
  });
  it('02 Replace on the URN-qualified path', async () => expect((await run('02'))[ENTRA_URN]).toEqual({ CustomAttribute: '701985' }));
  it('03 path-less add with a URN-qualified key', async () => expect((await run('03'))[ENTRA_URN]).toEqual({ CustomAttribute: '701986' }));
  it('04 filter matches on the attribute', async () => {
    const body = await run('04');
    expect(body.Resources.map((r: { id: string }) => r.id)).toEqual([bindings.get('userId')]);
  });
  it('05 Remove clears it and the extension object', async () => {
    const body = await run('05');
    expect(body[ENTRA_URN]).toBeUndefined();
    expect(body.schemas).not.toContain(ENTRA_URN);
  });

  it('06 filter no longer matches the removed value', async () => expect((await run('06')).totalResults).toBe(0));
  it('PATCH Remove on the extension path of a value already gone answers 200 and changes nothing', async () => {
    const again = await replay(h.app, fixtures.get('05')!, bindings);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()[ENTRA_URN]).toBeUndefined();
  });

  it('an organization that declared nothing refuses the create with a detail naming the URN, or keeps it when it chose so', async () => {
    const org = await h.org('entra-undeclared');
    const refused = await replay(h.app, fixtures.get('01')!, new Map([['token', org.token]]));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toContain(ENTRA_URN);
    await h.services.schemas.setKeepUndeclaredExtensions(org.id, true, actor);
    const kept = await replay(h.app, fixtures.get('01')!, new Map([['token', org.token]]));
    expect(kept.statusCode).toBe(201);
    expect(kept.json()[ENTRA_URN]).toEqual({ CustomAttribute: '701984' });
  });
});

describe('Okta custom app attribute under its external namespace', () => {
  const fixtures = loadFixtures('okta/custom-attributes');
  let bindings: Map<string, string>;
  beforeAll(async () => {
    bindings = await declaredOrg('okta-custom', OKTA_URN, 'custom1');
  });

  it('01 create, 02 PUT update, 03 filter', async () => {
    const created = await replay(h.app, fixtures.get('01')!, bindings);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()[OKTA_URN]).toEqual({ custom1: 'Blue team' });
    bindings.set('userId', created.json().id);
    const updated = await replay(h.app, fixtures.get('02')!, bindings);
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()[OKTA_URN]).toEqual({ custom1: 'Red team' });
    const found = await replay(h.app, fixtures.get('03')!, bindings);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().totalResults).toBe(1);
  });

  it('04 PUT without the attribute clears it, 05 filter then finds no one', async () => {
    const cleared = await replay(h.app, fixtures.get('04')!, bindings);
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()[OKTA_URN]).toBeUndefined();
    expect(cleared.json().schemas).not.toContain(OKTA_URN);
    const found = await replay(h.app, fixtures.get('05')!, bindings);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().totalResults).toBe(0);
  });
});
