// First run: a one-time setup link (digest stored, 1 hour, consumed atomically) creates the first organization and owner.
import { createHash, randomBytes } from 'node:crypto';
import type { Org, Store } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import { InputError, type NewOrgInput, type OrgService } from '../orgs/org-service.js';

export const SETUP_LINK_TTL_MS = 60 * 60_000;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export class SetupService {
  constructor(
    private readonly store: Store,
    private readonly orgs: OrgService,
    private readonly clock: Clock,
  ) {}

  async isNeeded(): Promise<boolean> {
    return (await this.store.orgs.count()) === 0;
  }

  /** A new one-time setup token while no organization exists; undefined once one does. */
  async issue(): Promise<string | undefined> {
    if (!(await this.isNeeded())) return undefined;
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    await this.store.setupTokens.create(digest(token), now.toISOString(), new Date(now.getTime() + SETUP_LINK_TTL_MS).toISOString());
    return token;
  }

  /** Validates first so a typo does not burn the link, then consumes it; only the consuming call creates the org. */
  async complete(token: string, input: NewOrgInput): Promise<{ org: Org; ownerAccountId: string }> {
    if (!(await this.isNeeded())) throw new InputError('Rollcall is already set up: sign in instead');
    await this.orgs.checkNewOrg(input);
    if (!token || !(await this.store.setupTokens.consume(digest(token), this.clock().toISOString()))) {
      throw new InputError('this setup link is invalid, expired or already used: restart `rollcall serve` for a new one');
    }
    const org = await this.orgs.createOrg(input);
    const owner = await this.store.accounts.byEmail(input.ownerEmail);
    if (!owner) throw new Error('the owner account was not created');
    return { org, ownerAccountId: owner.id };
  }
}
