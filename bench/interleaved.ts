// A scenario and its ceiling measured in alternating slices. On a shared machine the ceiling alone answered from
// 13,700 to 26,300 req/s between scenarios of one run; slices taken in turn see the same machine, so their ratio
// holds still where two runs a few seconds apart do not.
import type { LoadResult } from './load.js';

export type Measured = LoadResult & { cpuUsPerRequest: number; dbCpuUsPerRequest?: number };

/**
 * `slices` runs of each, scenario first. `scenario` gets how many requests it has sent so far, to continue its ids;
 * `ceiling` gets the scenario's slice just measured, to answer bodies of its size.
 */
export async function interleaved(
  slices: number,
  scenario: (sent: number) => Promise<Measured>,
  ceiling: (slice: Measured) => Promise<Measured>,
): Promise<{ result: Measured; ceiling: Measured }> {
  const mine: Measured[] = [];
  const theirs: Measured[] = [];
  let sent = 0;
  for (let i = 0; i < slices; i++) {
    const slice = await scenario(sent);
    sent += slice.requests;
    mine.push(slice);
    theirs.push(await ceiling(slice));
  }
  return { result: combined(mine), ceiling: combined(theirs) };
}

/** Slices as one measurement: their requests over their time, CPU per request weighted by requests. */
export function combined(slices: readonly Measured[]): Measured {
  const requests = slices.reduce((n, s) => n + s.requests, 0);
  const seconds = slices.reduce((t, s) => t + (s.perSecond > 0 ? s.requests / s.perSecond : 0), 0);
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const perRequest = (pick: (s: Measured) => number) => (requests ? slices.reduce((sum, s) => sum + pick(s) * s.requests, 0) / requests : 0);
  const db = slices.every((s) => s.dbCpuUsPerRequest !== undefined) ? { dbCpuUsPerRequest: perRequest((s) => s.dbCpuUsPerRequest!) } : {};
  return {
    requests,
    perSecond: seconds > 0 ? requests / seconds : 0,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies.at(-1) ?? 0,
    latencies,
    errors: slices.reduce((n, s) => n + s.errors, 0),
    bytesPerResponse: Math.round(perRequest((s) => s.bytesPerResponse)),
    cpuUsPerRequest: perRequest((s) => s.cpuUsPerRequest),
    ...db,
  };
}
