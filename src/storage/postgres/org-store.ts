// Organizations, accounts and memberships on PostgreSQL.
import type pg from 'pg';
import type { AccountStore, OrgStore } from '../store.js';
import { affected, one, rows } from './pg-queries.js';
import { toAccount, toMembership, toOrg, type AccountRow, type MembershipRow, type OrgRow } from '../row-mappers.js';

export function pgOrgStore(pool: pg.Pool): OrgStore {
  return {
    async create(org) {
      await pool.query('INSERT INTO orgs (id, slug, name, scim_enabled, created_at) VALUES ($1, $2, $3, $4, $5)', [
        org.id,
        org.slug,
        org.name,
        org.scimEnabled,
        org.createdAt,
      ]);
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
    async membershipsOf(accountId) {
      return (await rows<MembershipRow>(pool, 'SELECT * FROM memberships WHERE account_id = $1 ORDER BY created_at', [accountId])).map(toMembership);
    },
  };
}
