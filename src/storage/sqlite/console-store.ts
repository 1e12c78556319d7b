// Console sessions, first-run setup tokens, sign-in throttling and the provisioning activity log on SQLite.
import type { ChangeStore, SecretStore, ConsoleSession, SessionStore, SetupTokenStore, SignInThrottleStore } from '../store.js';
import type { SqliteDatabase } from './open-database.js';
import { toChange, toSession, type ChangeRow, type SessionRow } from '../row-mappers.js';

export function sqliteSessionStore(db: SqliteDatabase): SessionStore {
  const insert = db.prepare(
    'INSERT INTO console_sessions (id_digest, account_id, csrf_secret, created_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const get = db.prepare<[string], SessionRow>('SELECT * FROM console_sessions WHERE id_digest = ?');
  const remove = db.prepare('DELETE FROM console_sessions WHERE id_digest = ?');
  const removeForAccount = db.prepare('DELETE FROM console_sessions WHERE account_id = ?');
  return {
    async create(s: ConsoleSession) {
      insert.run(s.idDigest, s.accountId, s.csrfSecret, s.createdAt, s.expiresAt, s.ip, s.userAgent);
    },
    async get(idDigest) {
      const row = get.get(idDigest);
      return row && toSession(row);
    },
    async delete(idDigest) {
      remove.run(idDigest);
    },
    async deleteForAccount(accountId) {
      return removeForAccount.run(accountId).changes;
    },
  };
}

export function sqliteSetupTokenStore(db: SqliteDatabase): SetupTokenStore {
  const insert = db.prepare('INSERT INTO setup_tokens (digest, created_at, expires_at) VALUES (?, ?, ?)');
  const consume = db.prepare('UPDATE setup_tokens SET used_at = ? WHERE digest = ? AND used_at IS NULL AND expires_at > ?');
  return {
    async create(digest, createdAt, expiresAt) {
      insert.run(digest, createdAt, expiresAt);
    },
    async consume(digest, now) {
      return consume.run(now, digest, now).changes === 1;
    },
  };
}

export function sqliteSignInThrottleStore(db: SqliteDatabase): SignInThrottleStore {
  const insert = db.prepare('INSERT INTO sign_in_failures (key, at) VALUES (?, ?)');
  const count = db.prepare('SELECT count(*) FROM sign_in_failures WHERE key = ? AND at > ?').pluck();
  const clear = db.prepare('DELETE FROM sign_in_failures WHERE key = ?');
  return {
    async recordFailure(key, at) {
      insert.run(key, at);
    },
    async failuresSince(key, since) {
      return count.get(key, since) as number;
    },
    async clear(key) {
      clear.run(key);
    },
  };
}

export function sqliteChangeStore(db: SqliteDatabase): ChangeStore {
  const list = db.prepare<[string, number], ChangeRow>('SELECT * FROM scim_changes WHERE org_id = ? ORDER BY seq DESC LIMIT ?');
  return {
    async list(orgId, limit) {
      return list.all(orgId, limit).map(toChange);
    },
  };
}

export function sqliteSecretStore(db: SqliteDatabase): SecretStore {
  const insert = db.prepare('INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING');
  const read = db.prepare('SELECT value FROM server_secrets WHERE name = ?').pluck();
  return {
    async getOrCreate(name, create) {
      // Insert-if-absent then read: whichever instance wrote first, every instance reads the same value.
      insert.run(name, create(), new Date().toISOString());
      return read.get(name) as string;
    },
  };
}
