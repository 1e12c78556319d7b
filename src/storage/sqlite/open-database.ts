// Opens the embedded SQLite database with the settings Rollcall relies on, and applies migrations.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { registerScimFunctions } from './sql-functions.js';

export type SqliteDatabase = Database.Database;

/** WAL pages after which the committing connection checkpoints (see configure). */
export const WAL_CHECKPOINT_PAGES = 10_000;

export function openSqlite(path: string): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    configure(db);
  } catch (error) {
    // A read-only or foreign file: release it so the caller's one-line error is the only trace.
    db.close();
    throw error;
  }
  return db;
}

function configure(db: SqliteDatabase): void {
  // WAL lets readers run beside the writer; synchronous=NORMAL in WAL mode survives a killed process
  // (only an OS crash or power loss can drop the last commits), which is the durability promise we make.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  // A checkpoint copies the WAL into the database file and fsyncs it, on the thread that just committed, so the
  // server answers nothing meanwhile. Every 10,000 pages (a WAL of about 40 MB) instead of SQLite's 1,000: pages
  // written again and again (index tails, the event log) are copied once per checkpoint, with a tenth of the fsyncs.
  db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  // Each write of a group commit runs in a savepoint, whose undo copies of the pages it changes SQLite would
  // otherwise spill to a temporary file (a write system call per page) once they pass 64 KiB.
  db.pragma('temp_store = MEMORY');
  registerScimFunctions(db);
  migrate(db);
}

function migrate(db: SqliteDatabase): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  for (const migration of SQLITE_MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    // IMMEDIATE takes the write lock first, so two processes starting together cannot both apply a migration.
    db.transaction(() => {
      const again = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
      if (again) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }).immediate();
  }
}

/** True when better-sqlite3 reports a UNIQUE constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

// Disk full, I/O errors, a read-only file and a lock held past busy_timeout: the database cannot take the request now.
const UNAVAILABLE = /^SQLITE_(FULL|IOERR|READONLY|BUSY|CANTOPEN|NOMEM)/;

/** The SQLite result code when `error` means the database is unavailable for now (see DatabaseUnavailableError). */
export function sqliteUnavailableReason(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && UNAVAILABLE.test(code) ? code : undefined;
}
