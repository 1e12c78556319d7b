// Seeded fuzzing of the SCIM surface (filters, PATCH bodies, JSON bodies, query parameters, path segments) on the
// test engine: never a 5xx, never a non-SCIM error body, never slower than a bound, memory bounded.
// Reproduce a run with FUZZ_SEED=<seed printed below>; FUZZ_RUNS scales the number of cases per property.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, newGroup, newUser, type Harness } from '../support/scim-harness.js';
import { TEST_ENGINE } from '../support/test-store.js';

const SEED = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : Math.floor(Math.random() * 2 ** 31);
const RUNS = process.env['FUZZ_RUNS'] ? Number(process.env['FUZZ_RUNS']) : 1000;
const MAX_REQUEST_MS = 2_000;
const MAX_HEAP_GROWTH_BYTES = 256 * 1024 * 1024;
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

console.log(`fuzz (${TEST_ENGINE}): FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);

// NUL, lone surrogates, very long values and oversized PATCHes are handled on another line of work (issue 12 items
// 1-4): the generators stay clear of those known classes so this suite finds new ones.
const text = (maxLength = 40) => fc.string({ unit: 'grapheme', maxLength }).map((s) => s.replace(/\u0000/g, ''));
const asciiText = (maxLength = 40) => fc.string({ unit: 'grapheme-ascii', maxLength }).map((s) => s.replace(/\u0000/g, ''));

const ATTRIBUTES = [
  'userName', 'displayName', 'name.givenName', 'name.familyName', 'emails', 'emails.value', 'emails.type', 'emails.primary',
  'active', 'externalId', 'id', 'meta.created', 'meta.lastModified', 'title', 'groups', 'members', 'members.value',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', 'nosuch', 'emails[type eq "work"]', '',
];
const OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'EQ', 'xx'];
const literal = fc.oneof(
  text(20).map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'false', 'null', '1', '-2.5', '1e400', '"2024-01-01T00:00:00Z"', '"', '\\', '""'),
  fc.integer().map(String),
);
const comparison = fc.tuple(fc.constantFrom(...ATTRIBUTES), fc.constantFrom(...OPERATORS), literal).map(([a, op, v]) => (op === 'pr' ? `${a} pr` : `${a} ${op} ${v}`));
const filter: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.tuple(tie('f'), fc.constantFrom('and', 'or', 'AND', 'nor'), tie('f')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('f').map((f) => `not (${f})`),
    tie('f').map((f) => `(${f})`),
    fc.tuple(fc.constantFrom('emails', 'members', 'groups', 'addresses'), comparison).map(([a, c]) => `${a}[${c}]`),
    asciiText(60),
  ),
})).f;

const json: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.parse(JSON.stringify(v).replace(/\\u0000/g, '')));
const PATHS = ['userName', 'displayName', 'active', 'emails', 'emails[type eq "work"].value', 'name.givenName', 'members', 'members[value eq "x"]', 'externalId', 'meta', 'id', 'schemas', 'nosuch', '', '[', 'emails[', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value'];
const patchOperation = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'replace', 'remove', 'Add', 'REPLACE', 'move'), json),
    path: fc.oneof(fc.constantFrom(...PATHS), asciiText(30), json),
    value: json,
  },
  { requiredKeys: [] },
);
const patchBody = fc.oneof(
  fc.array(patchOperation, { maxLength: 5 }).map((Operations) => ({ schemas: [PATCH_OP], Operations })),
  fc.record({ schemas: fc.oneof(fc.constant([PATCH_OP]), json), Operations: json }, { requiredKeys: [] }),
  json,
);
const userBody = fc.oneof(
  fc.record(
    {
      schemas: fc.oneof(fc.constant(['urn:ietf:params:scim:schemas:core:2.0:User']), json),
      userName: fc.oneof(text(30), json),
      name: json,
      emails: fc.oneof(fc.array(fc.record({ value: fc.oneof(text(30), json), type: json, primary: json }, { requiredKeys: [] }), { maxLength: 4 }), json),
      active: json,
      externalId: fc.oneof(text(20), json),
      groups: json,
      meta: json,
    },
    { requiredKeys: [] },
  ),
  json,
);
const queryValue = fc.oneof(asciiText(20), fc.integer().map(String), fc.constantFrom('0', '-1', '1e9', '999999999999999999999', 'NaN', ''));
const query = fc
  .record(
    {
      startIndex: queryValue,
      count: queryValue,
      sortBy: fc.oneof(fc.constantFrom(...ATTRIBUTES), asciiText(20)),
      sortOrder: fc.oneof(fc.constantFrom('ascending', 'descending'), asciiText(10)),
      attributes: fc.oneof(fc.constantFrom(...ATTRIBUTES), asciiText(30)),
      excludedAttributes: fc.oneof(fc.constantFrom(...ATTRIBUTES), asciiText(30)),
      filter,
      cursor: asciiText(30),
    },
    { requiredKeys: [] },
  )
  .map((params) => new URLSearchParams(params as Record<string, string>).toString());
const segment = fc.oneof(
  text(30).map(encodeURIComponent),
  fc.constantFrom('%ff', '%', '%E0%A4%A', '..', '.', '%2e%2e', '%2F', 'a%20b', '.search', '%C0%AF', ';', '*', '~'),
  asciiText(30).map((s) => s.replace(/[^A-Za-z0-9._~!$&'()*+,;=:@-]/g, (c) => encodeURIComponent(c))),
);

let h: Harness;
let token: string;
let userId: string;
let groupId: string;
let heapBefore: number;

beforeAll(async () => {
  h = await harness();
  ({ token } = await h.org('fuzz'));
  userId = (await h.scim(token, 'POST', '/Users', newUser('fuzz.target', { emails: [{ value: 'a@b.test', type: 'work' }] }))).json().id;
  groupId = (await h.scim(token, 'POST', '/Groups', newGroup('Fuzzers', [userId]))).json().id;
  heapBefore = process.memoryUsage().heapUsed;
});
afterAll(async () => {
  await h.close();
});

/** The invariants every answer keeps. */
async function check(send: () => Promise<LightMyRequestResponse>): Promise<void> {
  const started = performance.now();
  const res = await send();
  const elapsed = performance.now() - started;
  const where = `${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  expect(elapsed, where).toBeLessThan(MAX_REQUEST_MS);
  if (res.statusCode >= 400) {
    expect(String(res.headers['content-type']), where).toMatch(/^application\/scim\+json/);
    const body = res.json() as { schemas?: unknown; status?: unknown };
    expect(body.schemas, where).toEqual([ERROR_SCHEMA]);
    expect(body.status, where).toBe(String(res.statusCode));
  }
}

const options = (offset: number): fc.Parameters<unknown[]> => ({ seed: SEED + offset, numRuns: RUNS, endOnFailure: true });

describe(`fuzz (${TEST_ENGINE}, seed ${SEED})`, { timeout: 120_000 }, () => {
  it('filters, on GET and POST .search', async () => {
    await fc.assert(
      fc.asyncProperty(filter, fc.boolean(), async (f, viaSearch) => {
        if (viaSearch) await check(() => h.scim(token, 'POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: f }));
        else await check(() => h.scim(token, 'GET', `/${f.length % 2 ? 'Users' : 'Groups'}?filter=${encodeURIComponent(f)}`));
      }),
      options(1),
    );
  });

  it('PATCH bodies on a user and a group', async () => {
    await fc.assert(
      fc.asyncProperty(patchBody, fc.boolean(), async (body, onGroup) => {
        await check(() => h.scim(token, 'PATCH', onGroup ? `/Groups/${groupId}` : `/Users/${userId}`, body));
      }),
      options(2),
    );
  });

  it('JSON bodies on POST and PUT', async () => {
    await fc.assert(
      fc.asyncProperty(userBody, fc.constantFrom('POST /Users', 'PUT /Users', 'POST /Groups', 'POST /Bulk', 'PUT /Groups'), async (body, route) => {
        const path = route === 'PUT /Users' ? `/Users/${userId}` : route === 'PUT /Groups' ? `/Groups/${groupId}` : route.slice(route.indexOf('/'));
        const res = await h.scim(token, route.slice(0, route.indexOf(' ')), path, body);
        await check(async () => res);
        // Keep the target user and group alive for the other properties: a PUT that renamed them is fine.
        if (res.statusCode === 201 && route === 'POST /Users') await h.scim(token, 'DELETE', `/Users/${res.json().id}`);
      }),
      options(3),
    );
  });

  it('query parameters on lists', async () => {
    await fc.assert(
      fc.asyncProperty(query, fc.constantFrom('/Users', '/Groups', `/Users/${'x'}`), async (q, path) => {
        await check(() => h.scim(token, 'GET', `${path === '/Users/x' ? `/Users/${userId}` : path}?${q}`));
      }),
      options(4),
    );
  });

  it('path segments', async () => {
    await fc.assert(
      fc.asyncProperty(segment, fc.constantFrom('GET', 'DELETE', 'PUT', 'PATCH', 'POST'), fc.constantFrom('/Users/', '/Groups/', '/', '/Schemas/', '/ResourceTypes/'), async (seg, method, base) => {
        const body = method === 'GET' || method === 'DELETE' ? undefined : method === 'PATCH' ? { schemas: [PATCH_OP], Operations: [] } : newUser('seg');
        await check(() => h.scim(token, method, `${base}${seg}`, body));
      }),
      options(5),
    );
  });

  it('memory stays bounded', () => {
    const growth = process.memoryUsage().heapUsed - heapBefore;
    expect(growth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  });
});
