// The event a resolved-role change appends (issue 13): user.updated carrying the user with its new role and
// `changed: ["role"]`, built here so both engines append the same event.
import { newEventId, userData, type EventDraft } from './event-drafts.js';
import type { StoredResource } from './store.js';

export function roleChangedEvent(orgId: string, at: string, user: StoredResource, role: string | null): EventDraft {
  return {
    id: newEventId(),
    orgId,
    type: 'user.updated',
    occurredAt: at,
    resourceType: 'User',
    resourceId: user.id,
    resourceVersion: user.version,
    data: userData(user, role),
    changed: ['role'],
  };
}

/** Users whose effective role (their group's role, else the default) differs between two resolutions. */
export function roleChanges<K>(
  candidates: Iterable<K>,
  before: ReadonlyMap<K, string>,
  beforeDefault: string | null,
  after: ReadonlyMap<K, string>,
  afterDefault: string | null,
): { key: K; role: string | null }[] {
  const changes: { key: K; role: string | null }[] = [];
  for (const key of candidates) {
    const was = before.get(key) ?? beforeDefault;
    const is = after.get(key) ?? afterDefault;
    if (was !== is) changes.push({ key, role: is });
  }
  return changes;
}

/**
 * A scalar subquery for the resolved role of the user row `alias` (same SQL on both engines): its mapped group's
 * role, else the default; null when the organization has no mapping. Two primary-key lookups, folded into a
 * statement the write runs anyway, so an organization without roles pays no extra round trip.
 */
export const userRoleSql = (alias: string): string =>
  `(SELECT COALESCE(r.role, m.default_role) FROM role_mappings m LEFT JOIN scim_user_roles r ON r.user_seq = ${alias}.seq WHERE m.org_id = ${alias}.org_id)`;
