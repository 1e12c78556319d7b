// Migration 7: one-time team links (issue 14): invitations to join an organization and password-reset links.
// Only the digest of each link is stored; a link goes with its organization.
import type { Migration } from './migration.js';

export const teamLinks: Migration = {
  version: 7,
  name: 'team-links',
  sqlite: `
CREATE TABLE team_links (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('invite', 'password-reset')),
  email TEXT NOT NULL,
  role TEXT CHECK (role IN ('owner', 'admin', 'member')),
  digest TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX team_links_org ON team_links (org_id, created_at);
`,
  postgres: `
CREATE TABLE team_links (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('invite', 'password-reset')),
  email text NOT NULL,
  role text CHECK (role IN ('owner', 'admin', 'member')),
  digest text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX team_links_org ON team_links (org_id, created_at);
`,
};
