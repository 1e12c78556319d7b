// Child processes of the benchmark (servers started from the repository root) and the CPU they use.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { LoadResult } from './load.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Starts `node <args>` in the checkout (or in `cwd`) and resolves with the port once stdout matches `ready`. */
export function startProcess(args: string[], env: Record<string, string>, ready: RegExp, cwd = ROOT): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** CPU seconds of each process, 0 for one gone (a database backend that exited between listing and reading). */
const cpuOf = (pids: readonly number[]): Map<number, number> =>
  new Map(
    pids.map((pid) => {
      try {
        return [pid, cpuSeconds(pid)];
      } catch {
        return [pid, 0];
      }
    }),
  );

/**
 * CPU seconds the processes used between two readings. A process found only in the second reading (a backend opened
 * during the run) counts from zero, so its start-up is charged to the run; one gone by then is not counted.
 */
export function cpuUsedBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let used = 0;
  for (const [pid, seconds] of after) used += Math.max(0, seconds - (before.get(pid) ?? 0));
  return used;
}

/**
 * Runs a load and reports the server's CPU microseconds per request beside the load result, and with `backends`
 * (the PostgreSQL backends serving that server) theirs as `dbCpuUsPerRequest`: on this machine both share the cores.
 */
export async function measured(
  pid: number,
  load: () => Promise<LoadResult>,
  backends?: () => Promise<number[]>,
): Promise<LoadResult & { cpuUsPerRequest: number; dbCpuUsPerRequest?: number }> {
  const dbBefore = backends && cpuOf(await backends());
  const before = cpuSeconds(pid);
  const result = await load();
  const used = cpuSeconds(pid) - before;
  const perRequest = (seconds: number) => (result.requests ? (seconds * 1e6) / result.requests : 0);
  if (!dbBefore) return { ...result, cpuUsPerRequest: perRequest(used) };
  const dbUsed = cpuUsedBetween(dbBefore, cpuOf(await backends!()));
  return { ...result, cpuUsPerRequest: perRequest(used), dbCpuUsPerRequest: perRequest(dbUsed) };
}

/** A process's resident memory now (VmRSS), in MB. */
export const rssMb = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};
