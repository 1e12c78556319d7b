import { describe, expect, it } from 'vitest';
import { cpuUsedBetween } from './processes.js';

describe('cpuUsedBetween', () => {
  it('sums what each process used, a new one from zero, one gone not at all', () => {
    const before = new Map([
      [10, 1.5],
      [11, 2],
      [12, 4],
    ]);
    const after = new Map([
      [10, 2],
      [11, 2.25],
      [13, 0.5],
    ]);
    expect(cpuUsedBetween(before, after)).toBeCloseTo(0.5 + 0.25 + 0.5);
  });

  it('never counts a reused process id whose counter went back as negative', () => {
    expect(cpuUsedBetween(new Map([[10, 3]]), new Map([[10, 1]]))).toBe(0);
  });
});
