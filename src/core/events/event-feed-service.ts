// The events feed (design.md section 9): pages in feed order after a cursor, filtered by organization and type, and
// long-polls when nothing newer is visible. Visibility is decided by the store (on PostgreSQL an event shows once every
// older transaction has ended), so waiting polls the store: a write on another instance wakes the reader too.
import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_TYPES } from '../../storage/event-drafts.js';
import type { Store, StoredEvent } from '../../storage/store.js';
import { Problem } from '../problem.js';

export const MAX_WAIT_SECONDS = 30;
/** How often a waiting reader looks again; each look is one indexed query. */
export const DEFAULT_POLL_INTERVAL_MS = 200;

export interface FeedQuery {
  readonly after?: string | undefined;
  readonly orgId?: string | undefined;
  readonly types?: readonly string[] | undefined;
  readonly limit: number;
  /** Seconds to wait for a first matching event when none is visible yet (0 to answer at once). */
  readonly waitSeconds?: number | undefined;
  /** Ends the wait early (the client went away). */
  readonly signal?: AbortSignal | undefined;
}

export interface FeedPage {
  readonly events: StoredEvent[];
  /** Where to resume: the last event's id, or the cursor given when nothing newer was found. */
  readonly next: string | null;
}

/** A cursor that names no stored event: never issued, or pruned by retention. */
export const unknownCursor = (after: string) =>
  new Problem(
    410,
    'event-cursor-gone',
    'The event cursor is unknown or expired',
    `No stored event has id "${after}": it was never issued or it was pruned after the retention period (EVENT_RETENTION_DAYS). ` +
      'Read the feed again without after (the oldest retained event first) and reconcile with the directory reads.',
  );

/** Checks event type names against the list of design.md section 9. */
export function checkEventTypes(types: readonly string[], field: string): string[] {
  const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0) throw Problem.invalid(`${field}: unknown event type "${unknown[0]}"; known types are ${EVENT_TYPES.join(', ')}`);
  return [...new Set(types)];
}

export class EventFeedService {
  /** Aborted when the server closes, so waiting readers answer at once and shutdown is not held. */
  private readonly closing = new AbortController();

  constructor(
    private readonly store: Store,
    private readonly pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
  ) {}

  async list(query: FeedQuery): Promise<FeedPage> {
    const types = query.types && query.types.length > 0 ? checkEventTypes(query.types, 'types') : undefined;
    const waitMs = Math.min(Math.max(query.waitSeconds ?? 0, 0), MAX_WAIT_SECONDS) * 1000;
    const deadline = performance.now() + waitMs;
    const signal = query.signal ? AbortSignal.any([this.closing.signal, query.signal]) : this.closing.signal;
    for (;;) {
      const events = await this.store.events.list({
        ...(query.after !== undefined ? { after: query.after } : {}),
        ...(query.orgId !== undefined ? { orgId: query.orgId } : {}),
        ...(types ? { types } : {}),
        limit: query.limit,
      });
      if (!events) throw unknownCursor(query.after ?? '');
      const remaining = deadline - performance.now();
      if (events.length > 0 || remaining <= 0 || signal.aborted) return { events, next: events.at(-1)?.id ?? query.after ?? null };
      try {
        await sleep(Math.min(this.pollIntervalMs, remaining), undefined, { signal });
      } catch {
        return { events: [], next: query.after ?? null };
      }
    }
  }

  /** Ends every wait in progress; later reads answer without waiting. */
  close(): void {
    this.closing.abort();
  }
}
