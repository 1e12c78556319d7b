// Runs the storage contract against PostgreSQL, each test in a fresh schema that is dropped afterwards.
import { describe } from 'vitest';
import { storeContract } from '../store.contract.js';
import { createPostgresStore } from './postgres-store.js';
import { createTestSchema, requirePostgres } from './testing/test-schema.js';

const available = await requirePostgres();

describe.skipIf(!available)('PostgreSQL store', () => {
  storeContract('postgres', async () => {
    const schema = await createTestSchema();
    const store = await createPostgresStore(schema.url, { poolMax: 3 });
    return {
      store,
      async dispose() {
        await store.close();
        await schema.drop();
      },
    };
  });
});
