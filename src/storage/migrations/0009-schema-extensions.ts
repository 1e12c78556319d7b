// Migration 9: each organization's SCIM schema extensions (design.md section 11) and its choice to keep extension
// data under URNs it never declared. A URN is declared once per organization, compared case-insensitively.
import type { Migration } from './migration.js';

export const schemaExtensions: Migration = {
  version: 9,
  name: 'schema-extensions',
  sqlite: `
CREATE TABLE scim_schema_extensions (
  org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  urn_ci TEXT NOT NULL,
  urn TEXT NOT NULL,
  resource_type TEXT NOT NULL CHECK (resource_type IN ('User', 'Group')),
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, urn_ci)
) WITHOUT ROWID;

CREATE TABLE scim_schema_settings (
  org_id TEXT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
  keep_undeclared_extensions INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
`,
  postgres: `
CREATE TABLE scim_schema_extensions (
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  urn_ci text NOT NULL,
  urn text NOT NULL,
  resource_type text NOT NULL CHECK (resource_type IN ('User', 'Group')),
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, urn_ci)
);

CREATE TABLE scim_schema_settings (
  org_id text PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
  keep_undeclared_extensions boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL
);
`,
};
