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

  /** Totals only (count 0 asks the store for no rows). */
  async counts(orgId: string): Promise<ProvisioningCounts> {
    const [users, groups] = await Promise.all([
      this.store.users.list(orgId, { startIndex: 1, count: 0 }),
      this.store.groups.list(orgId, { startIndex: 1, count: 0 }, false),
    ]);
    return { users: users.totalResults, groups: groups.totalResults };
  }
}
