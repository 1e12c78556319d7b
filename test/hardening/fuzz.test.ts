// Seeded fuzzing of the SCIM surface (filters, PATCH bodies, JSON bodies, query parameters, path segments) on the
// test engine: never a 5xx, never a non-SCIM error body, never slower than a bound, memory bounded.
// Reproduce a run with FUZZ_SEED=<seed printed below>; FUZZ_RUNS scales the number of cases per property.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, newGroup, newUser, type Harness } from '../support/scim-harness.js';
import { TEST_ENGINE } from '../support/test-store.js';
import { encodeAny, filter, PATCH_OP, patchBody, query, segment, userBody } from './fuzz-arbitraries.js';

const SEED = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : Math.floor(Math.random() * 2 ** 31);
const RUNS = process.env['FUZZ_RUNS'] ? Number(process.env['FUZZ_RUNS']) : 1000;
const MAX_REQUEST_MS = 2_000;
const MAX_HEAP_GROWTH_BYTES = 256 * 1024 * 1024;
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

console.log(`fuzz (${TEST_ENGINE}): FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);

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
        else await check(() => h.scim(token, 'GET', `/${f.length % 2 ? 'Users' : 'Groups'}?filter=${encodeAny(f)}`));
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
