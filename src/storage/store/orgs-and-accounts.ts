// Organizations, the accounts that sign in to the console, and their memberships and roles.

export type Role = 'owner' | 'admin' | 'member';
export const ROLES: readonly Role[] = ['owner', 'admin', 'member'];

export interface Org {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly scimEnabled: boolean;
  readonly createdAt: string;
}

/** A person in an organization's team, as the Team page and `rollcall member list` show it. */
export interface OrgMember {
  readonly accountId: string;
  readonly email: string;
  readonly role: Role;
  readonly suspended: boolean;
  readonly since: string;
}

/** A role change or a removal; refused as `last-owner` when it would leave no active owner. */
export type MembershipChange = { readonly role: Role } | { readonly remove: true };
export type MembershipChangeResult = 'changed' | 'not-found' | 'last-owner';

export interface Account {
  readonly id: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: string;
}

export interface Membership {
  readonly orgId: string;
  readonly accountId: string;
  readonly role: Role;
  /** Set while the organization's identity provider has this person deactivated. */
  readonly suspended: boolean;
}

export interface OrgStore {
  create(org: Org): Promise<void>;
  bySlug(slug: string): Promise<Org | undefined>;
  byId(id: string): Promise<Org | undefined>;
  count(): Promise<number>;
  /** Every organization, oldest first. */
  list(): Promise<Org[]>;
  setScimEnabled(orgId: string, enabled: boolean): Promise<void>;
}

export interface AccountStore {
  create(account: Account): Promise<void>;
  byEmail(email: string): Promise<Account | undefined>;
  byId(id: string): Promise<Account | undefined>;
  /** Creates or changes a membership's role; a new membership starts unsuspended. */
  setMembership(membership: Omit<Membership, 'suspended'>, at: string): Promise<void>;
  setSuspended(orgId: string, accountId: string, suspended: boolean, at: string): Promise<boolean>;
  removeMembership(orgId: string, accountId: string): Promise<boolean>;
  membership(orgId: string, accountId: string): Promise<Membership | undefined>;
  membershipsOf(accountId: string): Promise<Membership[]>;
  /** The org's members with their emails, oldest membership first. */
  membersOf(orgId: string): Promise<OrgMember[]>;
  /**
   * Atomically changes a member's role or removes the membership, unless the member is an owner and no other
   * unsuspended owner remains (concurrent changes from any instance are serialised on the owner rows).
   */
  changeMembership(orgId: string, accountId: string, change: MembershipChange): Promise<MembershipChangeResult>;
}
