// Console sessions, first-run setup tokens, sign-in throttling and the provisioning activity log on PostgreSQL:
// all shared by every instance, so a sign-out, a used setup link or a throttled address holds cluster-wide.
import type pg from 'pg';
import type { ChangeStore, ConsoleSession, SecretStore, SessionStore, SetupTokenStore, SignInThrottleStore } from '../store.js';
import { affected, one, rows } from './pg-queries.js';
import { toChange, toSession, type ChangeRow, type SessionRow } from '../row-mappers.js';

export function pgSessionStore(pool: pg.Pool): SessionStore {
  return {
    async create(s: ConsoleSession) {
      await pool.query(
        'INSERT INTO console_sessions (id_digest, account_id, csrf_secret, created_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [s.idDigest, s.accountId, s.csrfSecret, s.createdAt, s.expiresAt, s.ip, s.userAgent],
      );
    },
    async get(idDigest) {
      const row = await one<SessionRow>(pool, 'SELECT * FROM console_sessions WHERE id_digest = $1', [idDigest]);
      return row && toSession(row);
    },
    async delete(idDigest) {
      await pool.query('DELETE FROM console_sessions WHERE id_digest = $1', [idDigest]);
    },
    async deleteForAccount(accountId) {
      return affected(pool, 'DELETE FROM console_sessions WHERE account_id = $1', [accountId]);
    },
  };
}

export function pgSetupTokenStore(pool: pg.Pool): SetupTokenStore {
  return {
    async create(digest, createdAt, expiresAt) {
      await pool.query('INSERT INTO setup_tokens (digest, created_at, expires_at) VALUES ($1, $2, $3)', [digest, createdAt, expiresAt]);
    },
    async consume(digest, now) {
      // One UPDATE with the conditions in WHERE: of two instances racing, exactly one sees rowCount 1.
      return (await affected(pool, 'UPDATE setup_tokens SET used_at = $1 WHERE digest = $2 AND used_at IS NULL AND expires_at > $1', [now, digest])) === 1;
    },
  };
}

export function pgSignInThrottleStore(pool: pg.Pool): SignInThrottleStore {
  return {
    async recordFailure(key, at) {
      await pool.query('INSERT INTO sign_in_failures (key, at) VALUES ($1, $2)', [key, at]);
    },
    async failuresSince(key, since) {
      return (await one<{ n: number }>(pool, 'SELECT count(*) AS n FROM sign_in_failures WHERE key = $1 AND at > $2', [key, since]))!.n;
    },
    async clear(key) {
      await pool.query('DELETE FROM sign_in_failures WHERE key = $1', [key]);
    },
  };
}

export function pgChangeStore(pool: pg.Pool): ChangeStore {
  return {
    async list(orgId, limit) {
      const found = await rows<ChangeRow>(
        pool,
        'SELECT seq, at, resource_type, resource_id, action, version, client, status FROM scim_changes WHERE org_id = $1 ORDER BY seq DESC LIMIT $2',
        [orgId, limit],
      );
      return found.map(toChange);
    },
  };
}

export function pgSecretStore(pool: pg.Pool): SecretStore {
  return {
    async getOrCreate(name, create) {
      // Insert-if-absent then read: whichever instance wrote first, every instance reads the same value.
      await pool.query('INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, now()) ON CONFLICT (name) DO NOTHING', [name, create()]);
      return (await one<{ value: string }>(pool, 'SELECT value FROM server_secrets WHERE name = $1', [name]))!.value;
    },
  };
}
