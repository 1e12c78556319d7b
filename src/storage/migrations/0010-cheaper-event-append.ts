// Migration 10: a cheaper event append (issue 10: events add at most 15% to a SCIM write; numbers in
// docs/decisions/events-cost.md). Every index is one more page each write's commit writes to the WAL (and later
// checkpoints). Pruning now walks seq order instead, so the occurred_at index goes on both engines.
import type { Migration } from './migration.js';

export const cheaperEventAppend: Migration = {
  version: 10,
  name: 'cheaper-event-append',
  sqlite: `
DROP INDEX events_occurred_at;
`,
  postgres: `
DROP INDEX events_occurred_at;
`,
};
