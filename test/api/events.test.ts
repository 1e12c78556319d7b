// /api/v1/events: the feed pages in order and resumes from any id, filters by organization and type, long-polls
// (early answer when an event arrives, empty page when the wait ends, at once when the server closes), refuses an
// unknown or pruned cursor, and a tailing reader never skips or repeats an event while many writers commit.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId } from '../../src/storage/event-drafts.js';
import { appendEvents } from '../../src/storage/postgres/event-store.js';
import { apiHarness, scimUser, type ApiHarness } from '../support/api-harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await apiHarness();
});
afterAll(() => h.close());

interface FeedEvent {
  id: string;
  type: string;
  occurred_at: string;
  organization: { id: string; external_id: string | null };
  data: { id?: string; user_name?: string; version?: number };
  changed: string[];
}
type FeedPage = { data: FeedEvent[]; next: string | null };

const problem = (response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json() as { type: string; detail: string };
};

const feed = async (query: string): Promise<FeedPage> => {
  const response = await h.api('GET', `/events?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as FeedPage;
};

/** Reads the whole feed for the query, page by page, waiting (on PostgreSQL) until at least `atLeast` events show. */
async function readAll(query: string, atLeast = 0, limit = 2, from?: string): Promise<FeedEvent[]> {
  for (let tries = 0; ; tries += 1) {
    const all: FeedEvent[] = [];
    let after: string | null = from ?? null;
    for (;;) {
      const page: FeedPage = await feed(`${query}&limit=${limit}${after ? `&after=${after}` : ''}`);
      all.push(...page.data);
      if (page.data.length < limit) break;
      after = page.next;
    }
    if (all.length >= atLeast || tries > 200) return all;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function createUsers(token: string, prefix: string, count: number) {
  for (let i = 0; i < count; i += 1) expect((await h.scim(token, 'POST', '/Users', scimUser(`${prefix}${i}@example.com`))).statusCode).toBe(201);
}

describe('the events feed', () => {
  it('pages in order with the envelope of design section 9, and resumes from any returned id with exactly the rest', async () => {
    const org = await h.scimOrg('Feed Order', 'cust-feed');
    await createUsers(org.token, 'order', 5);
    const events = await readAll(`organization_id=${org.id}&types=user.created`, 5);
    expect(events.map((e) => e.data.user_name)).toEqual([0, 1, 2, 3, 4].map((i) => `order${i}@example.com`));
    expect(events[0]).toMatchObject({
      id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      type: 'user.created',
      occurred_at: expect.any(String),
      organization: { id: org.id },
      data: { version: 1 },
      changed: expect.arrayContaining(['userName']),
    });
    for (let i = 0; i < events.length; i += 1) {
      const rest = await readAll(`organization_id=${org.id}&types=user.created`, 0, 2, events[i]!.id);
      expect(rest.map((e) => e.id)).toEqual(events.slice(i + 1).map((e) => e.id));
    }
    // The last page hands back a cursor to keep tailing from.
    const tail = await feed(`organization_id=${org.id}&types=user.created&after=${events[4]!.id}`);
    expect(tail).toEqual({ data: [], next: events[4]!.id });
  });

  it('filters by organization and by several types', async () => {
    const a = await h.scimOrg('Filter A');
    const b = await h.scimOrg('Filter B');
    await createUsers(a.token, 'fa', 2);
    await createUsers(b.token, 'fb', 3);
    const user = (await h.scim(b.token, 'GET', '/Users?filter=userName%20eq%20%22fb0@example.com%22')).json().Resources[0];
    expect((await h.scim(b.token, 'DELETE', `/Users/${user.id}`)).statusCode).toBe(204);
    const onlyB = await readAll(`organization_id=${b.id}`, 5, 50);
    expect(onlyB.every((e) => e.organization.id === b.id)).toBe(true);
    expect(onlyB.map((e) => e.type)).toEqual(expect.arrayContaining(['connection.enabled', 'user.created', 'user.deleted']));
    const some = await readAll(`organization_id=${b.id}&types=user.created,user.deleted`, 4, 50);
    expect(some.map((e) => e.type)).toEqual(['user.created', 'user.created', 'user.created', 'user.deleted']);
    expect(some[3]!.data).toMatchObject({ id: user.id, user_name: 'fb0@example.com' });
    const everything = await readAll('types=user.created', 5, 1000);
    expect(everything.filter((e) => e.organization.id === a.id || e.organization.id === b.id)).toHaveLength(5);
  });

  it('refuses bad queries (400) and an unknown or pruned cursor (410 event-cursor-gone)', async () => {
    problem(await h.api('GET', '/events?types=user.exploded'), 400);
    problem(await h.api('GET', '/events?after=not-an-event'), 400);
    problem(await h.api('GET', '/events?limit=0'), 400);
    problem(await h.api('GET', '/events?wait=31'), 400);
    problem(await h.api('GET', '/events?colour=blue'), 400);
    const unknown = problem(await h.api('GET', `/events?after=evt_${'0'.repeat(32)}`), 410);
    expect(unknown.type).toBe('/api/v1/problems/event-cursor-gone');
    expect(unknown.detail).toContain('EVENT_RETENTION_DAYS');
    const pruned = await h.scimOrg('Pruned');
    await createUsers(pruned.token, 'pruned', 1);
    const [event] = await readAll(`organization_id=${pruned.id}&types=user.created`, 1);
    await h.services.store.events.prune(new Date(Date.now() + 60_000).toISOString());
    expect(problem(await h.api('GET', `/events?after=${event!.id}`), 410).type).toBe('/api/v1/problems/event-cursor-gone');
  });
});

describe('long-polling with wait', () => {
  it('answers as soon as a matching event arrives, and an empty page when the wait ends', async () => {
    const org = await h.scimOrg('Waiting');
    await createUsers(org.token, 'w', 1);
    const [first] = await readAll(`organization_id=${org.id}&types=user.created`, 1);
    const query = `organization_id=${org.id}&types=user.created&after=${first!.id}`;

    let started = performance.now();
    const empty = await feed(`${query}&wait=1`);
    expect(empty).toEqual({ data: [], next: first!.id });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);

    started = performance.now();
    const waiting = feed(`${query}&wait=20`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await createUsers(org.token, 'late', 1);
    const page = await waiting;
    expect(page.data.map((e) => e.data.user_name)).toEqual(['late0@example.com']);
    expect(page.next).toBe(page.data[0]!.id);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('ends every wait at once when the server closes, so shutdown is not held', async () => {
    const server = await apiHarness();
    const origin = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const started = performance.now();
    const waiting = fetch(`${origin}/api/v1/events?wait=30&types=user.deleted&organization_id=nobody`, { headers: { authorization: `Bearer ${server.key}` } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.close();
    const response = await waiting;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [], next: null });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

/**
 * On PostgreSQL, writers that hold their transaction open a random while after appending, so events with later
 * sequence numbers often commit first: the case where a reader trusting sequence order would skip an event. With the
 * store's visibility condition removed (VISIBLE in src/storage/postgres/event-store.ts) the test below fails.
 */
async function slowWriters(orgId: string, writers: number, each: number): Promise<void> {
  if (!h.databaseUrl) return;
  const pool = new pg.Pool({ connectionString: h.databaseUrl, max: writers });
  try {
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let n = 1; n <= each; n += 1) {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            const resourceId = `slow-${w}`;
            const data = { id: resourceId, version: n, user_name: `slow${w}@example.com` };
            await appendEvents(client, [
              { id: newEventId(), orgId, type: 'user.updated', occurredAt: new Date().toISOString(), resourceType: 'User', resourceId, resourceVersion: n, data, changed: ['title'] },
            ]);
            await client.query('SELECT pg_sleep($1)', [Math.random() * 0.03]);
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        }
      }),
    );
  } finally {
    await pool.end();
  }
}

describe('a tailing reader while many writers commit', () => {
  it('reads every event exactly once, in per-resource order', async () => {
    const WRITERS = 8;
    const PER_WRITER = 12;
    const SLOW_WRITERS = 6;
    const SLOW_EACH = 15;
    const org = await h.scimOrg('Concurrent');
    const slow = h.databaseUrl ? SLOW_WRITERS * SLOW_EACH : 0;
    const expected = WRITERS * PER_WRITER + WRITERS * Math.ceil(PER_WRITER / 3) + slow;
    const seen: FeedEvent[] = [];
    let writing = true;
    const reader = (async () => {
      let after: string | null = null;
      const deadline = performance.now() + 20_000;
      while ((writing || seen.length < expected) && performance.now() < deadline) {
        const page: FeedPage = await feed(`organization_id=${org.id}&types=user.created,user.updated&limit=100&wait=1${after ? `&after=${after}` : ''}`);
        seen.push(...page.data);
        after = page.next;
      }
    })();
    const slowDone = slowWriters(org.id, SLOW_WRITERS, SLOW_EACH);
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < PER_WRITER; i += 1) {
          const created = await h.scim(org.token, 'POST', '/Users', scimUser(`c${w}-${i}@example.com`));
          expect(created.statusCode).toBe(201);
          if (i % 3 === 0) {
            const patched = await h.scim(org.token, 'PATCH', `/Users/${created.json().id}`, {
              schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
              Operations: [{ op: 'replace', path: 'displayName', value: `C ${w} ${i}` }],
            });
            expect(patched.statusCode).toBe(200);
          }
        }
      }),
    );
    await slowDone;
    writing = false;
    await reader;
    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const committed = await readAll(`organization_id=${org.id}&types=user.created,user.updated`, expected, 1000);
    expect(committed).toHaveLength(expected);
    expect([...ids].sort()).toEqual(committed.map((e) => e.id).sort());
    // Per resource, versions arrive in order.
    const versions = new Map<string, number>();
    for (const e of seen) {
      const previous = versions.get(e.data.id!) ?? 0;
      expect(e.data.version!).toBeGreaterThan(previous);
      versions.set(e.data.id!, e.data.version!);
    }
  }, 90_000);
});
