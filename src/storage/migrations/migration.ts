// One schema migration with its SQL for each engine, kept side by side in one file per migration.

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Runs inside one SQLite transaction (IMMEDIATE). */
  readonly sqlite: string;
  /** Runs inside one PostgreSQL transaction, under the migration advisory lock. */
  readonly postgres: string;
}
