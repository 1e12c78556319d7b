// Races SQLite cannot have (it has one writer) but PostgreSQL can: a member added while that person is being deleted.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScimError } from '../../scim/errors.js';
import type { Store } from '../store.js';
import { createPostgresStore } from './postgres-store.js';
import { createTestSchema, requirePostgres, type TestSchema } from './testing/test-schema.js';

const available = await requirePostgres();
const change = { at: '2026-01-02T03:04:05.678Z', client: 'test' };

describe.skipIf(!available)('PostgreSQL write races', () => {
  let schema: TestSchema;
  let store: Store;
  let other: pg.Client;

  beforeEach(async () => {
    schema = await createTestSchema();
    store = await createPostgresStore(schema.url, { poolMax: 3 });
    other = new pg.Client({ connectionString: schema.url });
    await other.connect();
  });
  afterEach(async () => {
    await other.end();
    await store.close();
    await schema.drop();
  });

  /** Resolves once another session is blocked by a lock that `holder` holds (polls pg_stat_activity; no fixed sleep). */
  async function someoneWaitsOn(holder: pg.Client): Promise<void> {
    const pid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const probe = new pg.Client({ connectionString: schema.url });
    await probe.connect();
    try {
      for (let polls = 0; polls < 500; polls++) {
        const blocked = await probe.query('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]);
        if ((blocked.rowCount ?? 0) > 0) return;
      }
      throw new Error('nobody waited on the lock');
    } finally {
      await probe.end();
    }
  }

  it('never leaves a member row for a person deleted while the member was being added', async () => {
    const org = { id: randomUUID(), slug: 'race', name: 'Race', scimEnabled: true, createdAt: change.at };
    await store.orgs.create(org);
    const ada = await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'ada@x.com' } }, change);
    const group = await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'Eng' }, members: [] }, change);

    // Another instance is deleting Ada: her row is locked and her memberships are already gone, not yet committed.
    await other.query('BEGIN');
    await other.query('SELECT 1 FROM scim_users WHERE id = $1 FOR UPDATE', [ada.id]);
    await other.query('DELETE FROM scim_group_members WHERE member_id = $1', [ada.id]);
    await other.query('DELETE FROM scim_users WHERE id = $1', [ada.id]);

    const adding = store.groups.modifyMembers(org.id, group.id, { add: [{ id: ada.id }], remove: [] }, undefined, undefined, change);
    const outcome = adding.then(
      () => 'added',
      (error: { status?: number }) => error.status,
    );
    await someoneWaitsOn(other);
    await other.query('COMMIT');

    expect(await outcome).toBe(400);
    expect((await store.groups.get(org.id, group.id, true))?.members).toEqual([]);
  });

  it('a batch of Bulk creates that deadlocks with another writer is written again one create at a time, nobody lost', async () => {
    const org = { id: randomUUID(), slug: 'deadlock', name: 'Deadlock', scimEnabled: true, createdAt: change.at };
    await store.orgs.create(org);
    const insertUser = (userName: string) =>
      other.query(
        `INSERT INTO scim_users (id, org_id, user_name, user_name_ci, active, doc, created_at, updated_at, version) VALUES ($1, $2, $3, $3, true, '{}', $4, $4, 1)`,
        [randomUUID(), org.id, userName, change.at],
      );
    // Another writer holds zed's userName, uncommitted: the batch inserts ann and bob, then waits on zed.
    await other.query('BEGIN');
    await insertUser('zed@x.com');
    const users = ['ann@x.com', 'bob@x.com', 'zed@x.com'].map((userName) => ({ id: randomUUID(), doc: { userName } }));
    const creating = store.users.createEach(org.id, users, change, Infinity);
    await someoneWaitsOn(other);
    // Now the other writer wants ann: a deadlock, and PostgreSQL ends the batch (it has waited longer), so this goes on.
    await insertUser('ann@x.com');
    await other.query('ROLLBACK');
    const results = await creating;
    expect(results.map((r) => (r instanceof ScimError ? r.status : r.doc['userName']))).toEqual(['ann@x.com', 'bob@x.com', 'zed@x.com']);
    expect((await store.changes.list(org.id, 10)).map((c) => c.action)).toEqual(['create', 'create', 'create']);
  });
});
