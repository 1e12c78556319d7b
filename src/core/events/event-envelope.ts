// The wire shape of an event, the same in the feed and in webhook bodies (design.md section 9).
import type { JsonObject } from '../../scim/messages/resource.js';
import type { StoredEvent } from '../../storage/store.js';

export function eventEnvelope(event: StoredEvent): JsonObject {
  return {
    id: event.id,
    type: event.type,
    occurred_at: event.occurredAt,
    organization: { id: event.orgId, external_id: event.orgExternalId },
    data: event.data,
    changed: [...event.changed],
  };
}
