// Migration 5: the transactional outbox of events (design.md section 9), webhook endpoints, their deliveries and attempts.
import type { Migration } from './migration.js';

export const events: Migration = {
  version: 5,
  name: 'events-and-webhooks',
  sqlite: `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
CREATE INDEX events_org_seq ON events (org_id, seq);
CREATE INDEX events_occurred_at ON events (occurred_at);
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  types TEXT,
  org_id TEXT,
  enabled INTEGER NOT NULL DEFAULT 1,
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_secret_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  cursor_txid INTEGER NOT NULL DEFAULT 0,
  cursor_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  org_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  lease_until TEXT,
  lease_owner TEXT,
  finished_at TEXT
);
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (endpoint_id, org_id, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, seq);
CREATE TABLE webhook_attempts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_seq INTEGER NOT NULL REFERENCES webhook_deliveries (seq) ON DELETE CASCADE,
  at TEXT NOT NULL,
  status INTEGER,
  duration_ms INTEGER NOT NULL,
  response_excerpt TEXT,
  error TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_seq, seq);
`,
  postgres: `
CREATE TABLE events (
  seq bigserial PRIMARY KEY,
  -- The writing transaction's id: readers only see transactions older than every running one (event-ordering.md).
  txid xid8 NOT NULL,
  id text COLLATE "C" NOT NULL UNIQUE,
  org_id text COLLATE "C" NOT NULL,
  org_external_id text,
  type text COLLATE "C" NOT NULL,
  occurred_at timestamptz NOT NULL,
  resource_type text COLLATE "C" NOT NULL,
  resource_id text COLLATE "C" NOT NULL,
  resource_version integer,
  data jsonb NOT NULL,
  changed jsonb NOT NULL
);
CREATE INDEX events_order ON events (txid, seq);
CREATE INDEX events_org_order ON events (org_id, txid, seq);
CREATE INDEX events_occurred_at ON events (occurred_at);
CREATE TABLE webhook_endpoints (
  id text COLLATE "C" PRIMARY KEY,
  url text NOT NULL,
  types jsonb,
  org_id text COLLATE "C",
  enabled boolean NOT NULL DEFAULT true,
  secret text NOT NULL,
  previous_secret text,
  previous_secret_until timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  cursor_txid xid8 NOT NULL DEFAULT '0',
  cursor_seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE webhook_deliveries (
  seq bigserial PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  endpoint_id text COLLATE "C" NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  org_id text COLLATE "C" NOT NULL,
  event_id text COLLATE "C" NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  lease_owner text,
  finished_at timestamptz
);
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (endpoint_id, org_id, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, seq);
CREATE TABLE webhook_attempts (
  seq bigserial PRIMARY KEY,
  delivery_seq bigint NOT NULL REFERENCES webhook_deliveries (seq) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  status integer,
  duration_ms integer NOT NULL,
  response_excerpt text,
  error text
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_seq, seq);
`,
};
