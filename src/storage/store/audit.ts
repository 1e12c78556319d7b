// The audit log of what people did to an organization's settings.
import type { JsonObject } from '../../scim/messages/resource.js';

export interface AuditEvent {
  readonly orgId: string;
  readonly at: string;
  readonly action: string;
  readonly actor: string | null;
  readonly ip: string | null;
  readonly detail: JsonObject | null;
}

export interface AuditStore {
  record(event: AuditEvent): Promise<void>;
  list(orgId: string, limit: number): Promise<AuditEvent[]>;
}
