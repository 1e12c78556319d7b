// A rebuilt file changes the stamp; an untouched tree keeps it.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildStamp } from './build-stamp.js';

describe('buildStamp', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-build-stamp-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the newest file time in the tree, nested folders included', () => {
    mkdirSync(join(dir, 'src', 'storage'), { recursive: true });
    writeFileSync(join(dir, 'src', 'app.js'), '');
    writeFileSync(join(dir, 'src', 'storage', 'store.js'), '');
    utimesSync(join(dir, 'src', 'app.js'), 1_000, 1_000);
    utimesSync(join(dir, 'src', 'storage', 'store.js'), 2_000, 2_000);
    const before = buildStamp(dir);
    expect(before).toBe(2_000_000);
    expect(buildStamp(dir)).toBe(before);
    utimesSync(join(dir, 'src', 'app.js'), 3_000, 3_000);
    expect(buildStamp(dir)).toBe(3_000_000);
  });
});
