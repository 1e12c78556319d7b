// Migration 4: the product team's API (design.md section 8): API keys, organizations' external ids, one-time setup
// links and the sessions they start, and the indexes that keep directory reads flat at any page depth.
import type { Migration } from './migration.js';

export const productApi: Migration = {
  version: 4,
  name: 'product-api',
  sqlite: `
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  digest TEXT NOT NULL,
  hint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT
);

ALTER TABLE orgs ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX orgs_external_id ON orgs (external_id) WHERE external_id IS NOT NULL;

CREATE TABLE setup_links (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  digest TEXT NOT NULL,
  return_url TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX setup_links_org ON setup_links (org_id);

CREATE TABLE setup_link_sessions (
  id_digest TEXT PRIMARY KEY,
  link_id TEXT NOT NULL REFERENCES setup_links(id) ON DELETE CASCADE,
  org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  csrf_secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX setup_link_sessions_org ON setup_link_sessions (org_id);

-- Directory reads: active users in seq order (rowid is the index's implicit last column, as it is for
-- scim_users_updated, which serves updated_since in (updated_at, seq) order).
CREATE INDEX scim_users_org_active ON scim_users (org_id, active);
`,
  postgres: `
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  digest text NOT NULL,
  hint text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);

ALTER TABLE orgs ADD COLUMN external_id text;
CREATE UNIQUE INDEX orgs_external_id ON orgs (external_id) WHERE external_id IS NOT NULL;

CREATE TABLE setup_links (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  digest text NOT NULL,
  return_url text,
  created_at timestamptz NOT NULL,
  created_by text,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX setup_links_org ON setup_links (org_id);

CREATE TABLE setup_link_sessions (
  id_digest text PRIMARY KEY,
  link_id text NOT NULL REFERENCES setup_links(id) ON DELETE CASCADE,
  org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  csrf_secret text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX setup_link_sessions_org ON setup_link_sessions (org_id);

-- Directory reads page by (org, seq) or (org, updated_at, seq); these carry seq explicitly, as SQLite's rowid does.
CREATE INDEX scim_users_org_active ON scim_users (org_id, active, seq);
CREATE INDEX scim_users_org_updated_seq ON scim_users (org_id, updated_at, seq);
`,
};
