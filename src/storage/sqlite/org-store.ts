// Organizations, accounts and memberships on SQLite.
import type { AccountStore, MembershipChangeResult, Org, OrgMember, OrgStore, Role } from '../store.js';
import type { SqliteDatabase } from './open-database.js';
import { toAccount, toMembership, toOrg, type AccountRow, type MembershipRow, type OrgRow } from '../row-mappers.js';
import { organizationEvent } from '../event-drafts.js';
import type { AppendEvents } from './event-store.js';

export function sqliteOrgStore(db: SqliteDatabase, appendEvents: AppendEvents): OrgStore {
  const insert = db.prepare('INSERT INTO orgs (id, slug, name, scim_enabled, created_at) VALUES (?, ?, ?, ?, ?)');
  const bySlug = db.prepare<[string], OrgRow>('SELECT * FROM orgs WHERE slug = ?');
  const byId = db.prepare<[string], OrgRow>('SELECT * FROM orgs WHERE id = ?');
  const count = db.prepare('SELECT count(*) FROM orgs').pluck();
  const list = db.prepare<[], OrgRow>('SELECT * FROM orgs ORDER BY created_at, slug');
  const setEnabled = db.prepare('UPDATE orgs SET scim_enabled = ? WHERE id = ?');
  const create = db.transaction((org: Org) => {
    insert.run(org.id, org.slug, org.name, org.scimEnabled ? 1 : 0, org.createdAt);
    appendEvents(organizationEvent(org.createdAt, undefined, { ...org, externalId: null }));
  });
  return {
    async create(org) {
      create.immediate(org);
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
    async list() {
      return list.all().map(toOrg);
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
  const membersOf = db.prepare<[string], { account_id: string; email: string; role: Role; suspended_at: string | null; created_at: string }>(
    `SELECT m.account_id, a.email, m.role, m.suspended_at, m.created_at FROM memberships m JOIN accounts a ON a.id = m.account_id
     WHERE m.org_id = ? ORDER BY m.created_at, a.email_ci`,
  );
  const otherActiveOwners = db
    .prepare("SELECT count(*) FROM memberships WHERE org_id = ? AND account_id <> ? AND role = 'owner' AND suspended_at IS NULL")
    .pluck();
  const setRole = db.prepare('UPDATE memberships SET role = ? WHERE org_id = ? AND account_id = ?');
  const change = db.transaction((orgId: string, accountId: string, next: Role | null): MembershipChangeResult => {
    const current = membership.get(orgId, accountId);
    if (!current) return 'not-found';
    if (current.role === 'owner' && next !== 'owner' && (otherActiveOwners.get(orgId, accountId) as number) === 0) return 'last-owner';
    if (next === null) removeMembership.run(orgId, accountId);
    else setRole.run(next, orgId, accountId);
    return 'changed';
  });
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
    async membersOf(orgId) {
      return membersOf.all(orgId).map(
        (r): OrgMember => ({ accountId: r.account_id, email: r.email, role: r.role, suspended: r.suspended_at !== null, since: r.created_at }),
      );
    },
    async changeMembership(orgId, accountId, next) {
      return change.immediate(orgId, accountId, 'remove' in next ? null : next.role);
    },
  };
}
