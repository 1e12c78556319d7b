// The connection settings the durability and speed promises rest on, checked on a real file.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, WAL_CHECKPOINT_PAGES, type SqliteDatabase } from './open-database.js';

describe('openSqlite', () => {
  let dir: string;
  let path: string;
  let db: SqliteDatabase;
  const walFrames = () => {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    return statSync(`${path}-wal`).size / (pageSize + 24);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollcall-open-sqlite-'));
    path = join(dir, 'rollcall.db');
    db = openSqlite(path);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits to a WAL, synced on checkpoints, with foreign keys enforced and temporary data in memory', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // 1 = NORMAL: a killed process loses nothing; only an OS crash can drop the last commits.
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // 2 = MEMORY: savepoint undo pages of a group commit stay off the disk.
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
  });

  it('checkpoints every 10,000 WAL pages, not after every 1,000, and recycles the WAL then', () => {
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_CHECKPOINT_PAGES);
    db.exec('CREATE TABLE pages (body BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO pages (body) VALUES (?)');
    // One page of row per commit: each commit appends at least one frame.
    const body = Buffer.alloc(3_000, 7);
    for (let i = 0; i < 2_000; i++) insert.run(body);
    expect(walFrames()).toBeGreaterThan(2_000);
    for (let i = 0; i < WAL_CHECKPOINT_PAGES; i++) insert.run(body);
    // Past the threshold a checkpoint ran and the next commits wrote from the WAL's start again.
    expect(walFrames()).toBeLessThan(WAL_CHECKPOINT_PAGES * 1.5);
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    expect(result!.log).toBeLessThan(WAL_CHECKPOINT_PAGES);
    expect(db.prepare('SELECT count(*) FROM pages').pluck().get()).toBe(2_000 + WAL_CHECKPOINT_PAGES);
  });

  it('leaves no WAL behind once closed', () => {
    db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)');
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
