// Chooses the storage engine from DATABASE_URL: sqlite:<path> (embedded) or postgres://... (shared by many instances).
import { ConfigError } from '../config.js';
import { createPostgresStore } from './postgres/postgres-store.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** PostgreSQL pool size (DATABASE_POOL_MAX); ignored by SQLite. */
  readonly poolMax?: number;
}

export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length) || './data/rollcall.db';
    return createSqliteStore(path);
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return createPostgresStore(databaseUrl, options.poolMax === undefined ? {} : { poolMax: options.poolMax });
  }
  throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres://, got "${databaseUrl.split(':')[0]}:"`);
}
