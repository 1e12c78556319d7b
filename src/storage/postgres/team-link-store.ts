// Invitations and password-reset links on PostgreSQL.
import type pg from 'pg';
import { toTeamLink, type TeamLinkRow, type TeamLinkStore } from '../team-link-store.js';
import { affected, inTransaction, one, rows, type Queryable } from './pg-queries.js';

// The conditional UPDATE is the one-time guard: of two concurrent users of a link, one sees 0 rows.
const markUsed = (db: Queryable, id: string, now: string) =>
  affected(db, 'UPDATE team_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2', [id, now]);

export function pgTeamLinkStore(pool: pg.Pool): TeamLinkStore {
  return {
    async create(link) {
      await pool.query(
        'INSERT INTO team_links (id, org_id, kind, email, role, digest, created_at, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [link.id, link.orgId, link.kind, link.email, link.role, link.digest, link.createdAt, link.createdBy, link.expiresAt],
      );
    },
    async byId(id) {
      const row = await one<TeamLinkRow>(pool, 'SELECT * FROM team_links WHERE id = $1', [id]);
      return row && toTeamLink(row);
    },
    async pending(orgId, now) {
      const found = await rows<TeamLinkRow>(
        pool,
        'SELECT * FROM team_links WHERE org_id = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY created_at, id',
        [orgId, now],
      );
      return found.map(toTeamLink);
    },
    async revoke(orgId, id) {
      return (await affected(pool, 'DELETE FROM team_links WHERE org_id = $1 AND id = $2 AND used_at IS NULL', [orgId, id])) === 1;
    },
    async consume(id, now) {
      return (await markUsed(pool, id, now)) === 1;
    },
    async resetPassword(id, accountId, passwordHash, now) {
      return inTransaction(pool, async (db) => {
        if ((await markUsed(db, id, now)) !== 1) return false;
        await db.query('UPDATE accounts SET password_hash = $2 WHERE id = $1', [accountId, passwordHash]);
        await db.query('DELETE FROM console_sessions WHERE account_id = $1', [accountId]);
        return true;
      });
    },
  };
}
