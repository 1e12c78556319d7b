import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { change, newOrg } from '../../storage/contract/context.js';
import { createSqliteStore } from '../../storage/sqlite/sqlite-store.js';
import { EventPruner } from './event-pruner.js';

it('deletes events older than the retention and keeps the rest', async () => {
  const store = createSqliteStore(':memory:');
  try {
    const org = await newOrg(store);
    await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'old@example.com' } }, change('2026-01-01T00:00:00.000Z'));
    await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'recent@example.com' } }, change('2026-01-25T00:00:00.000Z'));
    const pruner = new EventPruner(store, 30, () => new Date('2026-02-10T00:00:00.000Z'));
    expect(await pruner.prune()).toBeGreaterThanOrEqual(1);
    const left = (await store.events.list({ orgId: org.id, limit: 10 }))!.map((e) => (e.data as { user_name?: string }).user_name);
    expect(left).toEqual(['recent@example.com']);
  } finally {
    await store.close();
  }
});
