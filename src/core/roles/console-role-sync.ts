// Rollcall's own console as a mapped application (issue 13): when an organization's role mapping is marked
// for_console, each team member the identity provider also provisioned (console email = SCIM userName, the link
// ConsoleAccessSync uses) gets the admin or member role the mapping resolves for them. Owners are never changed,
// and nobody is added to or removed from the team here. A team is small, so the whole team is checked per change.
import { checkFilter } from '../../scim/filter/check.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { userResourceType } from '../../scim/schema/resource-types.js';
import type { Role, Store } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import { CONSOLE_ROLES } from './role-mapping-service.js';

export class ConsoleRoleSync {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Brings the console roles of the organization's team in line with the mapping; returns how many changed. */
  async apply(orgId: string, actor: string | null): Promise<number> {
    const mapping = await this.store.roleMappings.get(orgId);
    if (!mapping.forConsole) return 0;
    let changed = 0;
    for (const member of await this.store.accounts.membersOf(orgId)) {
      if (member.role === 'owner') continue;
      const userId = await this.scimUserOf(orgId, member.email);
      if (userId !== undefined && (await this.applyTo(orgId, userId, member, actor))) changed++;
    }
    return changed;
  }

  /**
   * After a SCIM user is created or written: the one team member it is (ConsoleAccessSync found them), so a person
   * provisioned into a team gets the console role at once, not at the next group write.
   */
  async applyToMember(orgId: string, userId: string, member: { accountId: string; email: string; role: Role }, actor: string | null): Promise<boolean> {
    if (member.role === 'owner' || !(await this.store.roleMappings.get(orgId)).forConsole) return false;
    return this.applyTo(orgId, userId, member, actor);
  }

  private async applyTo(orgId: string, userId: string, member: { accountId: string; email: string; role: Role }, actor: string | null): Promise<boolean> {
    const role = (await this.store.roleMappings.rolesOf(orgId, [userId])).get(userId);
    if (role === undefined || role === member.role || !CONSOLE_ROLES.includes(role)) return false;
    if ((await this.store.accounts.changeMembership(orgId, member.accountId, { role: role as Role })) !== 'changed') return false;
    await this.store.audit.record({
      orgId,
      at: this.clock().toISOString(),
      action: 'member.role-changed',
      actor: actor ?? 'identity provider',
      ip: null,
      detail: { account: member.email, role, source: 'role-mapping' },
    });
    return true;
  }

  private async scimUserOf(orgId: string, email: string): Promise<string | undefined> {
    // JSON string escapes are SCIM filter string escapes (RFC 7644 section 3.4.2.2).
    const filter = checkFilter(parseFilter(`userName eq ${JSON.stringify(email)}`), userResourceType);
    const found = await this.store.users.list(orgId, { filter, window: { kind: 'offset', offset: 0, limit: 1 } });
    return found.resources[0]?.id;
  }
}
