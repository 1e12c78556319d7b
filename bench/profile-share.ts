// The share of a server's busy CPU spent in some of its modules, read from a V8 CPU profile (`node --cpu-prof`).
// A ratio inside one process is steady where A/B throughput on a shared machine swings by ±20%.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

/** The newest `.cpuprofile` in a directory. */
export function latestProfile(dir: string): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort();
  const last = files.at(-1);
  if (!last) throw new Error(`no CPU profile in ${dir}`);
  return join(dir, last);
}

/**
 * For each named pattern, the fraction of non-idle samples whose stack holds a matching frame (`<script url>#<function>`)
 * (time in synchronous native calls, such as better-sqlite3's, counts toward the calling frame).
 */
export function profileShare(path: string, patterns: Readonly<Record<string, RegExp>>): Record<string, number> {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const names = Object.keys(patterns);
  // Which patterns a node's stack (itself and its callers) touches, memoised per node.
  const touched = new Map<number, ReadonlySet<string>>();
  const touches = (id: number): ReadonlySet<string> => {
    const known = touched.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const set = new Set(up === undefined ? [] : touches(up));
    const frame = `${node.callFrame.url}#${node.callFrame.functionName}`;
    for (const name of names) if (patterns[name]!.test(frame)) set.add(name);
    touched.set(id, set);
    return set;
  };
  let busy = 0;
  const hits = Object.fromEntries(names.map((n) => [n, 0])) as Record<string, number>;
  for (const id of profile.samples) {
    const name = byId.get(id)?.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') continue;
    busy += 1;
    for (const hit of touches(id)) hits[hit]! += 1;
  }
  return Object.fromEntries(names.map((n) => [n, busy === 0 ? 0 : hits[n]! / busy]));
}
