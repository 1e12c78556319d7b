// The CLI's hidden password prompt (src/cli/password-input.ts) through a real pseudo-terminal: util-linux `script`
// gives the compiled `rollcall` a terminal, the test types at the prompts like a person, and the terminal's output
// must show the questions but never the password. Typing waits for each prompt: by then readline holds the terminal in
// raw mode, so the kernel does not echo either.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/core/passwords.js';
import { createSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { run } from '../support/rollcall-process.js';

const BIN = fileURLToPath(new URL('../../bin/rollcall.js', import.meta.url));
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') ?? false;
if (!hasScript) console.warn('Skipping the password prompt test: util-linux `script` is missing (apt-get install -y util-linux)');

const dir = mkdtempSync(join(tmpdir(), 'rollcall-prompt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** Runs `rollcall args` on a pseudo-terminal, answering each prompt (matched in order) with the given line. */
function onTerminal(args: readonly string[], answers: readonly (readonly [RegExp, string])[]): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', TERM: 'dumb' } });
  let screen = '';
  let next = 0;
  let answeredUpTo = 0;
  const onOutput = (chunk: Buffer) => {
    screen += chunk.toString();
    const answer = answers[next];
    // Each prompt is answered once, after it has appeared; Enter on a terminal in raw mode is a carriage return.
    if (answer && answer[0].test(screen.slice(answeredUpTo))) {
      next++;
      answeredUpTo = screen.length;
      child.stdin.write(`${answer[1]}\r`);
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, screen });
    });
  });
}

describe.skipIf(!hasScript)('rollcall password prompt on a terminal', () => {
  const file = join(dir, 'rollcall.db');
  const db = ['--database-url', `sqlite:${file}`];
  const TYPED = 'typed at the prompt 4711';

  it('asks twice, shows the questions, never the password, and sets it', async () => {
    expect((await run(['org', 'create', '--slug', 'acme', '--name', 'Acme', '--owner-email', 'o@acme.example', '--owner-password', 'owner password 123', ...db])).code).toBe(0);
    const { code, screen } = await onTerminal(
      ['member', 'add', '--org', 'acme', '--email', 'typed@acme.example', '--role', 'member', ...db],
      [
        [/Password \(at least 12 characters\): /, TYPED],
        [/Repeat the password: /, TYPED],
      ],
    );
    expect(screen).toContain('Password (at least 12 characters): ');
    expect(screen).toContain('Repeat the password: ');
    expect(screen).not.toContain(TYPED);
    expect(screen).not.toMatch(/typed at|\*{4}/);
    expect(code).toBe(0);
    const store = createSqliteStore(file);
    try {
      const account = await store.accounts.byEmail('typed@acme.example');
      expect(account && (await verifyPassword(TYPED, account.passwordHash))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('changes nothing when the two entries differ', async () => {
    const { code, screen } = await onTerminal(
      ['member', 'add', '--org', 'acme', '--email', 'differ@acme.example', '--role', 'member', ...db],
      [
        [/Password \(at least 12 characters\): /, TYPED],
        [/Repeat the password: /, 'something else typed 99'],
      ],
    );
    expect(code).not.toBe(0);
    expect(screen).toContain('the two passwords differ; nothing was changed');
    expect(screen).not.toContain(TYPED);
    expect(screen).not.toContain('something else typed');
    const store = createSqliteStore(file);
    try {
      expect(await store.accounts.byEmail('differ@acme.example')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
