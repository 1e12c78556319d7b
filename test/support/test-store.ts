// The store HTTP suites run on: ROLLCALL_TEST_DB=postgres gives a fresh PostgreSQL schema, anything else in-memory SQLite.
import { createPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { createTestSchema, requirePostgres } from '../../src/storage/postgres/testing/test-schema.js';
import { createSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../../src/storage/store.js';

export const TEST_ENGINE: Store['engine'] = process.env['ROLLCALL_TEST_DB'] === 'postgres' ? 'postgres' : 'sqlite';

export interface TestStore {
  readonly store: Store;
  /** The PostgreSQL schema's connection string (tests that need a second connection); undefined on SQLite. */
  readonly databaseUrl?: string;
  /** Closes the store and drops its schema. */
  dispose(): Promise<void>;
}

/** `engine` is for suites that compare the two engines side by side; the rest run on TEST_ENGINE. */
export async function openTestStore(engine: Store['engine'] = TEST_ENGINE): Promise<TestStore> {
  if (engine === 'sqlite') {
    const store = createSqliteStore(':memory:');
    return { store, dispose: () => store.close() };
  }
  // The vitest "postgres" project only runs when PostgreSQL answers or CI is set; this names the cause otherwise.
  if (!(await requirePostgres())) throw new Error('ROLLCALL_TEST_DB=postgres but PostgreSQL is not reachable');
  const schema = await createTestSchema();
  const store = await createPostgresStore(schema.url, { poolMax: 3 });
  return {
    store,
    databaseUrl: schema.url,
    async dispose() {
      await store.close();
      await schema.drop();
    },
  };
}
