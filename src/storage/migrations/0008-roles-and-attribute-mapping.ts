// Migration 8: each organization's group-to-role mapping with every provisioned user's resolved role, and its
// attribute mapping (which SCIM attributes feed the normalised user the product reads). Roles are kept per user so a
// membership change recalculates only the people it touches, never a whole 100,000-member group.
import type { Migration } from './migration.js';

export const rolesAndAttributeMapping: Migration = {
  version: 8,
  name: 'roles-and-attribute-mapping',
  sqlite: `
CREATE TABLE role_mappings (
  org_id TEXT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
  default_role TEXT,
  for_console INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);

CREATE TABLE role_mapping_groups (
  org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  group_id TEXT NOT NULL,
  role TEXT NOT NULL,
  priority INTEGER NOT NULL,
  PRIMARY KEY (org_id, group_id)
) WITHOUT ROWID;

-- Only users whose role comes from a mapped group have a row; the others have the mapping's default role.
CREATE TABLE scim_user_roles (
  user_seq INTEGER PRIMARY KEY REFERENCES scim_users (seq) ON DELETE CASCADE,
  org_id TEXT NOT NULL,
  role TEXT NOT NULL
);
CREATE INDEX scim_user_roles_org ON scim_user_roles (org_id);

CREATE TABLE attribute_mappings (
  org_id TEXT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
  mapping TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`,
  postgres: `
CREATE TABLE role_mappings (
  org_id text PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
  default_role text,
  for_console boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL
);

CREATE TABLE role_mapping_groups (
  org_id text COLLATE "C" NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  group_id text COLLATE "C" NOT NULL,
  role text NOT NULL,
  priority integer NOT NULL,
  PRIMARY KEY (org_id, group_id)
);

-- Only users whose role comes from a mapped group have a row; the others have the mapping's default role.
CREATE TABLE scim_user_roles (
  user_seq bigint PRIMARY KEY REFERENCES scim_users (seq) ON DELETE CASCADE,
  org_id text COLLATE "C" NOT NULL,
  role text NOT NULL
);
CREATE INDEX scim_user_roles_org ON scim_user_roles (org_id);

CREATE TABLE attribute_mappings (
  org_id text PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
  mapping jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
`,
};
