// One rule for text on both engines (issue 12, items 3 and 4): no U+0000, no lone surrogate, and length limits
// (docs/decisions/limits.md); refused with 400 invalidValue / invalidFilter, ids that cannot exist are 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, newGroup, newUser, type Harness } from '../support/scim-harness.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let h: Harness;
let token: string;
let userId: string;
beforeAll(async () => {
  h = await harness();
  token = (await h.org('text-co')).token;
  userId = (await h.scim(token, 'POST', '/Users', newUser('plain@example.com'))).json().id;
});
afterAll(() => h.close());

// JSON bodies are written by hand so the escapes reach the server as the client sent them.
const userJson = (userNameLiteral: string) => `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"${userNameLiteral}"}`;

describe('U+0000 and lone surrogates', () => {
  it.each([
    ['a NUL in userName', userJson('nul\\u0000@example.com')],
    ['a lone high surrogate in userName', userJson('lone\\ud800@example.com')],
    ['a lone low surrogate in userName', userJson('lone\\udc00@example.com')],
  ])('POST /Users with %s is 400 invalidValue', async (_name, body) => {
    const res = await h.scim(token, 'POST', '/Users', body);
    expect([res.statusCode, res.json().scimType]).toEqual([400, 'invalidValue']);
  });

  it('accepts a well-formed surrogate pair (an emoji)', async () => {
    const res = await h.scim(token, 'POST', '/Users', userJson('smile\\ud83d\\ude00@example.com'));
    expect(res.statusCode).toBe(201);
  });

  it('PATCH externalId to "\\u0000" is 400 invalidValue and writes nothing', async () => {
    const res = await h.scim(token, 'PATCH', `/Users/${userId}`, `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"replace","path":"externalId","value":"\\u0000"}]}`);
    expect([res.statusCode, res.json().scimType]).toEqual([400, 'invalidValue']);
    expect((await h.scim(token, 'GET', `/Users/${userId}`)).json().meta.version).toBe('W/"1"');
  });

  it('a group displayName with NUL is 400 invalidValue', async () => {
    const res = await h.scim(token, 'POST', '/Groups', '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"a\\u0000b"}');
    expect([res.statusCode, res.json().scimType]).toEqual([400, 'invalidValue']);
  });

  it.each(['displayName sw "\\u0000"', 'userName eq "\\ud800"', 'emails[value co "\\u0000"]'])('filter %s is 400 invalidFilter', async (filter) => {
    const res = await h.scim(token, 'GET', `/Users?filter=${encodeURIComponent(filter)}`);
    expect([res.statusCode, res.json().scimType]).toEqual([400, 'invalidFilter']);
  });

  it.each(['GET', 'DELETE', 'PUT', 'PATCH'])('%s on an id holding U+0000 is 404', async (method) => {
    const body = method === 'PUT' ? newUser('x@example.com') : method === 'PATCH' ? { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'x' }] } : undefined;
    for (const path of ['/Users/%00', '/Users/a%00b', '/Groups/%00']) {
      const res = await h.scim(token, method, path, path.startsWith('/Groups') && body ? newGroup('G') : body);
      expect([path, res.statusCode, res.json().schemas]).toEqual([path, 404, ['urn:ietf:params:scim:api:messages:2.0:Error']]);
    }
  });
});

describe('length limits', () => {
  it.each([
    ['userName', newUser('u'.repeat(12_000))],
    ['externalId', newUser('ext@example.com', { externalId: 'e'.repeat(513) })],
    ['displayName', newUser('dn@example.com', { displayName: 'd'.repeat(513) })],
    ['an email value', newUser('em@example.com', { emails: [{ value: `${'m'.repeat(520)}@example.com` }] })],
    ['any other string', newUser('title@example.com', { title: 't'.repeat(16_385) })],
  ])('a too long %s is 400 invalidValue on both engines', async (_name, body) => {
    const res = await h.scim(token, 'POST', '/Users', body);
    expect([res.statusCode, res.json().scimType]).toEqual([400, 'invalidValue']);
    expect(res.json().detail).toMatch(/at most \d+ characters/);
  });

  it('accepts values at the limits, also in four-byte characters', async () => {
    const res = await h.scim(
      token,
      'POST',
      '/Users',
      newUser(`${'😀'.repeat(250)}@x.io`, { externalId: 'e'.repeat(512), displayName: 'ǅ'.repeat(512), title: 't'.repeat(16_384) }),
    );
    expect(res.statusCode).toBe(201);
  });

  it('a random 12,000-character userName is refused, not a 500', async () => {
    const random = Array.from({ length: 12_000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20_000))).join('');
    const res = await h.scim(token, 'POST', '/Users', newUser(random));
    expect(res.statusCode).toBe(400);
  });
});
