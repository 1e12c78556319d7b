// SQL functions Rollcall adds to SQLite. SQLite's lower() folds ASCII only; SCIM compares case-insensitive
// attributes with full Unicode folding (JavaScript's toLowerCase, as the store's *_ci columns and the in-memory
// filter evaluator do), so "MÜLLER" matches "müller" in every path.
import type Database from 'better-sqlite3';

export function registerScimFunctions(db: Database.Database): void {
  db.function('scim_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
}
