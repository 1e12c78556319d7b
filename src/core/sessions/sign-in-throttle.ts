// Sign-in throttling per account and address together, and per address, counted in the shared store so every
// instance agrees. Counting per account alone would let anyone lock an owner out with 5 wrong passwords; counted
// with the address, the owner still signs in from elsewhere. Keys are built from what was typed, whether or not the
// account exists, so throttling reveals no accounts.
import type { SignInThrottleStore } from '../../storage/store.js';

export interface SignInLimits {
  readonly windowMs: number;
  /** Failures for one account from one address. */
  readonly perAccount: number;
  readonly perAddress: number;
}

/** 5 failures per account and address, and 20 per address, within 15 minutes (OWASP authentication guidance). */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 };

const accountKey = (email: string, ip: string) => `account:${email.trim().toLowerCase()}|ip:${ip}`;
const addressKey = (ip: string) => `ip:${ip}`;

export class SignInThrottle {
  constructor(
    private readonly store: SignInThrottleStore,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {}

  /** Seconds to wait before trying again when throttled, undefined otherwise. */
  async retryAfterSeconds(email: string, ip: string, now: Date): Promise<number | undefined> {
    const since = new Date(now.getTime() - this.limits.windowMs).toISOString();
    const [byAccount, byAddress] = await Promise.all([
      this.store.failuresSince(accountKey(email, ip), since),
      this.store.failuresSince(addressKey(ip), since),
    ]);
    if (byAccount < this.limits.perAccount && byAddress < this.limits.perAddress) return undefined;
    // The store keeps counts, not the oldest failure: the whole window is the honest upper bound.
    return Math.ceil(this.limits.windowMs / 1000);
  }

  async recordFailure(email: string, ip: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.store.recordFailure(accountKey(email, ip), at);
    await this.store.recordFailure(addressKey(ip), at);
  }

  /** A successful sign-in clears the account's count there; the address keeps its count (one address, many guesses). */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.store.clear(accountKey(email, ip));
  }
}
