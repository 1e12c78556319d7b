// SQLite schema migrations, applied in order at start; each runs once, inside a transaction.
// Column layout: hot SCIM attributes get their own indexed columns; the rest of the resource lives in `doc` (JSON).
// `*_ci` columns hold the lower-cased value for case-insensitive attributes (RFC 7643 caseExact=false).

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'foundation',
    sql: `
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
  },
  {
    version: 2,
    name: 'seq-buckets',
    // Per-org row counts per block of 1024 seqs, kept by triggers: totals without COUNT(*) over the tenant,
    // and deep startIndex pages located without stepping over every earlier row (src/storage/sql/compile-list.ts).
    sql: `
CREATE TABLE scim_seq_buckets (
  org_id TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (org_id, resource_type, bucket)
) WITHOUT ROWID;

INSERT INTO scim_seq_buckets (org_id, resource_type, bucket, n)
  SELECT org_id, 'User', seq / 1024, count(*) FROM scim_users GROUP BY org_id, seq / 1024;
INSERT INTO scim_seq_buckets (org_id, resource_type, bucket, n)
  SELECT org_id, 'Group', seq / 1024, count(*) FROM scim_groups GROUP BY org_id, seq / 1024;

CREATE TRIGGER scim_users_bucket_insert AFTER INSERT ON scim_users BEGIN
  INSERT INTO scim_seq_buckets (org_id, resource_type, bucket, n) VALUES (NEW.org_id, 'User', NEW.seq / 1024, 1)
    ON CONFLICT (org_id, resource_type, bucket) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER scim_users_bucket_delete AFTER DELETE ON scim_users BEGIN
  UPDATE scim_seq_buckets SET n = n - 1 WHERE org_id = OLD.org_id AND resource_type = 'User' AND bucket = OLD.seq / 1024;
END;
CREATE TRIGGER scim_groups_bucket_insert AFTER INSERT ON scim_groups BEGIN
  INSERT INTO scim_seq_buckets (org_id, resource_type, bucket, n) VALUES (NEW.org_id, 'Group', NEW.seq / 1024, 1)
    ON CONFLICT (org_id, resource_type, bucket) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER scim_groups_bucket_delete AFTER DELETE ON scim_groups BEGIN
  UPDATE scim_seq_buckets SET n = n - 1 WHERE org_id = OLD.org_id AND resource_type = 'Group' AND bucket = OLD.seq / 1024;
END;

CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'membership-suspension',
    // A console membership is suspended while the identity provider has the person deactivated
    // (design.md section 4: active=false stops sign-in); the role is kept for reactivation.
    sql: `ALTER TABLE memberships ADD COLUMN suspended_at TEXT;`,
  },
];
