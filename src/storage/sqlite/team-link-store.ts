// Invitations and password-reset links on SQLite.
import { toTeamLink, type TeamLinkRow, type TeamLinkStore } from '../team-link-store.js';
import type { SqliteDatabase } from './open-database.js';

export function sqliteTeamLinkStore(db: SqliteDatabase): TeamLinkStore {
  const insert = db.prepare(
    'INSERT INTO team_links (id, org_id, kind, email, role, digest, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const byId = db.prepare<[string], TeamLinkRow>('SELECT * FROM team_links WHERE id = ?');
  const pending = db.prepare<[string, string], TeamLinkRow>(
    'SELECT * FROM team_links WHERE org_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at, id',
  );
  const revoke = db.prepare('DELETE FROM team_links WHERE org_id = ? AND id = ? AND used_at IS NULL');
  const markUsed = db.prepare('UPDATE team_links SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?');
  const setPassword = db.prepare('UPDATE accounts SET password_hash = ? WHERE id = ?');
  const endSessions = db.prepare('DELETE FROM console_sessions WHERE account_id = ?');
  const resetPassword = db.transaction((id: string, accountId: string, passwordHash: string, now: string) => {
    if (markUsed.run(now, id, now).changes !== 1) return false;
    setPassword.run(passwordHash, accountId);
    endSessions.run(accountId);
    return true;
  });
  return {
    async create(link) {
      insert.run(link.id, link.orgId, link.kind, link.email, link.role, link.digest, link.createdAt, link.createdBy, link.expiresAt);
    },
    async byId(id) {
      const row = byId.get(id);
      return row && toTeamLink(row);
    },
    async pending(orgId, now) {
      return pending.all(orgId, now).map(toTeamLink);
    },
    async revoke(orgId, id) {
      return revoke.run(orgId, id).changes === 1;
    },
    async consume(id, now) {
      return markUsed.run(now, id, now).changes === 1;
    },
    async resetPassword(id, accountId, passwordHash, now) {
      return resetPassword(id, accountId, passwordHash, now);
    },
  };
}
