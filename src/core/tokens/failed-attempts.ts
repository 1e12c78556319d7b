// Counts refused bearer attempts per client address in fixed windows, so a flood of bad tokens is answered
// with 429 (and a burst is audited) while valid tokens from the same address are never slowed: every token is
// still checked, which costs a checksum and at most one indexed lookup. Per-instance by design: nothing here
// must be shared for the limit to work.
import type { Clock } from '../clock.js';

export interface FailedAttemptsOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export class FailedAttempts {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly options: FailedAttemptsOptions = { maxFailures: 30, windowMs: 60_000 },
  ) {}

  /** Records one failure; returns the count in the current window. */
  record(address: string): number {
    const now = this.clock().getTime();
    let window = this.windows.get(address);
    if (!window || now - window.start >= this.options.windowMs) {
      if (this.windows.size > 10_000) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(address, window);
    }
    window.count += 1;
    return window.count;
  }

  isLimited(count: number): boolean {
    return count > this.options.maxFailures;
  }

  /** True exactly once per window: when the count first passes the limit. */
  crossedLimit(count: number): boolean {
    return count === this.options.maxFailures + 1;
  }

  private prune(now: number): void {
    for (const [address, window] of this.windows) if (now - window.start >= this.options.windowMs) this.windows.delete(address);
  }
}
