// Which organizations a console account may open, and what its role there allows.
import type { Membership, Org, Role, Store } from '../../storage/store.js';

export interface OrgMembership {
  readonly org: Org;
  readonly role: Role;
}

/** Owners and admins manage SCIM (help article: "an Enterprise owner or admin"); members never do. */
export const canManageScim = (role: Role): boolean => role === 'owner' || role === 'admin';

export class OrgAccess {
  constructor(private readonly store: Store) {}

  /** The account's membership in the org with this slug; undefined when either is unknown, so outsiders learn nothing. */
  async membership(accountId: string, slug: string): Promise<OrgMembership | undefined> {
    const org = await this.store.orgs.bySlug(slug);
    if (!org) return undefined;
    const membership = await this.store.accounts.membership(org.id, accountId);
    // A person the identity provider deactivated keeps no console access to this org (design.md section 4).
    return membership && !membership.suspended ? { org, role: membership.role } : undefined;
  }

  /** Every org the account may open, oldest membership first (the first is where sign-in lands). */
  async memberships(accountId: string): Promise<OrgMembership[]> {
    const rows: Membership[] = await this.store.accounts.membershipsOf(accountId);
    const result: OrgMembership[] = [];
    for (const row of rows) {
      if (row.suspended) continue;
      const org = await this.store.orgs.byId(row.orgId);
      if (org) result.push({ org, role: row.role });
    }
    return result;
  }
}
