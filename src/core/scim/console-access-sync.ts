// Deprovisioning reaches the console (design.md section 4): when an identity provider deactivates a person, the
// console account with the same email loses access to that organization and its sessions end; reactivation
// restores access with the role it had; DELETE removes the membership.
import type { JsonObject } from '../../scim/messages/resource.js';
import type { ChangeContext, Store } from '../../storage/store.js';

/** userName and every email of a SCIM user, lower-cased: the addresses a console account may be known by. */
function addressesOf(doc: JsonObject): string[] {
  const candidates = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.includes('@')) candidates.add(value.trim().toLowerCase());
  };
  add(doc['userName']);
  for (const email of Array.isArray(doc['emails']) ? doc['emails'] : []) {
    if (email && typeof email === 'object' && !Array.isArray(email)) add(email['value']);
  }
  return [...candidates];
}

export class ConsoleAccessSync {
  constructor(private readonly store: Store) {}

  /** After a create, replace or patch: `active: false` suspends, anything else lifts a suspension. */
  async afterWrite(orgId: string, doc: JsonObject, change: ChangeContext): Promise<void> {
    const suspended = doc['active'] === false;
    await this.forEachMember(orgId, doc, async (accountId, email) => {
      const changed = await this.store.accounts.setSuspended(orgId, accountId, suspended, change.at);
      if (!changed) return;
      if (suspended) await this.store.sessions.deleteForAccount(accountId);
      await this.audit(orgId, suspended ? 'member.suspended' : 'member.restored', email, change);
    });
  }

  async afterDelete(orgId: string, doc: JsonObject, change: ChangeContext): Promise<void> {
    await this.forEachMember(orgId, doc, async (accountId, email) => {
      if (!(await this.store.accounts.removeMembership(orgId, accountId))) return;
      await this.store.sessions.deleteForAccount(accountId);
      await this.audit(orgId, 'member.removed', email, change);
    });
  }

  private async forEachMember(orgId: string, doc: JsonObject, work: (accountId: string, email: string) => Promise<void>): Promise<void> {
    for (const address of addressesOf(doc)) {
      const account = await this.store.accounts.byEmail(address);
      if (account && (await this.store.accounts.membership(orgId, account.id))) await work(account.id, account.email);
    }
  }

  private audit(orgId: string, action: string, email: string, change: ChangeContext): Promise<void> {
    return this.store.audit.record({ orgId, at: change.at, action, actor: change.client ?? 'identity provider', ip: null, detail: { account: email } });
  }
}
