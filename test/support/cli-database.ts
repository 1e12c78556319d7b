// The in-process CLI against a temporary SQLite file, or a fresh PostgreSQL schema with ROLLCALL_TEST_DB=postgres:
// stdout for results, stderr and the exit code for errors. Each test file gets its own database, dropped afterAll.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createTestSchema } from '../../src/storage/postgres/testing/test-schema.js';
import { TEST_ENGINE } from './test-store.js';

export interface CliDatabase {
  /** A temporary folder for files the commands read. */
  readonly dir: string;
  readonly databaseUrl: string;
  /** Runs `rollcall <args> --database-url <databaseUrl>`. */
  cli(...args: string[]): Promise<{ code: number; out: string; err: string }>;
}

export async function cliDatabase(prefix: string): Promise<CliDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `rollcall-${prefix}-`));
  const schema = TEST_ENGINE === 'postgres' ? await createTestSchema() : undefined;
  const databaseUrl = schema ? schema.url : `sqlite:${join(dir, 'cli.db')}`;
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await schema?.drop();
  });
  return {
    dir,
    databaseUrl,
    async cli(...args) {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      let err = '';
      stdout.on('data', (c: Buffer) => (out += c.toString()));
      stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await runCli([...args, '--database-url', databaseUrl], { stdout, stderr, env: {} });
      return { code, out, err };
    },
  };
}
