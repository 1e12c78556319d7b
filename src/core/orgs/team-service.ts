// An organization's team: who may open its console and with which role. Shared by the CLI and the console, so the
// rule that an org always keeps an active owner holds whichever door a change comes through.
import type { Org, OrgMember, Role, Store } from '../../storage/store.js';
import { ROLES } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import type { Actor } from '../tokens/token-service.js';
import { InputError, type OrgService } from './org-service.js';

export type AddOutcome =
  | { readonly kind: 'added'; readonly newAccount: boolean }
  | { readonly kind: 'already-member'; readonly role: Role }
  | { readonly kind: 'role-changed'; readonly from: Role };

export const LAST_OWNER_MESSAGE = 'an organization always keeps at least one active owner: make someone else owner first';

export function parseRole(role: string): Role {
  if (!ROLES.includes(role as Role)) throw new InputError(`invalid role "${role}": use owner, admin or member`);
  return role as Role;
}

export class TeamService {
  constructor(
    private readonly store: Store,
    private readonly orgs: OrgService,
    private readonly clock: Clock,
  ) {}

  /** Whether an account with this email exists (it then keeps its password, so none is asked for). */
  async accountExists(email: string): Promise<boolean> {
    return (await this.store.accounts.byEmail(email)) !== undefined;
  }

  async list(orgId: string): Promise<OrgMember[]> {
    return this.store.accounts.membersOf(orgId);
  }

  /**
   * Adds a person; an existing member is left as is unless `update` asks to change their role. An existing account
   * keeps its password (it may open other organizations).
   */
  async add(org: Org, input: { email: string; password: string; role: string; update?: boolean }, actor: Actor): Promise<AddOutcome> {
    const role = parseRole(input.role);
    const account = await this.store.accounts.byEmail(input.email);
    const current = account && (await this.store.accounts.membership(org.id, account.id));
    if (account && current) {
      if (!input.update || current.role === role) return { kind: 'already-member', role: current.role };
      await this.changeRole(org, account.id, input.email, role, actor);
      return { kind: 'role-changed', from: current.role };
    }
    await this.orgs.addMember({ orgSlug: org.slug, email: input.email, password: input.password, role });
    await this.audit(org.id, 'member.added', actor, { account: account?.email ?? input.email, role });
    return { kind: 'added', newAccount: !account };
  }

  async setRole(org: Org, email: string, roleName: string, actor: Actor): Promise<{ from: Role }> {
    const role = parseRole(roleName);
    const { accountId, membership } = await this.requireMember(org, email);
    if (membership.role !== role) await this.changeRole(org, accountId, email, role, actor);
    return { from: membership.role };
  }

  async remove(org: Org, email: string, actor: Actor): Promise<void> {
    const { accountId } = await this.requireMember(org, email);
    const result = await this.store.accounts.changeMembership(org.id, accountId, { remove: true });
    if (result === 'last-owner') throw new InputError(LAST_OWNER_MESSAGE);
    if (result === 'not-found') throw new InputError(`${email} is not a member of ${org.slug}`);
    // Their console sessions for this org end with the membership: session checks read the membership each request.
    // A pending password-reset link for them goes too: it could only open an organization they are no longer in.
    for (const link of await this.store.teamLinks.pending(org.id, this.clock().toISOString())) {
      if (link.kind === 'password-reset' && link.email.toLowerCase() === email.toLowerCase()) await this.store.teamLinks.revoke(org.id, link.id);
    }
    await this.audit(org.id, 'member.removed', actor, { account: email });
  }

  private async changeRole(org: Org, accountId: string, email: string, role: Role, actor: Actor): Promise<void> {
    const result = await this.store.accounts.changeMembership(org.id, accountId, { role });
    if (result === 'last-owner') throw new InputError(LAST_OWNER_MESSAGE);
    if (result === 'not-found') throw new InputError(`${email} is not a member of ${org.slug}`);
    await this.audit(org.id, 'member.role_changed', actor, { account: email, role });
  }

  private async requireMember(org: Org, email: string) {
    const account = await this.store.accounts.byEmail(email);
    const membership = account && (await this.store.accounts.membership(org.id, account.id));
    if (!account || !membership) throw new InputError(`${email} is not a member of ${org.slug}`);
    return { accountId: account.id, membership };
  }

  private audit(orgId: string, action: string, actor: Actor, detail: { account: string; role?: Role }): Promise<void> {
    return this.store.audit.record({ orgId, at: this.clock().toISOString(), action, actor: actor.name, ip: actor.ip, detail });
  }
}
