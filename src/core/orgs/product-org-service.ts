// Organizations as the product team's API manages them (design.md section 8): created without an owner account
// (a setup link is how the customer's IT admin gets in), found by the team's own external id, renamed, deleted.
import { randomBytes } from 'node:crypto';
import { OrgConflictError, type ProductOrg } from '../../storage/product-store.js';
import type { Store } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { Problem } from '../problem.js';
import { SLUG_PATTERN } from './org-service.js';

export const MAX_NAME_LENGTH = 200;
export const MAX_EXTERNAL_ID_LENGTH = 255;

export interface NewProductOrg {
  readonly name: string;
  readonly slug?: string | undefined;
  readonly externalId?: string | undefined;
}

export interface OrgChanges {
  readonly name?: string | undefined;
  /** null removes the external id. */
  readonly externalId?: string | null | undefined;
}

/** A slug from the name: lower-case letters and digits joined by single hyphens, at most 50 characters. */
export function slugFrom(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return base || 'org';
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > MAX_NAME_LENGTH) throw Problem.invalid(`name must have 1 to ${MAX_NAME_LENGTH} characters`);
  return trimmed;
}

function checkExternalId(externalId: string): string {
  if (!externalId || externalId.length > MAX_EXTERNAL_ID_LENGTH) throw Problem.invalid(`external_id must have 1 to ${MAX_EXTERNAL_ID_LENGTH} characters`);
  return externalId;
}

const conflictProblem = (error: OrgConflictError, org: { slug: string; externalId?: string | null | undefined }) =>
  error.field === 'external_id'
    ? Problem.conflict(`Another organization already has external_id "${org.externalId}"`)
    : Problem.conflict(`Another organization already has slug "${org.slug}"`);

export class ProductOrgService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async create(input: NewProductOrg, actor: string): Promise<ProductOrg> {
    const name = checkName(input.name);
    const externalId = input.externalId === undefined ? null : checkExternalId(input.externalId);
    if (input.slug !== undefined && !SLUG_PATTERN.test(input.slug)) {
      throw Problem.invalid(`slug "${input.slug}" is not valid: use 1 to 63 lower-case letters, digits and inner hyphens`);
    }
    // Without a slug, one is made from the name; a taken one gets a short random suffix (never a silent clash).
    const candidates = input.slug !== undefined ? [input.slug] : [slugFrom(name), `${slugFrom(name)}-${randomBytes(3).toString('hex')}`];
    for (const [index, slug] of candidates.entries()) {
      const org: ProductOrg = { id: newId(), slug, name, scimEnabled: false, createdAt: this.clock().toISOString(), externalId };
      try {
        await this.store.productOrgs.create(org);
      } catch (error) {
        if (!(error instanceof OrgConflictError)) throw error;
        if (error.field === 'slug' && index < candidates.length - 1) continue;
        throw conflictProblem(error, org);
      }
      await this.store.audit.record({ orgId: org.id, at: org.createdAt, action: 'organization.created', actor, ip: null, detail: { name, slug } });
      return org;
    }
    throw new Error('unreachable: the last slug candidate either succeeds or throws');
  }

  async get(id: string): Promise<ProductOrg> {
    const org = await this.store.productOrgs.byId(id);
    if (!org) throw Problem.notFound(`No organization with id "${id}"`);
    return org;
  }

  async byExternalId(externalId: string): Promise<ProductOrg | undefined> {
    return this.store.productOrgs.byExternalId(externalId);
  }

  list(afterId: string | undefined, limit: number): Promise<ProductOrg[]> {
    return this.store.productOrgs.list(afterId, limit);
  }

  async update(id: string, changes: OrgChanges, actor: string): Promise<ProductOrg> {
    const before = await this.get(id);
    const name = changes.name === undefined ? undefined : checkName(changes.name);
    const externalId = changes.externalId === undefined || changes.externalId === null ? changes.externalId : checkExternalId(changes.externalId);
    try {
      const after = await this.store.productOrgs.update(
        id,
        { ...(name !== undefined ? { name } : {}), ...(externalId !== undefined ? { externalId } : {}) },
        this.clock().toISOString(),
      );
      if (!after) throw Problem.notFound(`No organization with id "${id}"`);
      await this.store.audit.record({
        orgId: id,
        at: this.clock().toISOString(),
        action: 'organization.updated',
        actor,
        ip: null,
        detail: { name: after.name, ...(before.name !== after.name ? { previousName: before.name } : {}), externalId: after.externalId },
      });
      return after;
    } catch (error) {
      if (error instanceof OrgConflictError) throw conflictProblem(error, { slug: before.slug, externalId });
      throw error;
    }
  }

  /**
   * Deletes the organization with its SCIM users, groups, tokens, setup links and logs. The caller must name the
   * organization it means (`confirm` = its slug or its id), so a mixed-up id cannot wipe the wrong customer.
   * Events (issue 10): the store's delete transaction is the one place organization.deleted is appended.
   */
  async delete(id: string, confirm: string | undefined): Promise<ProductOrg> {
    const org = await this.get(id);
    if (confirm !== org.slug && confirm !== org.id) {
      throw Problem.confirmationRequired(
        `Deleting an organization removes its SCIM users, groups and tokens for good: repeat its slug ("${org.slug}") or id in the confirm parameter`,
      );
    }
    const deleted = await this.store.productOrgs.delete(id, this.clock().toISOString());
    if (!deleted) throw Problem.notFound(`No organization with id "${id}"`);
    return deleted;
  }
}
