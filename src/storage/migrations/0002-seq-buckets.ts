// Migration 2: per-org row counts per block of 1024 seqs, kept by triggers: totals without COUNT(*) over the tenant,
// and deep startIndex pages located without stepping over every earlier row (src/storage/sql/compile-list.ts);
// and server-wide secrets shared by every instance (the cursor signing key).
import type { Migration } from './migration.js';

export const seqBuckets: Migration = {
  version: 2,
  name: 'seq-buckets',
  sqlite: `
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
  postgres: `
CREATE TABLE scim_seq_buckets (
  org_id text COLLATE "C" NOT NULL,
  resource_type text COLLATE "C" NOT NULL,
  bucket bigint NOT NULL,
  -- integer, so sum(n) is a bigint (read as a JS number), not a numeric (read as text).
  n integer NOT NULL,
  PRIMARY KEY (org_id, resource_type, bucket)
-- Every insert and delete updates one counter row: free space on each page lets those be HOT updates whose dead
-- versions are pruned in place, so the table stays a few pages instead of one version per write until vacuum.
) WITH (fillfactor = 50);

INSERT INTO scim_seq_buckets (org_id, resource_type, bucket, n)
  SELECT org_id, 'User', seq / 1024, count(*) FROM scim_users GROUP BY org_id, seq / 1024;
INSERT INTO scim_seq_buckets (org_id, resource_type, bucket, n)
  SELECT org_id, 'Group', seq / 1024, count(*) FROM scim_groups GROUP BY org_id, seq / 1024;

-- One trigger function for both tables; TG_ARGV[0] names the resource type. search_path is pinned to the schema
-- the migration ran in, so the function finds scim_seq_buckets whatever the calling session's search_path.
CREATE FUNCTION scim_seq_bucket_count() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO scim_seq_buckets (org_id, resource_type, bucket, n) VALUES (NEW.org_id, TG_ARGV[0], NEW.seq / 1024, 1)
      ON CONFLICT (org_id, resource_type, bucket) DO UPDATE SET n = scim_seq_buckets.n + 1;
  ELSE
    UPDATE scim_seq_buckets SET n = n - 1 WHERE org_id = OLD.org_id AND resource_type = TG_ARGV[0] AND bucket = OLD.seq / 1024;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER scim_users_bucket_insert AFTER INSERT ON scim_users FOR EACH ROW EXECUTE FUNCTION scim_seq_bucket_count('User');
CREATE TRIGGER scim_users_bucket_delete AFTER DELETE ON scim_users FOR EACH ROW EXECUTE FUNCTION scim_seq_bucket_count('User');
CREATE TRIGGER scim_groups_bucket_insert AFTER INSERT ON scim_groups FOR EACH ROW EXECUTE FUNCTION scim_seq_bucket_count('Group');
CREATE TRIGGER scim_groups_bucket_delete AFTER DELETE ON scim_groups FOR EACH ROW EXECUTE FUNCTION scim_seq_bucket_count('Group');

CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL
);
`,
};
