// Wraps a store so that "the database is unavailable" errors become one DatabaseUnavailableError at the storage
// boundary, and remembers failing calls so that ping() (and so /readyz) reports writes that fail while reads work.
import { DatabaseUnavailableError } from './store-errors.js';
import type { Store } from './store.js';

/** Names the cause when `error` means the database cannot serve requests for now; undefined otherwise. */
export type UnavailableClassifier = (error: unknown) => string | undefined;

/** A failing call keeps /readyz "unavailable" this long unless the same call succeeds first. */
export const FAILING_CALL_MEMORY_MS = 30_000;
/** The same cause is logged again after this long without recovery. */
export const CAUSE_LOG_INTERVAL_MS = 60_000;

interface Failure {
  readonly reason: string;
  readonly message: string;
  readonly at: number;
}

export function guardUnavailable(store: Store, classify: UnavailableClassifier, now: () => number = Date.now): Store {
  const failing = new Map<string, Failure>();
  const lastLogged = new Map<string, number>();

  const convert = (call: string, error: unknown): unknown => {
    const reason = classify(error);
    if (reason === undefined) return error;
    const at = now();
    const message = error instanceof Error ? error.message : String(error);
    failing.set(call, { reason, message, at });
    const logged = lastLogged.get(reason);
    const first = logged === undefined || at - logged >= CAUSE_LOG_INTERVAL_MS;
    if (first) lastLogged.set(reason, at);
    return new DatabaseUnavailableError(reason, `database unavailable (${reason}): ${message}`, first);
  };
  const succeeded = (call: string) => {
    if (failing.size === 0 || !failing.delete(call)) return;
    // Recovered: the next outage is logged again from its first failure.
    if (failing.size === 0) lastLogged.clear();
  };

  const guard = <F extends (...args: never[]) => unknown>(call: string, fn: F): F =>
    (async (...args: Parameters<F>) => {
      try {
        const result = await fn(...args);
        succeeded(call);
        return result;
      } catch (error) {
        throw convert(call, error);
      }
    }) as unknown as F;

  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    if (typeof value === 'object' && value !== null) {
      const sub: Record<string, unknown> = {};
      for (const [method, fn] of Object.entries(value as Record<string, unknown>)) {
        sub[method] = typeof fn === 'function' ? guard(`${name}.${method}`, (fn as (...args: never[]) => unknown).bind(value)) : fn;
      }
      guarded[name] = sub;
    } else {
      guarded[name] = value;
    }
  }
  const ping = guard('ping', store.ping.bind(store));
  return {
    ...(guarded as unknown as Store),
    async ping() {
      await ping();
      // The database answers, but a recent call failed for want of it (SQLite reads work on a full disk).
      const at = now();
      for (const [call, failure] of failing) {
        if (at - failure.at >= FAILING_CALL_MEMORY_MS) failing.delete(call);
        else throw new DatabaseUnavailableError(failure.reason, `database unavailable (${failure.reason}): ${failure.message}`, false);
      }
    },
    close: store.close.bind(store),
  };
}
