// Seeds a fresh PostgreSQL schema for the benchmark with set-based SQL (generate_series), through the same
// tables, triggers and indexes the store uses. Durability settings stay the production defaults.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createServices } from '../src/core/services.js';
import { createPostgresStore } from '../src/storage/postgres/postgres-store.js';
import { foldSeqBucketStripes } from '../src/storage/postgres/seq-bucket-stripes.js';
import { SAMPLED_USERS } from './seed.js';
import { GROUP_SCHEMA, USER_SCHEMA } from '../src/scim/schema/urns.js';

export const BENCH_POSTGRES_URL = process.env['BENCH_POSTGRES_URL'] || 'postgres://postgres@127.0.0.1:5432/test';

export interface PostgresBenchDatabase {
  readonly url: string;
  readonly token: string;
  readonly ids: string[];
  readonly groups: { bigId: string; smallId: string; outsiders: string[] };
  /** The process ids of the backends serving connections made with `url` (their application_name is the schema's). */
  backendPids(): Promise<number[]>;
  drop(): Promise<void>;
}

export async function preparePostgres(users: number): Promise<PostgresBenchDatabase> {
  const schema = `rc_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  // The application_name in the URL wins over the pool's, so this database's backends can be told from others'.
  const url = `${BENCH_POSTGRES_URL}${BENCH_POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}&application_name=${schema}`;
  const store = await createPostgresStore(url);
  const services = createServices(store, { publicUrl: 'http://127.0.0.1' });
  const org = await services.orgs.createOrg({ slug: 'bench', name: 'Bench', ownerEmail: 'owner@bench.example.com', ownerPassword: 'bench password 123' });
  const { token } = await services.tokens.generate(org.id, { name: 'bench', ip: null });
  await store.close();

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (let from = 0; from < users; from += 50_000) {
    const to = Math.min(users, from + 50_000) - 1;
    await client.query(
      `INSERT INTO scim_users (id, org_id, user_name, user_name_ci, external_id, display_name, display_name_ci, active, created_at, updated_at, version, doc)
       SELECT gen_random_uuid()::text, $1, 'user' || i || '@bench.example.com', 'user' || i || '@bench.example.com', 'ext-' || i,
              'Bench User ' || i, 'bench user ' || i, true, now(), now(), 1,
              jsonb_build_object('schemas', jsonb_build_array('${USER_SCHEMA}'), 'userName', 'user' || i || '@bench.example.com', 'externalId', 'ext-' || i, 'displayName', 'Bench User ' || i,
                'name', jsonb_build_object('givenName', 'Bench', 'familyName', 'User ' || i),
                'emails', jsonb_build_array(jsonb_build_object('value', 'user' || i || '@bench.example.com', 'type', 'work', 'primary', true)),
                'active', true)
       FROM generate_series($2::int, $3::int) AS i ORDER BY i`,
      [org.id, from, to],
    );
  }
  await client.query(`INSERT INTO scim_user_emails (user_seq, org_id, value_ci, type, is_primary) SELECT seq, org_id, user_name_ci, 'work', true FROM scim_users WHERE org_id = $1`, [org.id]);
  const step = Math.max(1, Math.floor(users / SAMPLED_USERS));
  const ids = (await client.query<{ id: string }>(`SELECT id FROM scim_users WHERE org_id = $1 AND (seq % $2) = 0 ORDER BY seq LIMIT $3`, [org.id, step, SAMPLED_USERS])).rows.map((r) => r.id);
  const group = async (name: string, size: number) => {
    const { rows } = await client.query<{ seq: string; id: string }>(
      `INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, external_id, created_at, updated_at, version, doc)
       VALUES (gen_random_uuid()::text, $1, $2, lower($2), NULL, now(), now(), 1, jsonb_build_object('schemas', jsonb_build_array('${GROUP_SCHEMA}'), 'displayName', $2::text)) RETURNING seq, id`,
      [org.id, name],
    );
    await client.query(
      `INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id) SELECT $1, id, 'User', org_id FROM scim_users WHERE org_id = $2 ORDER BY seq LIMIT $3`,
      [rows[0]!.seq, org.id, size],
    );
    return rows[0]!.id;
  };
  const bigId = await group('Everyone', Math.floor(users / 10));
  const smallId = await group('Founders', 10);
  const outsiders = (await client.query<{ id: string }>(`SELECT id FROM scim_users WHERE org_id = $1 ORDER BY seq LIMIT 5000 OFFSET $2`, [org.id, Math.floor(users / 10)])).rows.map((r) => r.id);
  // Set-based seeding updates each bucket counter a thousand times in one transaction, leaving a version per update;
  // a live system's one-row transactions are pruned in place instead. Fold the seeding transactions' stripes as a
  // running server would, compact, then vacuum as a live system would.
  await foldSeqBucketStripes(client);
  await client.query('VACUUM FULL scim_seq_buckets');
  await client.query('VACUUM ANALYZE');
  await client.end();
  return {
    url,
    token,
    ids,
    groups: { bigId, smallId, outsiders },
    async backendPids() {
      return (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [schema])).rows.map((r) => r.pid);
    },
    async drop() {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
