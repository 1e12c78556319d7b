import { describe, expect, it } from 'vitest';
import { renderUser, renderUserJson, schemasEnd } from './render-resource.js';
import type { JsonObject, JsonValue } from './resource.js';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const base = { id: '2819c223-7f76-453a-919d-413861904646', createdAt: '2026-11-30T10:00:00.000Z', updatedAt: '2026-12-01T09:30:00.000Z', version: 3 };
const BASE_URL = 'https://rollcall.example.com/scim/v2';

const docs: [string, JsonObject][] = [
  ['Okta create', { schemas: [CORE], userName: 'isaac.brock@example.com', name: { givenName: 'Isaac', familyName: 'Brock' }, emails: [{ primary: true, value: 'isaac.brock@example.com', type: 'work' }], displayName: 'Isaac Brock', locale: 'en-US', externalId: '00ujl29u0le5T6Aj10h7', active: true }],
  ['Entra create with the enterprise extension', { schemas: [CORE, ENTERPRISE], externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef', userName: 'Test_User_ab6490ee@contoso.com', active: true, [ENTERPRISE]: { department: 'Sales', manager: { value: 'm-1' } } }],
  ['text that needs escapes', { schemas: [CORE], userName: 'd\u00edaz\u2028"quoted"\\slash\u0001', title: '</script>' }],
  ['schemas alone', { schemas: [CORE] }],
  ['undeclared URN with a bracket and a quote', { schemas: [CORE, 'urn:example:x]"y'], userName: 'u', 'urn:example:x]"y': { a: 1 } }],
  ['no schemas (rendered from the parsed document)', { userName: 'legacy' }],
  ['schemas not first (rendered from the parsed document)', { userName: 'late', schemas: [CORE] }],
];
const groupSets = [[], [{ id: 'g-1', displayName: 'Sales' }, { id: 'g-2', displayName: 'Ops "EU"' }]];

describe('schemasEnd', () => {
  it.each([
    ['{"schemas":["a"],"x":1}', 16],
    ['{"schemas":["a","b"]}', 20],
    ['{"schemas":[]}', 13],
    ['{"schemas":["urn:x]y","b"],"x":1}', 26],
    ['{"schemas":["q\\"],","b"]}', 24],
    ['{"userName":"a","schemas":["a"]}', undefined],
    ['{"schemas":"a"}', undefined],
    ['{"schemas":["a"', undefined],
    ['{"schemas":["a\\', undefined],
    ['{"schemas":[1]}', undefined],
  ])('%s ends its schemas at %s', (json, end) => {
    expect(schemasEnd(json)).toBe(end);
  });
});

describe('renderUserJson', () => {
  for (const [name, doc] of docs) {
    for (const groups of groupSets) {
      it(`${name}, ${groups.length} groups: the same text as renderUser serialized`, () => {
        const json = renderUserJson(base, JSON.stringify(doc), groups, BASE_URL);
        expect(json).toBe(JSON.stringify(renderUser({ ...base, doc }, groups, BASE_URL)));
        expect(JSON.parse(json)).toMatchObject({ id: base.id, meta: { location: `${BASE_URL}/Users/${base.id}`, version: 'W/"3"' } });
      });
    }
  }
});

/** The text PostgreSQL writes for a jsonb value: keys ordered by length then bytes, `": "` and `", "` between. */
function jsonbText(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText(value[k]!)}`).join(', ')}}`;
}

describe('renderUserJson over jsonb text', () => {
  for (const [name, doc] of docs) {
    for (const groups of groupSets) {
      it(`${name}, ${groups.length} groups: what renderUser gives for the parsed text, in its key order`, () => {
        const text = jsonbText(doc);
        const json = renderUserJson(base, text, groups, BASE_URL);
        expect(JSON.stringify(JSON.parse(json))).toBe(JSON.stringify(renderUser({ ...base, doc: JSON.parse(text) as JsonObject }, groups, BASE_URL)));
      });
    }
  }

  it('splices without parsing: a text whose schemas is not first still opens the response with them', () => {
    const json = renderUserJson(base, '{"name": {"givenName": "Ana"}, "schemas": ["urn:example:x"], "userName": "ana"}', [], BASE_URL);
    expect(json.startsWith(`{"schemas":["urn:example:x"],"id":"${base.id}","name": {"givenName": "Ana"}, "userName": "ana","meta":`)).toBe(true);
  });
});

describe('renderUserJson meta', () => {
  it.each([
    ['ISO instants', base],
    ['an instant with an offset', { ...base, createdAt: '2026-11-30T10:00:00+01:00' }],
    ['text that needs escapes where an instant belongs', { ...base, updatedAt: 'late "today"\\' }],
    ['a large version', { ...base, version: 1234567 }],
  ])('%s: the same text as renderUser serialized', (_name, resource) => {
    const doc: JsonObject = { schemas: [CORE], userName: 'meta@example.com' };
    expect(renderUserJson(resource, JSON.stringify(doc), [], BASE_URL)).toBe(JSON.stringify(renderUser({ ...resource, doc }, [], BASE_URL)));
  });
});
