// Deprovisioning reaches the console (design.md section 4). The console account whose email equals a SCIM
// user's userName (case-insensitively; userName is unique per org, so one SCIM user speaks for one account) is
// that person: when the identity provider deactivates them, their membership in this org is suspended and they
// can no longer open it or sign in to it; reactivation restores the role they had; DELETE removes the membership.
// Owners are never suspended or removed by an identity provider, so an org can always be reached by its owners.
// A role mapping marked for the console also sets that person's console role on every write (ConsoleRoleSync).
// Every step is idempotent, so a retried SCIM request finishes whatever a failed one left undone.
import type { JsonObject } from '../../scim/messages/resource.js';
import { consoleEmailOf } from '../../storage/console-email.js';
import type { ChangeContext, Role, StoredResource, Store, UserWriteResult } from '../../storage/store.js';
import type { ConsoleRoleSync } from '../roles/console-role-sync.js';

export class ConsoleAccessSync {
  constructor(
    private readonly store: Store,
    private readonly consoleRoles: ConsoleRoleSync,
  ) {}

  /**
   * After a create, replace or patch: `active: false` suspends, anything else lifts the suspension. Nothing to do
   * when the write found no linked member (`consoleMember: false`, read by the write's own statement).
   */
  async afterWrite(orgId: string, user: UserWriteResult, change: ChangeContext): Promise<void> {
    if (user.consoleMember === false) return;
    const doc = user.doc;
    const person = await this.linkedMember(orgId, doc);
    if (!person) return;
    await this.consoleRoles.applyToMember(orgId, user.id, person, change.client);
    const suspended = doc['active'] === false;
    if (!(await this.store.accounts.setSuspended(orgId, person.accountId, suspended, change.at))) return;
    if (suspended) await this.endSessionsIfLockedOut(person.accountId);
    await this.audit(orgId, suspended ? 'member.suspended' : 'member.restored', person.email, change);
  }

  /**
   * afterWrite for many users written at once (a Bulk request's creates): one read of the team finds the few users
   * who are members, and only they take afterWrite's lookups, in order. A user is a member only when their userName
   * is a non-owner member's email (what linkedMember checks), so skipping the others changes nothing.
   */
  async afterWriteEach(orgId: string, users: readonly StoredResource[], change: ChangeContext): Promise<void> {
    const candidates = users.filter((u) => consoleEmailOf(u.doc) !== undefined);
    if (candidates.length === 0) return;
    const team = new Set((await this.store.accounts.membersOf(orgId)).filter((m) => m.role !== 'owner').map((m) => m.email.toLowerCase()));
    for (const user of candidates) {
      if (team.has(consoleEmailOf(user.doc)!)) await this.afterWrite(orgId, user, change);
    }
  }

  /** Before the SCIM user is deleted, so a retried DELETE never leaves the membership behind. */
  async beforeDelete(orgId: string, doc: JsonObject, change: ChangeContext): Promise<void> {
    const person = await this.linkedMember(orgId, doc);
    if (!person || !(await this.store.accounts.removeMembership(orgId, person.accountId))) return;
    await this.endSessionsIfLockedOut(person.accountId);
    await this.audit(orgId, 'member.removed', person.email, change);
  }

  private async linkedMember(orgId: string, doc: JsonObject): Promise<{ accountId: string; email: string; role: Role } | undefined> {
    const email = consoleEmailOf(doc);
    if (email === undefined) return undefined;
    const account = await this.store.accounts.byEmail(email);
    if (!account) return undefined;
    const membership = await this.store.accounts.membership(orgId, account.id);
    if (!membership || membership.role === 'owner') return undefined;
    return { accountId: account.id, email: account.email, role: membership.role };
  }

  /** Sessions are per account: they end when no organization is left to open (access is checked per request). */
  private async endSessionsIfLockedOut(accountId: string): Promise<void> {
    const memberships = await this.store.accounts.membershipsOf(accountId);
    if (memberships.every((m) => m.suspended)) await this.store.sessions.deleteForAccount(accountId);
  }

  private audit(orgId: string, action: string, email: string, change: ChangeContext): Promise<void> {
    return this.store.audit.record({ orgId, at: change.at, action, actor: change.client ?? 'identity provider', ip: null, detail: { account: email } });
  }
}
