// Real `rollcall` processes (compiled dist/) for the many-instances tests: serve on 127.0.0.1 with PORT=0, run CLI commands.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/rollcall.js', import.meta.url));
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export interface ServeProcess {
  /** e.g. http://127.0.0.1:41234, as printed by `rollcall serve`. */
  readonly origin: string;
  /** stdout and stderr interleaved. */
  readonly output: () => string;
  /** stdout alone (JSON log lines) and stderr alone (text for the operator). */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** SIGTERM (graceful: Fastify finishes in-flight requests, then the pool ends); resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies at once, with whatever it had in flight (crash tests). */
  kill(): Promise<void>;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export function serve(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`rollcall serve ${why}:\n${output}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('exit', (code) => fail(`exited with ${code}`));
    let started = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      stderr += chunk.toString();
      // The operator's text on stderr is written last, once the server listens and the first step is known.
      const match = started ? null : /Rollcall is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (!match) return;
      started = true;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        origin: match[1]!,
        output: () => output,
        stdout: () => stdout,
        stderr: () => stderr,
        async stop() {
          child.kill('SIGTERM');
          return exited(child, STOP_TIMEOUT_MS);
        },
        async kill() {
          child.kill('SIGKILL');
          await exited(child, STOP_TIMEOUT_MS);
        },
      });
    };
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', onData);
  });
}

/** Runs one CLI command to completion; stdout, stderr and exit code. */
export function cli(databaseUrl: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return run([...args, '--database-url', databaseUrl], { env: { ...process.env } as Record<string, string> });
}

export interface RunOptions {
  /** Written to the command's stdin (a pipe, never a terminal), which is then closed. */
  readonly input?: string;
  readonly env?: Record<string, string>;
  /** Run as this user (tests running as root use it to meet a read-only file as an ordinary user would). */
  readonly uid?: number;
  readonly gid?: number;
}

/** Runs `rollcall <args>` exactly as given, as a separate process. */
export function run(args: readonly string[], options: RunOptions = {}): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  child.stdin.end(options.input ?? '');
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return exited(child, START_TIMEOUT_MS).then((code) => ({ code, out, err }));
}
