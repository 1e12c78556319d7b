// Prepared statements for generated SQL (filters, sorts), reused by SQL text; bounded so odd filters cannot grow it.
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './open-database.js';

export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly capacity = 256,
    /** Rows as arrays (better-sqlite3's raw mode), for callers that shape them themselves. */
    private readonly raw = false,
  ) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      // Re-insert to keep the map in least-recently-used order.
      this.statements.delete(sql);
    } else {
      statement = this.db.prepare(sql);
      if (this.raw) statement.raw(true);
      if (this.statements.size >= this.capacity) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
    }
    this.statements.set(sql, statement);
    return statement;
  }
}
