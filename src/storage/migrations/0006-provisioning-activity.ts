// Migration 6: the provisioning activity log (every SCIM write and every failed request, in words), per-hour request
// counts per client for connection health, and the indexes the console's People and Groups lists page by.
// `scim_changes` stays: it is the in-transaction record of each write; activity rows are written after the answer.
import type { Migration } from './migration.js';

export const provisioningActivity: Migration = {
  version: 6,
  name: 'provisioning-activity',
  sqlite: `
CREATE TABLE scim_activity (
  seq INTEGER PRIMARY KEY,
  org_id TEXT NOT NULL,
  at TEXT NOT NULL,
  client TEXT NOT NULL,
  user_agent TEXT,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  resource_type TEXT,
  resource_id TEXT,
  target TEXT,
  summary TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
  status INTEGER NOT NULL,
  scim_type TEXT,
  detail TEXT,
  quirk TEXT,
  request TEXT,
  change TEXT
);
CREATE INDEX scim_activity_org ON scim_activity (org_id, seq);
CREATE INDEX scim_activity_resource ON scim_activity (org_id, resource_id, seq);
CREATE INDEX scim_activity_at ON scim_activity (at);

CREATE TABLE scim_request_hours (
  org_id TEXT NOT NULL,
  hour TEXT NOT NULL,
  client TEXT NOT NULL,
  requests INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  retired_token INTEGER NOT NULL,
  last_request_at TEXT NOT NULL,
  last_success_at TEXT,
  PRIMARY KEY (org_id, hour, client)
) WITHOUT ROWID;

-- People filtered by status use scim_users_org_active, created by migration 4.
`,
  postgres: `
CREATE TABLE scim_activity (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id text COLLATE "C" NOT NULL,
  at timestamptz NOT NULL,
  client text NOT NULL,
  user_agent text,
  method text NOT NULL,
  path text NOT NULL,
  resource_type text,
  resource_id text COLLATE "C",
  target text,
  summary text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
  status integer NOT NULL,
  scim_type text,
  detail text,
  quirk text,
  request text,
  change text
);
CREATE INDEX scim_activity_org ON scim_activity (org_id, seq);
CREATE INDEX scim_activity_resource ON scim_activity (org_id, resource_id, seq);
CREATE INDEX scim_activity_at ON scim_activity (at);

CREATE TABLE scim_request_hours (
  org_id text COLLATE "C" NOT NULL,
  hour timestamptz NOT NULL,
  client text NOT NULL,
  requests integer NOT NULL,
  errors integer NOT NULL,
  retired_token integer NOT NULL,
  last_request_at timestamptz NOT NULL,
  last_success_at timestamptz,
  PRIMARY KEY (org_id, hour, client)
);

-- People filtered by status use scim_users_org_active, created by migration 4.
`,
};
