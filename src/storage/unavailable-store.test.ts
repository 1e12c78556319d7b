import { describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import { DatabaseUnavailableError } from './store-errors.js';
import { CAUSE_LOG_INTERVAL_MS, FAILING_CALL_MEMORY_MS, guardUnavailable } from './unavailable-store.js';

// A store whose audit.record fails with SQLITE_FULL while `full` is set; everything else is a real in-memory store.
function fakeFullDisk() {
  let now = 1_000_000;
  let full = true;
  const inner = createSqliteStore(':memory:');
  const failing = {
    ...inner,
    audit: {
      ...inner.audit,
      async record() {
        if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      },
    },
  };
  const store = guardUnavailable(failing, (error) => ((error as { code?: string }).code === 'SQLITE_FULL' ? 'SQLITE_FULL' : undefined), () => now);
  const event = { orgId: 'o', at: '2026-01-01T00:00:00.000Z', actor: 'a', action: 'x', ip: null, detail: null } as never;
  return { store, event, advance: (ms: number) => (now += ms), heal: () => (full = false) };
}

describe('guardUnavailable', () => {
  it('turns a classified error into DatabaseUnavailableError, marking only the first of a cause for the log', async () => {
    const { store, event, advance } = fakeFullDisk();
    const first = await store.audit.record(event).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(DatabaseUnavailableError);
    expect(first).toMatchObject({ reason: 'SQLITE_FULL', firstOfCause: true });
    await expect(store.audit.record(event)).rejects.toMatchObject({ firstOfCause: false });
    advance(CAUSE_LOG_INTERVAL_MS);
    await expect(store.audit.record(event)).rejects.toMatchObject({ firstOfCause: true });
  });

  it('keeps ping failing while a call fails, until it succeeds again or the memory expires', async () => {
    const { store, event, advance, heal } = fakeFullDisk();
    await store.ping();
    await expect(store.audit.record(event)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(DatabaseUnavailableError);
    advance(FAILING_CALL_MEMORY_MS);
    await store.ping();
    await expect(store.audit.record(event)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    heal();
    await store.audit.record(event);
    await store.ping();
  });

  it('passes other errors through unchanged', async () => {
    const inner = createSqliteStore(':memory:');
    const store = guardUnavailable(inner, () => undefined);
    await store.orgs.create({ id: 'o1', slug: 'one', name: 'One', createdAt: '2026-01-01T00:00:00.000Z', scimEnabled: false } as never);
    const error = await store.orgs.create({ id: 'o1', slug: 'one', name: 'One', createdAt: '2026-01-01T00:00:00.000Z', scimEnabled: false } as never).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toBeInstanceOf(Error);
  });
});
