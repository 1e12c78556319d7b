// SCIM bearer tokens and the audit log on SQLite.
import type { AuditEvent, AuditStore, ScimTokenRecord, TokenStore } from '../store.js';
import type { SqliteDatabase } from './open-database.js';
import { toToken, type TokenRow } from '../row-mappers.js';
import { connectionEvent } from '../event-drafts.js';
import type { AppendEvents } from './event-store.js';

export function sqliteTokenStore(db: SqliteDatabase, appendEvents: AppendEvents): TokenStore {
  const isEnabled = db.prepare<[string], number>('SELECT scim_enabled FROM orgs WHERE id = ?').pluck();
  const byId = db.prepare<[string], TokenRow>('SELECT * FROM scim_tokens WHERE id = ?');
  const active = db.prepare<[string, string], TokenRow>(
    `SELECT * FROM scim_tokens WHERE org_id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
     ORDER BY created_at DESC, rowid DESC`,
  );
  const insert = db.prepare(
    `INSERT INTO scim_tokens (id, org_id, digest, hint, created_at, created_by, expires_at, retire_when_successor_used)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const expireNow = db.prepare('UPDATE scim_tokens SET revoked_at = ? WHERE org_id = ? AND id <> ? AND revoked_at IS NULL');
  const overlap = db.prepare(
    `UPDATE scim_tokens SET expires_at = CASE WHEN expires_at IS NULL OR expires_at > ? THEN ? ELSE expires_at END,
       retire_when_successor_used = ?
     WHERE org_id = ? AND id <> ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
  );
  const enable = db.prepare('UPDATE orgs SET scim_enabled = ? WHERE id = ?');
  const revokeAll = db.prepare('UPDATE scim_tokens SET revoked_at = ? WHERE org_id = ? AND revoked_at IS NULL');
  const touch = db.prepare('UPDATE scim_tokens SET last_used_at = ?, last_used_agent = ?, last_used_ip = ? WHERE id = ?');
  const retirePredecessors = db.prepare(
    `UPDATE scim_tokens SET revoked_at = ?
     WHERE org_id = ? AND id <> ? AND retire_when_successor_used = 1 AND revoked_at IS NULL AND created_at <= ?`,
  );

  const rotate = db.transaction((token: ScimTokenRecord, previous: Parameters<TokenStore['rotate']>[1]) => {
    const wasEnabled = isEnabled.get(token.orgId) === 1;
    appendEvents([connectionEvent(token.orgId, token.createdAt, wasEnabled ? 'connection.token_generated' : 'connection.enabled', token)]);
    insert.run(token.id, token.orgId, token.digest, token.hint, token.createdAt, token.createdBy, token.expiresAt, 0);
    if (previous.kind === 'expire-now') expireNow.run(token.createdAt, token.orgId, token.id);
    else overlap.run(previous.until, previous.until, previous.untilSuccessorUsed ? 1 : 0, token.orgId, token.id, token.createdAt);
    enable.run(1, token.orgId);
  });
  const revokeAllTx = db.transaction((orgId: string, at: string) => {
    const wasEnabled = isEnabled.get(orgId) === 1;
    const changes = revokeAll.run(at, orgId).changes;
    enable.run(0, orgId);
    if (wasEnabled) appendEvents([connectionEvent(orgId, at, 'connection.disabled', null)]);
    return changes;
  });
  const recordUse = db.transaction((id: string, at: string, agent: string | null, ip: string | null) => {
    const token = byId.get(id);
    if (!token) return;
    const firstUse = token.last_used_at === null;
    touch.run(at, agent, ip, id);
    if (firstUse) retirePredecessors.run(at, token.org_id, id, token.created_at);
  });

  return {
    async byId(id) {
      const row = byId.get(id);
      return row && toToken(row);
    },
    async activeFor(orgId, now) {
      return active.all(orgId, now).map(toToken);
    },
    async rotate(token, previous) {
      rotate.immediate(token, previous);
    },
    async revokeAll(orgId, at) {
      return revokeAllTx.immediate(orgId, at);
    },
    async recordUse(id, at, agent, ip) {
      recordUse.immediate(id, at, agent, ip);
    },
  };
}

interface AuditRow {
  org_id: string;
  at: string;
  action: string;
  actor: string | null;
  ip: string | null;
  detail: string | null;
}

export function sqliteAuditStore(db: SqliteDatabase): AuditStore {
  const insert = db.prepare('INSERT INTO audit_events (org_id, at, action, actor, ip, detail) VALUES (?, ?, ?, ?, ?, ?)');
  const list = db.prepare<[string, number], AuditRow>('SELECT * FROM audit_events WHERE org_id = ? ORDER BY seq DESC LIMIT ?');
  return {
    async record(e: AuditEvent) {
      insert.run(e.orgId, e.at, e.action, e.actor, e.ip, e.detail === null ? null : JSON.stringify(e.detail));
    },
    async list(orgId, limit) {
      return list.all(orgId, limit).map((row) => ({
        orgId: row.org_id,
        at: row.at,
        action: row.action,
        actor: row.actor,
        ip: row.ip,
        detail: row.detail === null ? null : (JSON.parse(row.detail) as AuditEvent['detail']),
      }));
    },
  };
}
