// The build a bench run measures. The test runner's global setup rebuilds dist/ whenever src/ is newer, so one test run
// during a long bench run would switch the servers started after it to another build without a word.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time among the files under `dir` (ms since the epoch), or 0 when there are none. */
export function buildStamp(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
