// When a failed webhook delivery is tried again: exponential backoff with jitter, the first retry within seconds, for
// up to three days after the delivery was queued; after that the delivery is marked failed.

export interface RetrySchedule {
  /** Delay before the first retry, before jitter. */
  readonly firstDelayMs: number;
  readonly factor: number;
  /** Longest delay between two attempts. */
  readonly maxDelayMs: number;
  /** No attempt later than this long after the delivery was queued. */
  readonly giveUpAfterMs: number;
  /** Share of each delay that is random (0..1): receivers recovering from an outage are not hit in lockstep. */
  readonly jitter: number;
}

const HOUR_MS = 3_600_000;

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  firstDelayMs: 5_000,
  factor: 2,
  maxDelayMs: HOUR_MS,
  giveUpAfterMs: 72 * HOUR_MS,
  jitter: 0.5,
};

/** The delay before retry number `failedAttempts` (1 after the first failure), `random` in [0, 1). */
export function retryDelayMs(schedule: RetrySchedule, failedAttempts: number, random: number): number {
  const base = Math.min(schedule.maxDelayMs, schedule.firstDelayMs * schedule.factor ** Math.max(0, failedAttempts - 1));
  return Math.round(base * (1 - schedule.jitter * random));
}

/**
 * The time of the next attempt after `failedAttempts` failures, or undefined when the delivery has had its last
 * chance. The last retry is moved to the deadline itself rather than dropped.
 */
export function nextAttemptAt(schedule: RetrySchedule, failedAttempts: number, createdAt: Date, now: Date, random: number): Date | undefined {
  const deadline = createdAt.getTime() + schedule.giveUpAfterMs;
  if (now.getTime() >= deadline) return undefined;
  return new Date(Math.min(deadline, now.getTime() + retryDelayMs(schedule, failedAttempts, random)));
}
