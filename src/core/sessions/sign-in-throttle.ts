// Sign-in throttling per account and per client address, counted in the shared store so every instance agrees.
// Keys are built from what was typed, whether or not the account exists, so throttling reveals no accounts.
import type { SignInThrottleStore } from '../../storage/store.js';

export interface SignInLimits {
  readonly windowMs: number;
  readonly perAccount: number;
  readonly perAddress: number;
}

/** 5 failures per account and 20 per address within 15 minutes (OWASP authentication guidance). */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 };

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ip}`;

export class SignInThrottle {
  constructor(
    private readonly store: SignInThrottleStore,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {}

  async isThrottled(email: string, ip: string, now: Date): Promise<boolean> {
    const since = new Date(now.getTime() - this.limits.windowMs).toISOString();
    const [byAccount, byAddress] = await Promise.all([
      this.store.failuresSince(accountKey(email), since),
      this.store.failuresSince(addressKey(ip), since),
    ]);
    return byAccount >= this.limits.perAccount || byAddress >= this.limits.perAddress;
  }

  async recordFailure(email: string, ip: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.store.recordFailure(accountKey(email), at);
    await this.store.recordFailure(addressKey(ip), at);
  }

  /** A successful sign-in clears the account's count; the address keeps its count (one address, many guesses). */
  async recordSuccess(email: string): Promise<void> {
    await this.store.clear(accountKey(email));
  }
}
