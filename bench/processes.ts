// Child processes of the benchmark (servers started from the repository root) and the CPU they use.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { LoadResult } from './load.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Starts `node <args>` in the checkout and resolves with the port once stdout matches `ready`. */
export function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let started = false;
    // The server's start-up line is on stderr (stdout carries JSON logs, silent at LOG_LEVEL=warn).
    const watch = (chunk: Buffer) => {
      if (started) return;
      out += chunk.toString();
      const match = ready.exec(out);
      if (match) {
        started = true;
        resolve({ child, port: Number(match[1]) });
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      watch(chunk);
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

/** CPU seconds (user + system) a process has used, from /proc: a steadier yardstick than req/s on a shared machine. */
export const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** Runs a load and reports the server's CPU microseconds per request beside the load result. */
export async function measured(pid: number, load: () => Promise<LoadResult>): Promise<LoadResult & { cpuUsPerRequest: number }> {
  const before = cpuSeconds(pid);
  const result = await load();
  const used = cpuSeconds(pid) - before;
  return { ...result, cpuUsPerRequest: result.requests ? (used * 1e6) / result.requests : 0 };
}
