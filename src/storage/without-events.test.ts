// The benchmark-only store option: the same writes succeed and insert no event (the bench's baseline), on both engines;
// without the option the same writes do append them.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { change, newOrg } from './contract/context.js';
import { createPostgresStore } from './postgres/postgres-store.js';
import { createTestSchema, requirePostgres } from './postgres/testing/test-schema.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

async function writeSome(store: Store): Promise<string> {
  const org = await newOrg(store);
  const ada = await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'ada@example.com' } }, change());
  const group = await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'Eng' }, members: [{ id: ada.id, type: 'User' }] }, change());
  await store.groups.modifyMembers(org.id, group.id, { add: [], remove: [ada.id] }, undefined, undefined, change());
  await store.users.delete(org.id, ada.id, undefined, change());
  return org.id;
}

const postgres = await requirePostgres();

describe('withoutEventsForBenchmark', () => {
  it('writes without events on SQLite, and with them by default', async () => {
    for (const without of [true, false]) {
      const store = createSqliteStore(':memory:', { withoutEventsForBenchmark: without });
      const orgId = await writeSome(store);
      expect((await store.events.list({ orgId, limit: 100 }))!.length).toBe(without ? 0 : 6);
      await store.close();
    }
  });

  it.skipIf(!postgres)('writes without events on PostgreSQL, and with them by default', async () => {
    const schema = await createTestSchema();
    try {
      for (const without of [true, false]) {
        const store = await createPostgresStore(schema.url, { poolMax: 2, withoutEventsForBenchmark: without });
        const orgId = await writeSome(store);
        expect(await store.changes.list(orgId, 100)).toHaveLength(4);
        await store.close();
        // The table itself: the feed shows an event only once older transactions anywhere on the server have ended.
        const client = new pg.Client({ connectionString: schema.url });
        await client.connect();
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE org_id = $1', [orgId]);
        await client.end();
        expect(rows[0]!.n).toBe(without ? 0 : 6);
      }
    } finally {
      await schema.drop();
    }
  });
});
