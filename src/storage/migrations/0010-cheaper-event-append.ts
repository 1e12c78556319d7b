// Migration 10: a cheaper event append (issue 10: events add at most 15% to a SCIM write; evidence in
// docs/decisions/events-cost.md). Each index and each AUTOINCREMENT counter is one more page every write's commit
// writes to the WAL. Pruning now walks seq order instead of an occurred_at index, so that index goes on both engines.
// On SQLite the table is rebuilt without AUTOINCREMENT (whose counter row is one more page per commit): a trigger
// refuses to delete the newest event instead, so the highest seq always stays in the table and a new rowid (max + 1)
// is always above every seq handed out since, which the feed and webhook_endpoints.cursor_seq rely on.
import type { Migration } from './migration.js';

export const cheaperEventAppend: Migration = {
  version: 10,
  name: 'cheaper-event-append',
  sqlite: `
CREATE TABLE events_rebuilt (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  org_id TEXT NOT NULL,
  org_external_id TEXT,
  type TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  resource_version INTEGER,
  data TEXT NOT NULL,
  changed TEXT NOT NULL
);
INSERT INTO events_rebuilt SELECT seq, id, org_id, org_external_id, type, occurred_at, resource_type, resource_id, resource_version, data, changed FROM events ORDER BY seq;
-- Had every event been pruned, the next rowid restarts below the old counter: no webhook cursor may point past it.
UPDATE webhook_endpoints SET cursor_seq = (SELECT coalesce(max(seq), 0) FROM events_rebuilt)
  WHERE cursor_seq > (SELECT coalesce(max(seq), 0) FROM events_rebuilt);
DROP TABLE events;
ALTER TABLE events_rebuilt RENAME TO events;
CREATE INDEX events_org_seq ON events (org_id, seq);
CREATE TRIGGER events_keep_newest BEFORE DELETE ON events
  WHEN old.seq = (SELECT max(seq) FROM events)
  BEGIN SELECT RAISE(ABORT, 'the newest event is never deleted: seq must never go backwards'); END;
`,
  postgres: `
DROP INDEX events_occurred_at;
`,
};
