import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAt, retryDelayMs } from './retry-schedule.js';

const CREATED = new Date('2026-03-01T00:00:00.000Z');
const at = (ms: number) => new Date(CREATED.getTime() + ms);
const S = 1_000;
const H = 3_600 * S;

describe('retry schedule', () => {
  it.each([
    // failed attempts, random, delay
    [1, 0, 5 * S],
    [1, 0.99, 2.525 * S],
    [2, 0, 10 * S],
    [3, 0.5, 15 * S],
    [10, 0, 2_560 * S],
    [11, 0, H],
    [40, 0, H],
    [40, 0.99, 0.505 * H],
  ])('after %i failures with random %d waits %i ms', (failures, random, delay) => {
    expect(retryDelayMs(DEFAULT_RETRY_SCHEDULE, failures, random)).toBe(Math.round(delay));
  });

  it('retries within seconds at first, for three days, then gives up', () => {
    expect(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 1, CREATED, at(200), 0)!.getTime() - at(200).getTime()).toBeLessThanOrEqual(5 * S);
    // The last retry is at the deadline, not dropped because the full delay would pass it.
    expect(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 60, CREATED, at(72 * H - 10 * S), 0)).toEqual(at(72 * H));
    expect(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 61, CREATED, at(72 * H), 0)).toBeUndefined();
    expect(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 61, CREATED, at(80 * H), 0)).toBeUndefined();
  });

  it('makes about 80 attempts over the three days when every attempt fails at once', () => {
    let now = CREATED;
    let attempts = 1;
    for (let next = nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 1, CREATED, now, 0.5); next; next = nextAttemptAt(DEFAULT_RETRY_SCHEDULE, attempts, CREATED, now, 0.5)) {
      now = next;
      attempts += 1;
    }
    expect(now).toEqual(at(72 * H));
    expect(attempts).toBeGreaterThan(70);
    expect(attempts).toBeLessThan(160);
  });
});
