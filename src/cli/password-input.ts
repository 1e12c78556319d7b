// Passwords for the CLI without putting them in `ps` or shell history: piped with --password-stdin, or typed at a
// hidden prompt when stdin is a terminal. Without a terminal Rollcall never prompts (a script would hang).
import { createInterface } from 'node:readline';
import { InputError } from '../core/orgs/org-service.js';
import type { CliIo } from './cli-io.js';

/** The whole of stdin, without the final line break. */
export async function readPasswordFromStdin(io: CliIo): Promise<string> {
  if (!io.stdin) throw new InputError('--password-stdin needs a standard input');
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return text.replace(/\r?\n$/, '');
}

function promptHidden(io: CliIo, question: string): Promise<string> {
  const input = io.stdin!;
  const rl = createInterface({ input, output: io.stderr, terminal: true });
  // readline echoes typed characters through _writeToOutput; only the question itself is shown.
  const muted = rl as unknown as { _writeToOutput: (s: string) => void };
  let asked = false;
  muted._writeToOutput = (s: string) => {
    if (!asked) io.stderr.write(s);
    asked = true;
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      io.stderr.write('\n');
      resolve(answer);
    });
  });
}

/**
 * The password from the argument, stdin or a prompt (typed twice). `optionName` names the argument in the error a
 * script sees when none was given.
 */
export async function obtainPassword(io: CliIo, given: { value?: string | undefined; fromStdin?: boolean | undefined }, optionName: string): Promise<string> {
  if (given.value !== undefined && given.fromStdin) throw new InputError(`use either ${optionName} or --password-stdin, not both`);
  if (given.value !== undefined) return given.value;
  if (given.fromStdin) return readPasswordFromStdin(io);
  if (!io.stdin?.isTTY) {
    throw new InputError(`a password is required: pipe it with --password-stdin, pass ${optionName}, or run in a terminal to be asked`);
  }
  const first = await promptHidden(io, 'Password (at least 12 characters): ');
  const second = await promptHidden(io, 'Repeat the password: ');
  if (first !== second) throw new InputError('the two passwords differ; nothing was changed');
  return first;
}
