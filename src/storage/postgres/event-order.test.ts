// The feed under many concurrent PostgreSQL writers: sequence numbers are taken in one order and transactions commit
// in another, yet a reader resuming from its last id reads every committed event exactly once, none skipped.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newEventId, type EventDraft } from '../event-drafts.js';
import type { Store } from '../store.js';
import { appendEvents } from './event-store.js';
import { createPostgresStore } from './postgres-store.js';
import { createTestSchema, requirePostgres, type TestSchema } from './testing/test-schema.js';

const available = await requirePostgres();
const WRITERS = 8;
const WRITES_EACH = 40;

describe.skipIf(!available)('PostgreSQL event feed order', () => {
  let schema: TestSchema;
  let store: Store;
  let writers: pg.Pool;

  beforeEach(async () => {
    schema = await createTestSchema();
    store = await createPostgresStore(schema.url, { poolMax: 2 });
    writers = new pg.Pool({ connectionString: schema.url, max: WRITERS });
  });
  afterEach(async () => {
    await writers.end();
    await store.close();
    await schema.drop();
  });

  it('never skips an event that commits after a higher sequence number was read', async () => {
    const draft = (writer: number, n: number): EventDraft => ({
      id: newEventId(),
      orgId: `org-${writer % 3}`,
      type: 'user.updated',
      occurredAt: new Date().toISOString(),
      resourceType: 'User',
      resourceId: `user-${writer}`,
      resourceVersion: n,
      data: { id: `user-${writer}`, version: n },
      changed: ['title'],
    });
    const committed: string[] = [];
    let writing = true;
    let outOfOrderCommits = 0;
    const writer = async (w: number) => {
      for (let n = 1; n <= WRITES_EACH; n++) {
        const client = await writers.connect();
        try {
          await client.query('BEGIN');
          const events = [draft(w, n), draft(w, n)];
          await appendEvents(client, events);
          // Hold the transaction open a random while, so later sequence numbers often commit first.
          await client.query('SELECT pg_sleep($1)', [Math.random() * 0.02]);
          await client.query('COMMIT');
          committed.push(...events.map((e) => e.id));
        } finally {
          client.release();
        }
      }
    };
    const read: string[] = [];
    const reader = async () => {
      let after: string | undefined;
      let stoppedAt = 0;
      for (;;) {
        const done = !writing;
        if (done) stoppedAt ||= Date.now();
        const page = await store.events.list({ ...(after ? { after } : {}), limit: 37 });
        expect(page).toBeDefined();
        read.push(...page!.map((e) => e.id));
        if (page!.length > 0) after = page!.at(-1)!.id;
        // Done when everything committed was read; a skipped event would never come, so give up after a while.
        if (done && page!.length === 0 && (read.length >= committed.length || Date.now() - stoppedAt > 10_000)) return;
        if (page!.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const reading = reader();
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    writing = false;
    await reading;

    expect(new Set(read).size).toBe(read.length);
    expect(new Set(read)).toEqual(new Set(committed));
    // The test only means something if commits really happened out of sequence order.
    const bySeq = (await writers.query<{ id: string }>('SELECT id FROM events ORDER BY seq')).rows.map((r) => r.id);
    const position = new Map(bySeq.map((id, i) => [id, i]));
    for (let i = 1; i < committed.length; i++) if (position.get(committed[i]!)! < position.get(committed[i - 1]!)!) outOfOrderCommits++;
    expect(outOfOrderCommits).toBeGreaterThan(0);
    // Per resource, events come in the order their transactions wrote them.
    const versions = new Map<string, number>();
    const byId = new Map((await writers.query<{ id: string; resource_id: string; resource_version: number }>('SELECT id, resource_id, resource_version FROM events')).rows.map((r) => [r.id, r]));
    for (const id of read) {
      const row = byId.get(id)!;
      expect(row.resource_version).toBeGreaterThanOrEqual(versions.get(row.resource_id) ?? 0);
      versions.set(row.resource_id, row.resource_version);
    }
  }, 60_000);
});
