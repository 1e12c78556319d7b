// Group commit: writes queued in one turn share a transaction, each fails alone, and none is reported saved
// unless the shared transaction committed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupCommit, type GroupCommit } from './group-commit.js';

describe('groupCommit', () => {
  let dir: string;
  let db: Database.Database;
  let commit: GroupCommit;
  const insert = (name: string) => db.transaction(() => db.prepare('INSERT INTO people (name) VALUES (?)').run(name).lastInsertRowid);
  const names = (on = db) => on.prepare('SELECT name FROM people ORDER BY rowid').pluck().all();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollcall-group-commit-'));
    db = new Database(join(dir, 'db.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE people (name TEXT NOT NULL UNIQUE)');
    commit = groupCommit(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the writes of one turn in one transaction, in order, each answered with its own result', async () => {
    const seen: boolean[] = [];
    const results = await Promise.all(
      ['ada', 'bob', 'cy'].map((name) =>
        commit(() => {
          seen.push(db.inTransaction);
          return Number(insert(name)());
        }),
      ),
    );
    expect(results).toEqual([1, 2, 3]);
    expect(seen).toEqual([true, true, true]);
    // Another connection sees all three: the batch committed.
    const reader = new Database(join(dir, 'db.sqlite'), { readonly: true });
    expect(names(reader)).toEqual(['ada', 'bob', 'cy']);
    reader.close();
  });

  it('fails a write alone: its savepoint rolls back, the others of its batch land', async () => {
    const outcomes = await Promise.allSettled([
      commit(() => insert('ada')()),
      commit(() => insert('ada')()),
      commit(() => {
        insert('half-written')();
        throw new Error('refused after writing');
      }),
      commit(() => insert('bob')()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(names()).toEqual(['ada', 'bob']);
  });

  it('reports no write of a batch as saved when the shared transaction ends before its commit', async () => {
    const outcomes = await Promise.allSettled([
      commit(() => insert('ada')()),
      commit(() => {
        // What SQLite does on disk-full or I/O errors: the whole transaction is gone.
        db.exec('ROLLBACK');
        throw new Error('disk I/O error');
      }),
      commit(() => insert('bob')()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(names()).toEqual([]);
    // The next turn starts afresh.
    await commit(() => insert('cy')());
    expect(names()).toEqual(['cy']);
  });

  it('splits a long queue into several commits and answers every write', async () => {
    const many = Array.from({ length: 200 }, (_, i) => commit(() => insert(`p${i}`)()));
    expect((await Promise.all(many)).map(Number)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(names()).toHaveLength(200);
  });
});
