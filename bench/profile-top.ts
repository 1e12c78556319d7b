// Where a server's busy CPU goes, read from a V8 CPU profile: the frames with the most self time, and the share
// of busy time spent under each script (inclusive). Used by BENCH_PROFILE=1 to find costs instead of guessing.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

export interface FrameShare {
  readonly frame: string;
  readonly share: number;
}

/** Shortens a script URL to its place in the checkout or in node_modules. */
const shortUrl = (url: string): string => url.replace(/^file:\/\/.*?\/(dist\/|node_modules\/)/, '$1').replace(/^node:/, '');

const frameName = (node: ProfileNode): string =>
  `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;

/** The top `count` frames by self time and by inclusive time per script, as shares of non-idle samples. */
export function profileTop(path: string, count: number): { self: FrameShare[]; scripts: FrameShare[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const scripts = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue;
    busy += 1;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + 1);
    // Inclusive per script: each script on the stack counts once per sample.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = shortUrl(byId.get(at)!.callFrame.url);
      if (url) seen.add(url);
    }
    for (const url of seen) scripts.set(url, (scripts.get(url) ?? 0) + 1);
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([frame, n]) => ({ frame, share: busy === 0 ? 0 : n / busy }));
  return { self: top(self), scripts: top(scripts) };
}
