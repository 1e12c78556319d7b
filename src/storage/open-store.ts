// Chooses the storage engine from DATABASE_URL.
import { ConfigError } from '../config.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export async function openStore(databaseUrl: string): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length) || './data/rollcall.db';
    return createSqliteStore(path);
  }
  throw new ConfigError(`PostgreSQL (${databaseUrl.split(':')[0]}) is not available in this build yet`);
}
