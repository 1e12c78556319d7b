// An organization's declared schema extensions over SCIM: discovery, create/PUT/PATCH, filters, sortBy,
// projection, undeclared extension data, tenant isolation and the cross-instance cache bound. Runs on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/core/services.js';
import { SCHEMA_CACHE_TTL_MS } from '../../src/core/schemas/schema-registry.js';
import { CORE_SCHEMAS } from '../../src/scim/schema/org-schemas.js';
import { harness, newUser, PUBLIC_URL, USER_SCHEMA, type Harness } from '../support/scim-harness.js';

const URN = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:extension:acme:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const actor = { name: 'cli', ip: null };

const acmeExtension = {
  id: URN,
  name: 'AcmeUser',
  description: 'What Acme adds to its people',
  attributes: [
    { name: 'badgeNumber', type: 'string', caseExact: true },
    { name: 'costCode', type: 'string', canonicalValues: ['R&D', 'Sales'] },
    { name: 'level', type: 'integer' },
    { name: 'remote', type: 'boolean' },
    { name: 'startDate', type: 'dateTime' },
    { name: 'secret', type: 'string', returned: 'never', mutability: 'writeOnly' },
    { name: 'skills', type: 'complex', multiValued: true, subAttributes: [{ name: 'value', type: 'string' }, { name: 'years', type: 'integer' }] },
  ],
};

let h: Harness;
let acme: { id: string; token: string };
let other: { id: string; token: string };

beforeAll(async () => {
  h = await harness();
  acme = await h.org('acme');
  other = await h.org('other');
  await h.services.schemas.put(acme.id, 'User', acmeExtension, actor);
  await h.services.schemas.put(acme.id, 'Group', { id: GROUP_URN, attributes: [{ name: 'costCenter', type: 'string' }] }, actor);
});
afterAll(() => h.close());

const createUser = async (userName: string, ext: Record<string, unknown>) => {
  const res = await h.scim(acme.token, 'POST', '/Users', { schemas: [USER_SCHEMA, URN], userName, [URN]: ext });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Record<string, unknown> & { id: string };
};

describe('declared schema extensions', () => {
  it('appear in the organization\'s /Schemas and /ResourceTypes, and only there', async () => {
    const schemas = (await h.scim(acme.token, 'GET', '/Schemas')).json();
    const declared = schemas.Resources.find((s: { id: string }) => s.id === URN);
    expect(declared).toMatchObject({ id: URN, name: 'AcmeUser', description: 'What Acme adds to its people' });
    expect(declared.attributes.find((a: { name: string }) => a.name === 'level')).toMatchObject({
      type: 'integer',
      multiValued: false,
      required: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    });
    // description is optional (RFC 7643 section 7): declared without one, it is left out rather than sent as "".
    expect(declared.attributes.find((a: { name: string }) => a.name === 'level')).not.toHaveProperty('description');
    expect(declared.attributes.find((a: { name: string }) => a.name === 'skills').subAttributes[0]).not.toHaveProperty('description');
    const groupExtension = (await h.scim(acme.token, 'GET', `/Schemas/${GROUP_URN}`)).json();
    expect(groupExtension).not.toHaveProperty('description');
    expect(groupExtension.attributes[0]).not.toHaveProperty('description');
    expect((await h.scim(acme.token, 'GET', `/Schemas/${URN}`)).json().id).toBe(URN);
    const user = (await h.scim(acme.token, 'GET', '/ResourceTypes/User')).json();
    expect(user.schemaExtensions).toEqual([
      { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
      { schema: URN, required: false },
    ]);
    expect((await h.scim(acme.token, 'GET', '/ResourceTypes/Group')).json().schemaExtensions).toEqual([{ schema: GROUP_URN, required: false }]);

    // Org B's discovery and writes know nothing of org A's extension.
    const otherSchemas = (await h.scim(other.token, 'GET', '/Schemas')).json();
    expect(otherSchemas.Resources.map((s: { id: string }) => s.id)).not.toContain(URN);
    expect((await h.scim(other.token, 'GET', `/Schemas/${URN}`)).statusCode).toBe(404);
    const refused = await h.scim(other.token, 'POST', '/Users', newUser('b@example.com', { [URN]: { level: 1 } }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toContain(`Unknown extension "${URN}"`);
  });

  it('resources carry them: typed values are validated, canonical names kept, schemas listed, writeOnly never returned', async () => {
    const created = await createUser('carol@example.com', { BADGENUMBER: 'B-1', level: 3, remote: true, secret: 's3cret', skills: [{ value: 'Go', years: 4 }] });
    expect(created['schemas']).toEqual([USER_SCHEMA, URN]);
    expect(created[URN]).toEqual({ badgeNumber: 'B-1', level: 3, remote: true, skills: [{ value: 'Go', years: 4 }] });
    const got = (await h.scim(acme.token, 'GET', `/Users/${created.id}`)).json();
    expect(got[URN]).toEqual(created[URN]);

    const bad = async (ext: Record<string, unknown>, detail: string) => {
      const res = await h.scim(acme.token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: `bad-${Math.random()}@example.com`, [URN]: ext });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toContain(detail);
    };
    await bad({ level: 'three' }, `"${URN}:level" must be an integer`);
    await bad({ remote: 'yes' }, `"${URN}:remote" must be a boolean`);
    await bad({ startDate: 'tomorrow' }, 'xsd:dateTime');
    await bad({ favouriteColour: 'red' }, `Unknown attribute "favouriteColour" in ${URN}`);
    await bad({ skills: { value: 'Go' } }, 'multi-valued');
  });

  it('filters and sortBy reach them, compiled to SQL', async () => {
    await createUser('f1@example.com', { badgeNumber: 'F-1', costCode: 'R&D', level: 1, skills: [{ value: 'Rust', years: 1 }] });
    await createUser('f2@example.com', { badgeNumber: 'F-2', costCode: 'sales', level: 7 });
    await createUser('f3@example.com', { badgeNumber: 'F-3', costCode: 'Sales', level: 5 });
    const names = async (query: string) => {
      const res = await h.scim(acme.token, 'GET', `/Users?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().Resources as { userName: string }[]).map((r) => r.userName);
    };
    const f = (filter: string) => `filter=${encodeURIComponent(filter)}`;
    expect(await names(f(`${URN}:costCode eq "SALES"`))).toEqual(['f2@example.com', 'f3@example.com']);
    // badgeNumber is caseExact: "f-1" does not match "F-1".
    expect(await names(f(`${URN}:badgeNumber eq "f-1"`))).toEqual([]);
    expect(await names(f(`${URN}:badgeNumber sw "F-"`))).toEqual(['f1@example.com', 'f2@example.com', 'f3@example.com']);
    expect(await names(f(`${URN}:level gt 4 and userName sw "f"`))).toEqual(['f2@example.com', 'f3@example.com']);
    expect(await names(f(`${URN}:skills[value eq "rust" and years lt 2]`))).toEqual(['f1@example.com']);
    expect(await names(f(`${URN}:level pr and not (${URN}:level le 4)`))).toEqual(['f2@example.com', 'f3@example.com']);
    expect(await names(f(`schemas eq "${URN}" and userName sw "f"`))).toHaveLength(3);
    expect(await names(`${f('userName sw "f"')}&sortBy=${encodeURIComponent(`${URN}:level`)}&sortOrder=descending`)).toEqual([
      'f2@example.com',
      'f3@example.com',
      'f1@example.com',
    ]);
    const unknown = await h.scim(acme.token, 'GET', `/Users?${f(`${URN}:nope eq "x"`)}`);
    expect(unknown.statusCode).toBe(400);
    // Org B cannot filter on org A's extension.
    expect((await h.scim(other.token, 'GET', `/Users?${f(`${URN}:level gt 0`)}`)).statusCode).toBe(400);
  });

  it('attributes and excludedAttributes project them', async () => {
    const created = await createUser('proj@example.com', { badgeNumber: 'P-1', level: 2 });
    const only = (await h.scim(acme.token, 'GET', `/Users/${created.id}?attributes=${encodeURIComponent(`${URN}:level`)}`)).json();
    expect(only[URN]).toEqual({ level: 2 });
    expect(only['userName']).toBeUndefined();
    const without = (await h.scim(acme.token, 'GET', `/Users/${created.id}?excludedAttributes=${encodeURIComponent(URN)}`)).json();
    expect(without[URN]).toBeUndefined();
    expect(without['userName']).toBe('proj@example.com');
  });

  it('PATCH add, replace and remove reach extension paths, with and without a path', async () => {
    const created = await createUser('patch@example.com', { badgeNumber: 'X-1' });
    const patch = (Operations: unknown[]) => h.scim(acme.token, 'PATCH', `/Users/${created.id}`, { schemas: [PATCH_OP], Operations });
    let res = await patch([{ op: 'add', path: `${URN}:level`, value: 4 }, { op: 'add', path: `${URN}:skills`, value: [{ value: 'SQL' }] }]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()[URN]).toEqual({ badgeNumber: 'X-1', level: 4, skills: [{ value: 'SQL' }] });
    res = await patch([{ op: 'replace', value: { [URN]: { level: 5 } } }]);
    expect(res.json()[URN].level).toBe(5);
    res = await patch([{ op: 'remove', path: `${URN}:skills[value eq "SQL"]` }, { op: 'remove', path: `${URN}:badgeNumber` }]);
    expect(res.json()[URN]).toEqual({ level: 5 });
    res = await patch([{ op: 'replace', path: `${URN}:level`, value: 'high' }]);
    expect(res.statusCode).toBe(400);
    res = await patch([{ op: 'remove', path: `${URN}:level` }]);
    expect(res.json()[URN]).toBeUndefined();
    expect(res.json()['schemas']).toEqual([USER_SCHEMA]);
  });

  it('Groups carry their own extension', async () => {
    const res = await h.scim(acme.token, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Ops', [GROUP_URN]: { costCenter: 'CC-9' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()[GROUP_URN]).toEqual({ costCenter: 'CC-9' });
    const found = await h.scim(acme.token, 'GET', `/Groups?filter=${encodeURIComponent(`${GROUP_URN}:costCenter eq "cc-9"`)}`);
    expect(found.json().totalResults).toBe(1);
  });
});

describe('undeclared extension data', () => {
  const UNDECLARED = 'urn:example:params:scim:schemas:extension:hr:1.0:User';

  it('is refused by default with a detail naming the URN; unknown core attributes are refused by name', async () => {
    const res = await h.scim(acme.token, 'POST', '/Users', newUser('u1@example.com', { [UNDECLARED]: { grade: 'A' } }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ scimType: 'invalidSyntax', detail: expect.stringContaining(UNDECLARED) });
    const core = await h.scim(acme.token, 'POST', '/Users', newUser('u1@example.com', { shoeSize: 42 }));
    expect(core.json().detail).toBe('Unknown attribute "shoeSize" for User (see /Schemas)');
  });

  it('is kept as sent when the organization chooses so, and a later PATCH keeps it', async () => {
    const org = await h.org('keeper');
    await h.services.schemas.setKeepUndeclaredExtensions(org.id, true, actor);
    const res = await h.scim(org.token, 'POST', '/Users', newUser('k1@example.com', { [UNDECLARED]: { grade: 'A', nested: { x: [1, 2] } } }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()[UNDECLARED]).toEqual({ grade: 'A', nested: { x: [1, 2] } });
    expect(res.json().schemas).toEqual([USER_SCHEMA, UNDECLARED]);
    const patched = await h.scim(org.token, 'PATCH', `/Users/${res.json().id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'K' }] });
    expect(patched.json()[UNDECLARED]).toEqual({ grade: 'A', nested: { x: [1, 2] } });
    // Keeping extension data never opens the core schema.
    const core = await h.scim(org.token, 'POST', '/Users', newUser('k2@example.com', { shoeSize: 42 }));
    expect(core.statusCode).toBe(400);
    expect(core.json().detail).toContain('"shoeSize"');
    const notObject = await h.scim(org.token, 'POST', '/Users', newUser('k3@example.com', { [UNDECLARED]: 'A' }));
    expect(notObject.statusCode).toBe(400);

    // Switching back to refusing: new data is refused; a PATCH of a resource still holding old data drops it.
    await h.services.schemas.setKeepUndeclaredExtensions(org.id, false, actor);
    expect((await h.scim(org.token, 'POST', '/Users', newUser('k4@example.com', { [UNDECLARED]: { grade: 'B' } }))).statusCode).toBe(400);
    const dropped = await h.scim(org.token, 'PATCH', `/Users/${res.json().id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'K2' }] });
    expect(dropped.statusCode).toBe(200);
    expect(dropped.json()[UNDECLARED]).toBeUndefined();
  });
});

describe('the per-organization registry cache', () => {
  it('an organization without extensions resolves to the shared core registry', async () => {
    expect(await h.services.schemas.forOrg(other.id)).toBe(CORE_SCHEMAS);
  });

  it('another instance sharing the database sees a declaration within SCHEMA_CACHE_TTL_MS', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const second = createServices(h.services.store, { publicUrl: PUBLIC_URL, clock: () => new Date(now) });
    const org = await h.org('two-instances');
    const before = await second.schemas.forOrg(org.id);
    expect(before.user.extensions.map((e) => e.schema.id)).not.toContain(URN);
    await h.services.schemas.put(org.id, 'User', acmeExtension, actor);
    // The instance that declared it sees it at once; the other within the TTL.
    expect((await h.services.schemas.forOrg(org.id)).user.extensions.map((e) => e.schema.id)).toContain(URN);
    now += SCHEMA_CACHE_TTL_MS - 1;
    expect((await second.schemas.forOrg(org.id)).user.extensions.map((e) => e.schema.id)).not.toContain(URN);
    now += 2;
    expect((await second.schemas.forOrg(org.id)).user.extensions.map((e) => e.schema.id)).toContain(URN);
  });
});
