// The real `rollcall` command (compiled dist/, a separate process): --version, read-only commands that never create a
// database, and one line on stderr (never a stack) for a database that is missing, read-only or unreachable.
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../../src/storage/postgres/testing/test-schema.js';
import { run } from '../support/rollcall-process.js';
import { TEST_ENGINE } from '../support/test-store.js';

const dir = mkdtempSync(join(tmpdir(), 'rollcall-cli-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'a long enough password';
const NOBODY = 65534;

function expectOneLine(result: { code: number | null; out: string; err: string }, pattern: RegExp) {
  expect(result.code).not.toBe(0);
  expect(result.out).toBe('');
  expect(result.err).toMatch(pattern);
  expect(result.err.trimEnd().split('\n')).toHaveLength(1);
  expect(result.err).not.toMatch(/\n\s+at /);
}

describe('rollcall (process)', () => {
  it('--version prints the version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await run(['--version']);
    expect(r).toMatchObject({ code: 0, out: `${version}\n`, err: '' });
  });

  it.each([
    ['token status', ['token', 'status', '--org', 'acme']],
    ['member list', ['member', 'list', '--org', 'acme']],
    ['org list', ['org', 'list']],
  ])('%s never creates a database or its folder', async (_label, args) => {
    const folder = join(dir, 'typo', 'nested');
    const file = join(folder, 'rollcall.db');
    const r = await run([...args, '--database-url', `sqlite:${file}`]);
    expectOneLine(r, new RegExp(`no SQLite database at ${file.replace(/[/.]/g, '\\$&')}`));
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });

  it('a command that writes names a missing folder and how to fix it, without creating it', async () => {
    const file = join(dir, 'missing-folder', 'rollcall.db');
    const r = await run(['org', 'create', '--slug', 'acme', '--name', 'Acme', '--owner-email', 'o@acme.example', '--owner-password', PASSWORD, '--database-url', `sqlite:${file}`]);
    expectOneLine(r, /the folder .*missing-folder for the SQLite database does not exist: create it \(mkdir -p /);
    expect(existsSync(join(dir, 'missing-folder'))).toBe(false);
  });

  it('a read-only SQLite file gives one line naming the path and the cause, for commands and for serve', async () => {
    const file = join(dir, 'read-only.db');
    const created = await run(['org', 'create', '--slug', 'acme', '--name', 'Acme', '--owner-email', 'o@acme.example', '--owner-password', PASSWORD, '--database-url', `sqlite:${file}`]);
    expect(created.code).toBe(0);
    // Root may write any file, so as root the commands run as an ordinary user who can read but not write it.
    const asUser = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
    chmodSync(dir, 0o755);
    chmodSync(file, 0o444);
    if (asUser.uid !== undefined) chownSync(file, 0, 0);
    const pattern = new RegExp(`cannot write the SQLite database ${file.replace(/[/.]/g, '\\$&')}: .*read-only`);
    expectOneLine(await run(['token', 'generate', '--org', 'acme', '--database-url', `sqlite:${file}`], asUser), pattern);
    expectOneLine(await run(['serve', '--database-url', `sqlite:${file}`], { ...asUser, env: { PORT: '0' } }), pattern);
  });

  it('an unreachable PostgreSQL gives one line naming the address and what to do', async () => {
    const r = await run(['org', 'list', '--database-url', 'postgres://rollcall:secret-password@127.0.0.1:1/rollcall']);
    expectOneLine(r, /cannot reach PostgreSQL at 127\.0\.0\.1:1 \(connection refused\): start PostgreSQL or correct DATABASE_URL/);
    expect(r.err).not.toContain('secret-password');
  });
});

describe.runIf(TEST_ENGINE === 'postgres')('rollcall (process) on a misconfigured PostgreSQL', () => {
  it('names a database that does not exist', async () => {
    const r = await run(['org', 'list', '--database-url', 'postgres://postgres@127.0.0.1:5432/no_such_rollcall_db']);
    expectOneLine(r, /PostgreSQL has no database "no_such_rollcall_db": create it .*or correct DATABASE_URL/);
  });

  it('works on a real schema: org list after org create', async () => {
    const schema = await createTestSchema();
    try {
      const created = await run(['org', 'create', '--slug', 'pgco', '--name', 'PG Co', '--owner-email', 'o@pg.example', '--owner-password', PASSWORD, '--database-url', schema.url]);
      expect(created.code).toBe(0);
      const listed = await run(['org', 'list', '--database-url', schema.url]);
      expect(listed).toMatchObject({ code: 0, err: '' });
      expect(listed.out).toContain('pgco');
    } finally {
      await schema.drop();
    }
  });
});
