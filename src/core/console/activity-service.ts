// Read models for the console's logs: token events (audit) and SCIM writes (provisioning activity).
import type { AuditEvent, ChangeRecord, Store } from '../../storage/store.js';

/** Pages show the most recent entries; older history stays in the database for the events feed. */
export const LOG_PAGE_SIZE = 200;

export interface ProvisioningCounts {
  readonly users: number;
  readonly groups: number;
}

export class ActivityService {
  constructor(private readonly store: Store) {}

  tokenEvents(orgId: string): Promise<AuditEvent[]> {
    return this.store.audit.list(orgId, LOG_PAGE_SIZE);
  }

  provisioningChanges(orgId: string): Promise<ChangeRecord[]> {
    return this.store.changes.list(orgId, LOG_PAGE_SIZE);
  }

  /** Totals only: a zero-row window, answered from the seq buckets without counting rows. */
  async counts(orgId: string): Promise<ProvisioningCounts> {
    const window = { kind: 'offset', offset: 0, limit: 0 } as const;
    const [users, groups] = await Promise.all([this.store.users.list(orgId, { window }), this.store.groups.list(orgId, { window }, false)]);
    return { users: users.totalResults, groups: groups.totalResults };
  }
}
