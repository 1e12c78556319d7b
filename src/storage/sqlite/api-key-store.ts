// The product team's API keys, and the setup links (with their sessions) they hand out, on SQLite.
import type { ApiKeyStore, SetupLinkSession, SetupLinkStore } from '../product-store.js';
import { toApiKey, toSetupLink, toSetupLinkSession, type ApiKeyRow, type SetupLinkRow, type SetupLinkSessionRow } from '../product-row-mappers.js';
import type { SqliteDatabase } from './open-database.js';

export function sqliteApiKeyStore(db: SqliteDatabase): ApiKeyStore {
  const insert = db.prepare('INSERT INTO api_keys (id, name, digest, hint, created_at) VALUES (?, ?, ?, ?, ?)');
  const byId = db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE id = ?');
  const list = db.prepare<[], ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at, id');
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const touch = db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');
  return {
    async create(key) {
      insert.run(key.id, key.name, key.digest, key.hint, key.createdAt);
    },
    async byId(id) {
      const row = byId.get(id);
      return row && toApiKey(row);
    },
    async list() {
      return list.all().map(toApiKey);
    },
    async revoke(id, at) {
      return revoke.run(at, id).changes === 1;
    },
    async recordUse(id, at) {
      touch.run(at, id);
    },
  };
}

export function sqliteSetupLinkStore(db: SqliteDatabase): SetupLinkStore {
  const insert = db.prepare(
    'INSERT INTO setup_links (id, org_id, digest, return_url, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const byId = db.prepare<[string], SetupLinkRow>('SELECT * FROM setup_links WHERE id = ?');
  const markUsed = db.prepare('UPDATE setup_links SET used_at = ? WHERE id = ? AND org_id = ? AND used_at IS NULL AND expires_at > ?');
  const insertSession = db.prepare(
    'INSERT INTO setup_link_sessions (id_digest, link_id, org_id, csrf_secret, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const session = db.prepare<[string], SetupLinkSessionRow>('SELECT * FROM setup_link_sessions WHERE id_digest = ?');
  const endSession = db.prepare('DELETE FROM setup_link_sessions WHERE id_digest = ?');
  const consume = db.transaction((linkId: string, s: SetupLinkSession) => {
    if (markUsed.run(s.createdAt, linkId, s.orgId, s.createdAt).changes !== 1) return false;
    insertSession.run(s.idDigest, linkId, s.orgId, s.csrfSecret, s.createdAt, s.expiresAt);
    return true;
  });
  return {
    async create(link) {
      insert.run(link.id, link.orgId, link.digest, link.returnUrl, link.createdAt, link.createdBy, link.expiresAt);
    },
    async byId(id) {
      const row = byId.get(id);
      return row && toSetupLink(row);
    },
    async consume(linkId, s) {
      return consume(linkId, s);
    },
    async session(idDigest) {
      const row = session.get(idDigest);
      return row && toSetupLinkSession(row);
    },
    async endSession(idDigest) {
      endSession.run(idDigest);
    },
  };
}
