// SCIM bearer tokens and the audit log on PostgreSQL. No token state is cached in process memory, so a token
// replaced or revoked through any instance is refused by every instance on its next request.
import type pg from 'pg';
import type { AuditEvent, AuditStore, TokenStore } from '../store.js';
import { affected, inTransaction, one, rows } from './pg-queries.js';
import { toToken, type TokenRow } from '../row-mappers.js';
import { connectionEvent } from '../event-drafts.js';
import { outboxAppender, type PgEventAppender } from './event-store.js';

const TOKEN_COLUMNS =
  'id, org_id, digest, hint, created_at, created_by, expires_at, retire_when_successor_used, revoked_at, last_used_at, last_used_agent, last_used_ip';

export function pgTokenStore(pool: pg.Pool, events: PgEventAppender = outboxAppender): TokenStore {
  return {
    async byId(id) {
      // A named statement: every SCIM request runs it, so PostgreSQL parses and plans it once per connection.
      const result = await pool.query<TokenRow>({ name: 'rollcall-token-by-id', text: `SELECT ${TOKEN_COLUMNS} FROM scim_tokens WHERE id = $1`, values: [id] });
      const row = result.rows[0];
      return row && toToken(row);
    },
    async activeFor(orgId, now) {
      const found = await rows<TokenRow>(
        pool,
        `SELECT ${TOKEN_COLUMNS} FROM scim_tokens WHERE org_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
         ORDER BY created_at DESC, seq DESC`,
        [orgId, now],
      );
      return found.map(toToken);
    },
    async rotate(token, previous) {
      await inTransaction(pool, async (db) => {
        // Lock the org row: two rotations of one org at once end with exactly one valid token, as on SQLite.
        const org = await one<{ scim_enabled: boolean }>(db, 'SELECT scim_enabled FROM orgs WHERE id = $1 FOR UPDATE', [token.orgId]);
        await events.append(db, [
          connectionEvent(token.orgId, token.createdAt, org?.scim_enabled ? 'connection.token_generated' : 'connection.enabled', token),
        ]);
        await db.query(
          `INSERT INTO scim_tokens (id, org_id, digest, hint, created_at, created_by, expires_at, retire_when_successor_used)
           VALUES ($1, $2, $3, $4, $5, $6, $7, false)`,
          [token.id, token.orgId, token.digest, token.hint, token.createdAt, token.createdBy, token.expiresAt],
        );
        if (previous.kind === 'expire-now') {
          await db.query('UPDATE scim_tokens SET revoked_at = $1 WHERE org_id = $2 AND id <> $3 AND revoked_at IS NULL', [
            token.createdAt,
            token.orgId,
            token.id,
          ]);
        } else {
          await db.query(
            `UPDATE scim_tokens SET expires_at = CASE WHEN expires_at IS NULL OR expires_at > $1 THEN $1 ELSE expires_at END,
               retire_when_successor_used = $2
             WHERE org_id = $3 AND id <> $4 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $5)`,
            [previous.until, previous.untilSuccessorUsed, token.orgId, token.id, token.createdAt],
          );
        }
        await db.query('UPDATE orgs SET scim_enabled = true WHERE id = $1', [token.orgId]);
      });
    },
    async revokeAll(orgId, at) {
      return inTransaction(pool, async (db) => {
        const org = await one<{ scim_enabled: boolean }>(db, 'SELECT scim_enabled FROM orgs WHERE id = $1 FOR UPDATE', [orgId]);
        const count = await affected(db, 'UPDATE scim_tokens SET revoked_at = $1 WHERE org_id = $2 AND revoked_at IS NULL', [at, orgId]);
        await db.query('UPDATE orgs SET scim_enabled = false WHERE id = $1', [orgId]);
        if (org?.scim_enabled) await events.append(db, [connectionEvent(orgId, at, 'connection.disabled', null)]);
        return count;
      });
    },
    async recordUse(id, at, agent, ip) {
      await inTransaction(pool, async (db) => {
        const token = await one<{ org_id: string; created_at: string; last_used_at: string | null }>(
          db,
          'SELECT org_id, created_at, last_used_at FROM scim_tokens WHERE id = $1 FOR UPDATE',
          [id],
        );
        if (!token) return;
        await db.query('UPDATE scim_tokens SET last_used_at = $1, last_used_agent = $2, last_used_ip = $3 WHERE id = $4', [at, agent, ip, id]);
        if (token.last_used_at === null) {
          await db.query(
            `UPDATE scim_tokens SET revoked_at = $1
             WHERE org_id = $2 AND id <> $3 AND retire_when_successor_used AND revoked_at IS NULL AND created_at <= $4`,
            [at, token.org_id, id, token.created_at],
          );
        }
      });
    },
  };
}

interface AuditRow {
  org_id: string;
  at: string;
  action: string;
  actor: string | null;
  ip: string | null;
  detail: AuditEvent['detail'];
}

export function pgAuditStore(pool: pg.Pool): AuditStore {
  return {
    async record(e) {
      await pool.query('INSERT INTO audit_events (org_id, at, action, actor, ip, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
        e.orgId,
        e.at,
        e.action,
        e.actor,
        e.ip,
        e.detail === null ? null : JSON.stringify(e.detail),
      ]);
    },
    async list(orgId, limit) {
      const found = await rows<AuditRow>(pool, 'SELECT org_id, at, action, actor, ip, detail FROM audit_events WHERE org_id = $1 ORDER BY seq DESC LIMIT $2', [
        orgId,
        limit,
      ]);
      return found.map((row) => ({ orgId: row.org_id, at: row.at, action: row.action, actor: row.actor, ip: row.ip, detail: row.detail }));
    },
  };
}
