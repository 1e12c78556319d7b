// Runs the storage contract against the embedded SQLite store (a fresh in-memory database per test).
import { storeContract } from '../store.contract.js';
import { createSqliteStore } from './sqlite-store.js';

storeContract('sqlite', async () => {
  const store = createSqliteStore(':memory:');
  return { store, dispose: () => store.close() };
});
