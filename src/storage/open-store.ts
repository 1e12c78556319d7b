// Chooses the storage engine from DATABASE_URL: sqlite:<path> (embedded) or postgres://... (shared by many instances).
import { ConfigError, DEFAULT_DATABASE_URL } from '../config.js';
import { checkSqlitePath, postgresOpenFailure, sqliteOpenFailure } from './open-failures.js';
import { createPostgresStore } from './postgres/postgres-store.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** PostgreSQL pool size (DATABASE_POOL_MAX); ignored by SQLite. */
  readonly poolMax?: number;
  /** Read-only commands: never create the database (a missing SQLite file is an error). */
  readonly mustExist?: boolean;
}

const DEFAULT_SQLITE_PATH = DEFAULT_DATABASE_URL.slice('sqlite:'.length);

export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length) || DEFAULT_SQLITE_PATH;
    // Only the default ./data/ folder is created: a mistyped path must not silently become a new, empty database.
    checkSqlitePath(path, { mustExist: options.mustExist === true, mayCreateFolder: path === DEFAULT_SQLITE_PATH });
    try {
      return createSqliteStore(path);
    } catch (error) {
      throw sqliteOpenFailure(path, error);
    }
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    try {
      return await createPostgresStore(databaseUrl, options.poolMax === undefined ? {} : { poolMax: options.poolMax });
    } catch (error) {
      throw postgresOpenFailure(databaseUrl, error);
    }
  }
  throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres://, got "${databaseUrl.split(':')[0]}:"`);
}
