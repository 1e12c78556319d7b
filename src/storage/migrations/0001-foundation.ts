// Migration 1: the foundation schema, SQLite and PostgreSQL side by side so the two cannot drift apart unseen.
// Column layout: hot SCIM attributes get their own indexed columns; the rest of the resource lives in `doc` (JSON).
// `*_ci` columns hold the lower-cased value for case-insensitive attributes (RFC 7643 caseExact=false).
import type { Migration } from './migration.js';

export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  sqlite: `
CREATE TABLE orgs (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  scim_enabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  email_ci TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE memberships (
  org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (org_id, account_id)
) WITHOUT ROWID;

CREATE TABLE scim_tokens (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  digest TEXT NOT NULL,
  hint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  expires_at TEXT,
  retire_when_successor_used INTEGER NOT NULL DEFAULT 0,
  revoked_at TEXT,
  last_used_at TEXT,
  last_used_agent TEXT,
  last_used_ip TEXT
);
CREATE INDEX scim_tokens_org ON scim_tokens (org_id, created_at);

CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY,
  org_id TEXT NOT NULL,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  actor TEXT,
  ip TEXT,
  detail TEXT
);
CREATE INDEX audit_events_org ON audit_events (org_id, seq);

CREATE TABLE scim_users (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  user_name TEXT NOT NULL,
  user_name_ci TEXT NOT NULL,
  external_id TEXT,
  display_name TEXT,
  display_name_ci TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE UNIQUE INDEX scim_users_user_name ON scim_users (org_id, user_name_ci);
CREATE INDEX scim_users_external_id ON scim_users (org_id, external_id);
CREATE INDEX scim_users_display_name ON scim_users (org_id, display_name_ci);
CREATE INDEX scim_users_updated ON scim_users (org_id, updated_at);
CREATE INDEX scim_users_org_seq ON scim_users (org_id, seq);

CREATE TABLE scim_user_emails (
  user_seq INTEGER NOT NULL REFERENCES scim_users(seq) ON DELETE CASCADE,
  org_id TEXT NOT NULL,
  value_ci TEXT NOT NULL,
  type TEXT,
  is_primary INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scim_user_emails_value ON scim_user_emails (org_id, value_ci);
CREATE INDEX scim_user_emails_user ON scim_user_emails (user_seq);

CREATE TABLE scim_groups (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  display_name TEXT NOT NULL,
  display_name_ci TEXT NOT NULL,
  external_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX scim_groups_display_name ON scim_groups (org_id, display_name_ci);
CREATE INDEX scim_groups_external_id ON scim_groups (org_id, external_id);
CREATE INDEX scim_groups_updated ON scim_groups (org_id, updated_at);
CREATE INDEX scim_groups_org_seq ON scim_groups (org_id, seq);

CREATE TABLE scim_group_members (
  group_seq INTEGER NOT NULL REFERENCES scim_groups(seq) ON DELETE CASCADE,
  member_id TEXT NOT NULL,
  member_type TEXT NOT NULL CHECK (member_type IN ('User', 'Group')),
  org_id TEXT NOT NULL,
  PRIMARY KEY (group_seq, member_id)
) WITHOUT ROWID;
CREATE INDEX scim_group_members_member ON scim_group_members (org_id, member_id);

CREATE TABLE scim_changes (
  seq INTEGER PRIMARY KEY,
  org_id TEXT NOT NULL,
  at TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  action TEXT NOT NULL,
  version INTEGER,
  client TEXT,
  request TEXT,
  status INTEGER NOT NULL
);
CREATE INDEX scim_changes_org ON scim_changes (org_id, seq);

CREATE TABLE console_sessions (
  id_digest TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  csrf_secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ip TEXT,
  user_agent TEXT
);
CREATE INDEX console_sessions_account ON console_sessions (account_id);

CREATE TABLE setup_tokens (
  digest TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);

CREATE TABLE sign_in_failures (
  key TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
`,
  postgres: `
CREATE TABLE orgs (
  id text PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  scim_enabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);

CREATE TABLE accounts (
  id text PRIMARY KEY,
  email text NOT NULL,
  email_ci text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE memberships (
  org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, account_id)
);

-- seq stands in for SQLite's rowid: the tie-breaker when two tokens share a creation instant.
CREATE TABLE scim_tokens (
  seq bigint GENERATED ALWAYS AS IDENTITY,
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  digest text NOT NULL,
  hint text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text,
  expires_at timestamptz,
  retire_when_successor_used boolean NOT NULL DEFAULT false,
  revoked_at timestamptz,
  last_used_at timestamptz,
  last_used_agent text,
  last_used_ip text
);
CREATE INDEX scim_tokens_org ON scim_tokens (org_id, created_at);

CREATE TABLE audit_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id text NOT NULL,
  at timestamptz NOT NULL,
  action text NOT NULL,
  actor text,
  ip text,
  detail jsonb
);
CREATE INDEX audit_events_org ON audit_events (org_id, seq);

-- SCIM text columns compared as stored (ids, caseExact values, the *_ci columns folded by Rollcall) use the "C"
-- collation: comparisons and ORDER BY by code point, as SQLite's BINARY does, and btree indexes serve =,
-- ORDER BY and LIKE 'prefix%' alike. Columns filters fold with lower() keep the database's (UTF-8) collation.
CREATE TABLE scim_users (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  org_id text COLLATE "C" NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  user_name text COLLATE "C" NOT NULL,
  user_name_ci text COLLATE "C" NOT NULL,
  external_id text COLLATE "C",
  display_name text COLLATE "C",
  display_name_ci text COLLATE "C",
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL,
  doc jsonb NOT NULL
);
CREATE UNIQUE INDEX scim_users_user_name ON scim_users (org_id, user_name_ci);
CREATE INDEX scim_users_external_id ON scim_users (org_id, external_id);
CREATE INDEX scim_users_display_name ON scim_users (org_id, display_name_ci);
CREATE INDEX scim_users_updated ON scim_users (org_id, updated_at);
CREATE INDEX scim_users_org_seq ON scim_users (org_id, seq);

CREATE TABLE scim_user_emails (
  user_seq bigint NOT NULL REFERENCES scim_users(seq) ON DELETE CASCADE,
  org_id text COLLATE "C" NOT NULL,
  value_ci text COLLATE "C" NOT NULL,
  -- The database's own collation: filters fold this with lower(), which folds only ASCII under "C".
  type text,
  is_primary boolean NOT NULL DEFAULT false
);
CREATE INDEX scim_user_emails_value ON scim_user_emails (org_id, value_ci);
CREATE INDEX scim_user_emails_user ON scim_user_emails (user_seq);

CREATE TABLE scim_groups (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  org_id text COLLATE "C" NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  display_name text COLLATE "C" NOT NULL,
  display_name_ci text COLLATE "C" NOT NULL,
  external_id text COLLATE "C",
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX scim_groups_display_name ON scim_groups (org_id, display_name_ci);
CREATE INDEX scim_groups_external_id ON scim_groups (org_id, external_id);
CREATE INDEX scim_groups_updated ON scim_groups (org_id, updated_at);
CREATE INDEX scim_groups_org_seq ON scim_groups (org_id, seq);

CREATE TABLE scim_group_members (
  group_seq bigint NOT NULL REFERENCES scim_groups(seq) ON DELETE CASCADE,
  member_id text COLLATE "C" NOT NULL,
  member_type text NOT NULL CHECK (member_type IN ('User', 'Group')),
  org_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (group_seq, member_id)
);
CREATE INDEX scim_group_members_member ON scim_group_members (org_id, member_id);

CREATE TABLE scim_changes (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id text NOT NULL,
  at timestamptz NOT NULL,
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  action text NOT NULL,
  version integer,
  client text,
  request jsonb,
  status integer NOT NULL
);
CREATE INDEX scim_changes_org ON scim_changes (org_id, seq);

CREATE TABLE console_sessions (
  id_digest text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  csrf_secret text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX console_sessions_account ON console_sessions (account_id);

CREATE TABLE setup_tokens (
  digest text PRIMARY KEY,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE sign_in_failures (
  key text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
`,
};
