// SQLite's view of the shared migration list (src/storage/migrations/): each runs once, inside a transaction.
import { MIGRATIONS } from '../migrations/all-migrations.js';

export interface SqliteMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = MIGRATIONS.map((m) => ({ version: m.version, name: m.name, sql: m.sqlite }));
