// The events feed of /api/v1/events as stored (design.md section 9).
import type { JsonObject } from '../../scim/messages/resource.js';

/** One event of the feed as stored (design.md section 9); `data` and `changed` as the write appended them. */
export interface StoredEvent {
  readonly id: string;
  readonly orgId: string;
  readonly orgExternalId: string | null;
  readonly type: string;
  readonly occurredAt: string;
  readonly data: JsonObject;
  readonly changed: readonly string[];
}

export interface EventQuery {
  /** An event id returned earlier: only events after it in feed order. */
  readonly after?: string;
  readonly orgId?: string;
  readonly types?: readonly string[];
  readonly limit: number;
}

/** The events feed: one order per database, never skipping an event that commits after a later one was read. */
export interface EventStore {
  /** Events after `after` in feed order; undefined when `after` names no stored event (unknown or pruned). */
  list(query: EventQuery): Promise<StoredEvent[] | undefined>;
  /** Deletes events that occurred before `before`; returns how many. */
  prune(before: string): Promise<number>;
}
