// Organizations and their console accounts: shared by the CLI, the first-run setup page and the console.
import type { Role, Store } from '../../storage/store.js';
import { ROLES } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { hashPassword, passwordWeakness } from '../passwords.js';

/** A user-facing failure of an org or member command (bad slug, weak password, ...). */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewOrgInput {
  readonly slug: string;
  readonly name: string;
  readonly ownerEmail: string;
  readonly ownerPassword: string;
}

export class OrgService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Throws the InputError createOrg would throw, without writing: the setup page checks before it spends its one-time link. */
  async checkNewOrg(input: NewOrgInput): Promise<void> {
    if (!SLUG_PATTERN.test(input.slug)) {
      throw new InputError(`invalid slug "${input.slug}": use 1 to 63 lower-case letters, digits and inner hyphens`);
    }
    if (!input.name.trim()) throw new InputError('the organization needs a name');
    if (await this.store.orgs.bySlug(input.slug)) throw new InputError(`an organization with slug "${input.slug}" already exists`);
    if (!EMAIL_PATTERN.test(input.ownerEmail)) throw new InputError(`invalid email address "${input.ownerEmail}"`);
    if (!(await this.store.accounts.byEmail(input.ownerEmail))) {
      const weakness = passwordWeakness(input.ownerPassword);
      if (weakness) throw new InputError(weakness);
    }
  }

  async createOrg(input: NewOrgInput) {
    await this.checkNewOrg(input);
    const owner = await this.prepareAccount(input.ownerEmail, input.ownerPassword);
    const org = { id: newId(), slug: input.slug, name: input.name.trim(), scimEnabled: false, createdAt: this.clock().toISOString() };
    await this.store.orgs.create(org);
    await this.attach(org.id, owner, 'owner');
    return org;
  }

  async addMember(input: { orgSlug: string; email: string; password: string; role: string }) {
    const org = await this.requireOrg(input.orgSlug);
    if (!ROLES.includes(input.role as Role)) throw new InputError(`invalid role "${input.role}": use owner, admin or member`);
    const account = await this.prepareAccount(input.email, input.password);
    await this.attach(org.id, account, input.role as Role);
    return { org, accountId: account.id };
  }

  list() {
    return this.store.orgs.list();
  }

  async requireOrg(slug: string) {
    const org = await this.store.orgs.bySlug(slug);
    if (!org) throw new InputError(`no organization with slug "${slug}"`);
    return org;
  }

  /** An existing account keeps its password (it may belong to other orgs); a new one must bring a strong one. */
  private async prepareAccount(email: string, password: string) {
    if (!EMAIL_PATTERN.test(email)) throw new InputError(`invalid email address "${email}"`);
    const existing = await this.store.accounts.byEmail(email);
    if (existing) return { id: existing.id, isNew: false as const };
    const weakness = passwordWeakness(password);
    if (weakness) throw new InputError(weakness);
    return { id: newId(), isNew: true as const, email, passwordHash: await hashPassword(password) };
  }

  private async attach(orgId: string, account: Awaited<ReturnType<OrgService['prepareAccount']>>, role: Role) {
    const at = this.clock().toISOString();
    if (account.isNew) await this.store.accounts.create({ id: account.id, email: account.email, passwordHash: account.passwordHash, createdAt: at });
    await this.store.accounts.setMembership({ orgId, accountId: account.id, role }, at);
    if (role !== 'owner' && (await this.deactivatedByIdp(orgId, account.isNew ? account.email : await this.emailOf(account.id)))) {
      // The identity provider said inactive before this membership existed: it starts suspended, whatever the order.
      await this.store.accounts.setSuspended(orgId, account.id, true, at);
    }
  }

  private async emailOf(accountId: string): Promise<string> {
    return (await this.store.accounts.byId(accountId))?.email ?? '';
  }

  /** True when the org's SCIM user whose userName is this email is deactivated (console-access-sync.ts links them). */
  private async deactivatedByIdp(orgId: string, email: string): Promise<boolean> {
    if (!email) return false;
    const lower = email.toLowerCase();
    const people = await this.store.consoleDirectory.people(orgId, { search: email, limit: 20 });
    return people.some((p) => p.userName.toLowerCase() === lower && !p.active);
  }
}
