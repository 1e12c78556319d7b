// Slices of a measurement combine into what one run of their total length would report.
import { describe, expect, it } from 'vitest';
import { combined, interleaved, type Measured } from './interleaved.js';

const slice = (requests: number, seconds: number, cpuUs: number, latencies: number[], extra: Partial<Measured> = {}): Measured => ({
  requests,
  perSecond: requests / seconds,
  p50Ms: 0,
  p99Ms: 0,
  maxMs: Math.max(...latencies),
  latencies: [...latencies].sort((a, b) => a - b),
  errors: 0,
  bytesPerResponse: 100,
  cpuUsPerRequest: cpuUs,
  ...extra,
});

describe('combined', () => {
  it('counts requests over the total time and weighs CPU per request by requests', () => {
    const all = combined([slice(1_000, 1, 100, [1, 2]), slice(3_000, 2, 200, [3, 4], { errors: 2, bytesPerResponse: 300 })]);
    expect(all.requests).toBe(4_000);
    expect(all.perSecond).toBeCloseTo(4_000 / 3);
    expect(all.cpuUsPerRequest).toBeCloseTo((1_000 * 100 + 3_000 * 200) / 4_000);
    expect(all.bytesPerResponse).toBe(250);
    expect(all.errors).toBe(2);
    expect(all.dbCpuUsPerRequest).toBeUndefined();
  });

  it('reads percentiles from every slice latency together', () => {
    const all = combined([slice(2, 1, 1, [5, 1]), slice(2, 1, 1, [9, 3])]);
    expect(all.latencies).toEqual([1, 3, 5, 9]);
    expect(all.p50Ms).toBe(5);
    expect(all.p99Ms).toBe(9);
    expect(all.maxMs).toBe(9);
  });

  it('keeps the database CPU when every slice has it', () => {
    const all = combined([slice(1, 1, 1, [1], { dbCpuUsPerRequest: 10 }), slice(3, 1, 1, [1], { dbCpuUsPerRequest: 30 })]);
    expect(all.dbCpuUsPerRequest).toBeCloseTo(25);
  });
});

describe('interleaved', () => {
  it('alternates scenario and ceiling, continuing the scenario where it stopped and sizing the ceiling by its slice', async () => {
    const order: string[] = [];
    let n = 0;
    const { result, ceiling } = await interleaved(
      3,
      async (sent) => {
        order.push(`scenario from ${sent}`);
        n += 1;
        return slice(10 * n, 1, 1, [n], { bytesPerResponse: n });
      },
      async (mine) => {
        order.push(`ceiling of ${mine.bytesPerResponse} bytes`);
        return slice(100, 1, 1, [1]);
      },
    );
    expect(order).toEqual(['scenario from 0', 'ceiling of 1 bytes', 'scenario from 10', 'ceiling of 2 bytes', 'scenario from 30', 'ceiling of 3 bytes']);
    expect(result.requests).toBe(60);
    expect(ceiling.requests).toBe(300);
  });
});
