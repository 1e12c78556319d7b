// The product team's API keys, and the setup links (with their sessions) they hand out, on PostgreSQL.
import type pg from 'pg';
import type { ApiKeyStore, SetupLinkStore } from '../product-store.js';
import { toApiKey, toSetupLink, toSetupLinkSession, type ApiKeyRow, type SetupLinkRow, type SetupLinkSessionRow } from '../product-row-mappers.js';
import { affected, inTransaction, one, rows } from './pg-queries.js';

export function pgApiKeyStore(pool: pg.Pool): ApiKeyStore {
  return {
    async create(key) {
      await pool.query('INSERT INTO api_keys (id, name, digest, hint, created_at) VALUES ($1, $2, $3, $4, $5)', [
        key.id,
        key.name,
        key.digest,
        key.hint,
        key.createdAt,
      ]);
    },
    async byId(id) {
      const row = await one<ApiKeyRow>(pool, 'SELECT * FROM api_keys WHERE id = $1', [id]);
      return row && toApiKey(row);
    },
    async list() {
      return (await rows<ApiKeyRow>(pool, 'SELECT * FROM api_keys ORDER BY created_at, id')).map(toApiKey);
    },
    async revoke(id, at) {
      return (await affected(pool, 'UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at])) === 1;
    },
    async recordUse(id, at) {
      await pool.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [id, at]);
    },
  };
}

export function pgSetupLinkStore(pool: pg.Pool): SetupLinkStore {
  return {
    async create(link) {
      await pool.query(
        'INSERT INTO setup_links (id, org_id, digest, return_url, created_at, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [link.id, link.orgId, link.digest, link.returnUrl, link.createdAt, link.createdBy, link.expiresAt],
      );
    },
    async byId(id) {
      const row = await one<SetupLinkRow>(pool, 'SELECT * FROM setup_links WHERE id = $1', [id]);
      return row && toSetupLink(row);
    },
    async consume(linkId, s) {
      return inTransaction(pool, async (db) => {
        // The conditional UPDATE is the one-time guard: of two concurrent consumers, one sees 0 rows.
        const used = await affected(db, 'UPDATE setup_links SET used_at = $3 WHERE id = $1 AND org_id = $2 AND used_at IS NULL AND expires_at > $3', [
          linkId,
          s.orgId,
          s.createdAt,
        ]);
        if (used !== 1) return false;
        await db.query(
          'INSERT INTO setup_link_sessions (id_digest, link_id, org_id, csrf_secret, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [s.idDigest, linkId, s.orgId, s.csrfSecret, s.createdAt, s.expiresAt],
        );
        return true;
      });
    },
    async session(idDigest) {
      const row = await one<SetupLinkSessionRow>(pool, 'SELECT * FROM setup_link_sessions WHERE id_digest = $1', [idDigest]);
      return row && toSetupLinkSession(row);
    },
    async endSession(idDigest) {
      await pool.query('DELETE FROM setup_link_sessions WHERE id_digest = $1', [idDigest]);
    },
  };
}
