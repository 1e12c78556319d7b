// Organizations, accounts and memberships on SQLite.
import type { AccountStore, OrgStore } from '../store.js';
import type { SqliteDatabase } from './open-database.js';
import { toAccount, toMembership, toOrg, type AccountRow, type MembershipRow, type OrgRow } from '../row-mappers.js';

export function sqliteOrgStore(db: SqliteDatabase): OrgStore {
  const insert = db.prepare('INSERT INTO orgs (id, slug, name, scim_enabled, created_at) VALUES (?, ?, ?, ?, ?)');
  const bySlug = db.prepare<[string], OrgRow>('SELECT * FROM orgs WHERE slug = ?');
  const byId = db.prepare<[string], OrgRow>('SELECT * FROM orgs WHERE id = ?');
  const count = db.prepare('SELECT count(*) FROM orgs').pluck();
  const setEnabled = db.prepare('UPDATE orgs SET scim_enabled = ? WHERE id = ?');
  return {
    async create(org) {
      insert.run(org.id, org.slug, org.name, org.scimEnabled ? 1 : 0, org.createdAt);
    },
    async bySlug(slug) {
      const row = bySlug.get(slug);
      return row && toOrg(row);
    },
    async byId(id) {
      const row = byId.get(id);
      return row && toOrg(row);
    },
    async count() {
      return count.get() as number;
    },
    async setScimEnabled(orgId, enabled) {
      setEnabled.run(enabled ? 1 : 0, orgId);
    },
  };
}

export function sqliteAccountStore(db: SqliteDatabase): AccountStore {
  const insert = db.prepare('INSERT INTO accounts (id, email, email_ci, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const byEmail = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE email_ci = ?');
  const byId = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?');
  const upsertMembership = db.prepare(
    `INSERT INTO memberships (org_id, account_id, role, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (org_id, account_id) DO UPDATE SET role = excluded.role`,
  );
  const membership = db.prepare<[string, string], MembershipRow>('SELECT * FROM memberships WHERE org_id = ? AND account_id = ?');
  const membershipsOf = db.prepare<[string], MembershipRow>('SELECT * FROM memberships WHERE account_id = ? ORDER BY created_at');
  const suspend = db.prepare('UPDATE memberships SET suspended_at = ? WHERE org_id = ? AND account_id = ? AND suspended_at IS NULL');
  const unsuspend = db.prepare('UPDATE memberships SET suspended_at = NULL WHERE org_id = ? AND account_id = ? AND suspended_at IS NOT NULL');
  const removeMembership = db.prepare('DELETE FROM memberships WHERE org_id = ? AND account_id = ?');
  return {
    async create(account) {
      insert.run(account.id, account.email, account.email.toLowerCase(), account.passwordHash, account.createdAt);
    },
    async byEmail(email) {
      const row = byEmail.get(email.toLowerCase());
      return row && toAccount(row);
    },
    async byId(id) {
      const row = byId.get(id);
      return row && toAccount(row);
    },
    async setMembership(m, at) {
      upsertMembership.run(m.orgId, m.accountId, m.role, at);
    },
    async membership(orgId, accountId) {
      const row = membership.get(orgId, accountId);
      return row && toMembership(row);
    },
    async membershipsOf(accountId) {
      return membershipsOf.all(accountId).map(toMembership);
    },
    async setSuspended(orgId, accountId, suspended, at) {
      const info = suspended ? suspend.run(at, orgId, accountId) : unsuspend.run(orgId, accountId);
      return info.changes === 1;
    },
    async removeMembership(orgId, accountId) {
      return removeMembership.run(orgId, accountId).changes === 1;
    },
  };
}
