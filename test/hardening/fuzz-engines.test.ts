// The README promises that both engines answer the same: the same seeded hostile requests (filters, bodies with NUL,
// lone surrogates and values past the limits) go to a SQLite app and a PostgreSQL app holding the same data, and
// each pair of answers must agree on status, scimType and what was selected or stored. The JSON bodies go first, so
// the filters then run over whatever they stored.
// Runs in the "postgres" project (where PostgreSQL is there by definition); FUZZ_SEED and FUZZ_RUNS as in fuzz.test.ts.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, newGroup, newUser, type Harness } from '../support/scim-harness.js';
import { TEST_ENGINE } from '../support/test-store.js';
import { filterText } from '../../src/storage/sql/testing/equivalence-cases.js';
import { encodeAny, filter, PATCH_OP, patchBody, userBody } from './fuzz-arbitraries.js';

const SEED = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Math.max(1, Math.floor((process.env['FUZZ_RUNS'] ? Number(process.env['FUZZ_RUNS']) : 1000) / 4));
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

interface Side {
  readonly h: Harness;
  readonly token: string;
  readonly userId: string;
}

/**
 * Ids are random UUIDs, different on each side, so filters that read them (id, meta.location, $ref, members and
 * groups values) would select differently by chance; the SQL equivalence tables cover those with fixed ids.
 */
const ID_DERIVED = /\bid\b|location|\$ref|members(?![.](type|display)\b)|groups(?![.](type|display)\b)/i;
const idFree = (f: string): boolean => !ID_DERIVED.test(f);

/** What must agree: never ids, timestamps or error wording, which differ by nature. */
function summary(res: LightMyRequestResponse): unknown {
  if (res.statusCode === 204) return { status: 204 };
  const body = res.json() as Record<string, unknown>;
  if (res.statusCode >= 400) return { status: res.statusCode, scimType: body['scimType'] };
  const resources = body['Resources'] as Record<string, unknown>[] | undefined;
  if (resources) return { status: res.statusCode, total: body['totalResults'], names: resources.map((r) => r['userName'] ?? r['displayName']) };
  const { id: _id, meta: _meta, groups: _groups, members, ...rest } = body;
  return { status: res.statusCode, rest, members: Array.isArray(members) ? members.length : members };
}

async function seed(engine: 'sqlite' | 'postgres'): Promise<Side> {
  const h = await harness({ engine });
  const { token } = await h.org('same');
  const ids: string[] = [];
  for (const [userName, extra] of [
    ['fuzz.target', { emails: [{ value: 'a@b.test', type: 'work' }] }],
    ['Alice', { displayName: 'Alice Adams', title: 'Lead' }],
    ['bob', { active: false }],
  ] as const) {
    ids.push((await h.scim(token, 'POST', '/Users', newUser(userName, extra))).json().id);
  }
  const fuzzers = (await h.scim(token, 'POST', '/Groups', newGroup('Fuzzers', ids.slice(0, 2)))).json().id;
  const outer = newGroup('Outer', [ids[2]!]);
  outer.members.push({ value: fuzzers, type: 'Group' } as { value: string });
  await h.scim(token, 'POST', '/Groups', outer);
  return { h, token, userId: ids[0]! };
}

const sides: Side[] = [];
beforeAll(async () => {
  if (TEST_ENGINE !== 'postgres') return;
  sides.push(await seed('sqlite'), await seed('postgres'));
});
afterAll(async () => {
  for (const side of sides) await side.h.close();
});

/** Sends one request to both apps, in turn, and compares the answers. */
async function same(send: (side: Side) => Promise<LightMyRequestResponse>): Promise<void> {
  const [lite, pg] = [await send(sides[0]!), await send(sides[1]!)];
  expect(summary(pg), `sqlite ${lite.statusCode} ${lite.body.slice(0, 200)}\npostgres ${pg.statusCode} ${pg.body.slice(0, 200)}`).toEqual(summary(lite));
}

const options = (offset: number): fc.Parameters<unknown[]> => ({ seed: SEED + offset, numRuns: RUNS, endOnFailure: true });

describe.skipIf(TEST_ENGINE !== 'postgres')(`SQLite and PostgreSQL answer alike (seed ${SEED})`, { timeout: 180_000 }, () => {
  it('JSON bodies are stored alike or refused alike', async () => {
    await fc.assert(
      fc.asyncProperty(userBody, fc.constantFrom('/Users', '/Groups'), async (body, path) => {
        await same((s) => s.h.scim(s.token, 'POST', path, body));
      }),
      options(11),
    );
  });

  it('filters select the same resources, or fail the same way', async () => {
    await fc.assert(
      fc.asyncProperty(filter.filter(idFree), fc.constantFrom('/Users', '/Groups', '/Users/.search'), async (f, path) => {
        if (path === '/Users/.search') await same((s) => s.h.scim(s.token, 'POST', path, { schemas: [SEARCH], filter: f }));
        else await same((s) => s.h.scim(s.token, 'GET', `${path}?filter=${encodeAny(f)}`));
      }),
      options(12),
    );
  });

  it('well-formed filters over every mapped and computed attribute select the same resources', async () => {
    const wellFormed = fc.constantFrom<'User' | 'Group'>('User', 'Group').chain((kind) => filterText(kind).filter(idFree).map((f) => [kind, f] as const));
    await fc.assert(
      fc.asyncProperty(wellFormed, async ([kind, f]) => {
        await same((s) => s.h.scim(s.token, 'GET', `/${kind}s?count=1000&filter=${encodeAny(f)}`));
      }),
      options(14),
    );
  });

  it('PATCH bodies change the user alike or are refused alike', async () => {
    await fc.assert(
      fc.asyncProperty(patchBody, async (body) => {
        await same((s) => s.h.scim(s.token, 'PATCH', `/Users/${s.userId}`, body));
      }),
      options(13),
    );
    // What the PATCHes left behind reads the same too.
    await same((s) => s.h.scim(s.token, 'GET', `/Users/${s.userId}`));
  });

  it('a PATCH with NUL is refused alike', async () => {
    const body = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'externalId', value: 'a\u0000' }] };
    await same((s) => s.h.scim(s.token, 'PATCH', `/Users/${s.userId}`, body));
  });
});
