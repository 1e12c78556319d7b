// Organizations, accounts and memberships on PostgreSQL.
import type pg from 'pg';
import type { AccountStore, OrgStore, Role } from '../store.js';
import { affected, inTransaction, one, rows } from './pg-queries.js';
import { toAccount, toMembership, toOrg, type AccountRow, type MembershipRow, type OrgRow } from '../row-mappers.js';
import { organizationEvent } from '../event-drafts.js';
import { outboxAppender, type PgEventAppender } from './event-store.js';

export function pgOrgStore(pool: pg.Pool, events: PgEventAppender = outboxAppender): OrgStore {
  return {
    async create(org) {
      await inTransaction(pool, async (db) => {
        await db.query('INSERT INTO orgs (id, slug, name, scim_enabled, created_at) VALUES ($1, $2, $3, $4, $5)', [
          org.id,
          org.slug,
          org.name,
          org.scimEnabled,
          org.createdAt,
        ]);
        await events.append(db, organizationEvent(org.createdAt, undefined, { ...org, externalId: null }));
      });
    },
    async bySlug(slug) {
      const row = await one<OrgRow>(pool, 'SELECT * FROM orgs WHERE slug = $1', [slug]);
      return row && toOrg(row);
    },
    async byId(id) {
      const row = await one<OrgRow>(pool, 'SELECT * FROM orgs WHERE id = $1', [id]);
      return row && toOrg(row);
    },
    async count() {
      return (await one<{ n: number }>(pool, 'SELECT count(*) AS n FROM orgs'))!.n;
    },
    async list() {
      return (await rows<OrgRow>(pool, 'SELECT * FROM orgs ORDER BY created_at, slug')).map(toOrg);
    },
    async setScimEnabled(orgId, enabled) {
      await pool.query('UPDATE orgs SET scim_enabled = $1 WHERE id = $2', [enabled, orgId]);
    },
  };
}

export function pgAccountStore(pool: pg.Pool): AccountStore {
  return {
    async create(account) {
      await pool.query('INSERT INTO accounts (id, email, email_ci, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
        account.id,
        account.email,
        account.email.toLowerCase(),
        account.passwordHash,
        account.createdAt,
      ]);
    },
    async byEmail(email) {
      const row = await one<AccountRow>(pool, 'SELECT * FROM accounts WHERE email_ci = $1', [email.toLowerCase()]);
      return row && toAccount(row);
    },
    async byId(id) {
      const row = await one<AccountRow>(pool, 'SELECT * FROM accounts WHERE id = $1', [id]);
      return row && toAccount(row);
    },
    async setMembership(m, at) {
      await pool.query(
        `INSERT INTO memberships (org_id, account_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id, account_id) DO UPDATE SET role = excluded.role`,
        [m.orgId, m.accountId, m.role, at],
      );
    },
    async membership(orgId, accountId) {
      const row = await one<MembershipRow>(pool, 'SELECT * FROM memberships WHERE org_id = $1 AND account_id = $2', [orgId, accountId]);
      return row && toMembership(row);
    },
    async setSuspended(orgId, accountId, suspended, at) {
      const changed = suspended
        ? await affected(pool, 'UPDATE memberships SET suspended_at = $3 WHERE org_id = $1 AND account_id = $2 AND suspended_at IS NULL', [orgId, accountId, at])
        : await affected(pool, 'UPDATE memberships SET suspended_at = NULL WHERE org_id = $1 AND account_id = $2 AND suspended_at IS NOT NULL', [orgId, accountId]);
      return changed === 1;
    },
    async removeMembership(orgId, accountId) {
      return (await affected(pool, 'DELETE FROM memberships WHERE org_id = $1 AND account_id = $2', [orgId, accountId])) === 1;
    },
    async membersOf(orgId) {
      const found = await rows<{ account_id: string; email: string; role: Role; suspended_at: string | null; created_at: string }>(
        pool,
        `SELECT m.account_id, a.email, m.role, m.suspended_at, m.created_at FROM memberships m JOIN accounts a ON a.id = m.account_id
         WHERE m.org_id = $1 ORDER BY m.created_at, a.email_ci`,
        [orgId],
      );
      return found.map((r) => ({ accountId: r.account_id, email: r.email, role: r.role, suspended: r.suspended_at !== null, since: r.created_at }));
    },
    async changeMembership(orgId, accountId, next) {
      return inTransaction(pool, async (client) => {
        // Locking the target and every owner row serialises concurrent demotions: a waiting transaction re-reads
        // the owners after the first commits, so two admins cannot each demote one of the last two owners.
        const locked = await rows<{ account_id: string; role: Role; suspended_at: string | null }>(
          client,
          `SELECT account_id, role, suspended_at FROM memberships WHERE org_id = $1 AND (account_id = $2 OR role = 'owner')
           ORDER BY account_id FOR UPDATE`,
          [orgId, accountId],
        );
        const current = locked.find((r) => r.account_id === accountId);
        if (!current) return 'not-found';
        const otherOwners = locked.filter((r) => r.account_id !== accountId && r.role === 'owner' && r.suspended_at === null);
        const demotes = 'remove' in next || next.role !== 'owner';
        if (current.role === 'owner' && demotes && otherOwners.length === 0) return 'last-owner';
        if ('remove' in next) await client.query('DELETE FROM memberships WHERE org_id = $1 AND account_id = $2', [orgId, accountId]);
        else await client.query('UPDATE memberships SET role = $3 WHERE org_id = $1 AND account_id = $2', [orgId, accountId, next.role]);
        return 'changed';
      });
    },
    async membershipsOf(accountId) {
      return (await rows<MembershipRow>(pool, 'SELECT * FROM memberships WHERE account_id = $1 ORDER BY created_at', [accountId])).map(toMembership);
    },
  };
}
