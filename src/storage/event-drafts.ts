// The events a write appends to the outbox (design.md section 9), built from the rows before and after the change:
// pure code, so both engines append exactly the same events for the same change.
import { randomUUID } from 'node:crypto';
import type { JsonObject, JsonValue } from '../scim/messages/resource.js';
import type { ProductOrg } from './product-store.js';
import type { StoredResource } from './store.js';

export type EventType =
  | 'user.created'
  | 'user.updated'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'user.deleted'
  | 'group.created'
  | 'group.updated'
  | 'group.deleted'
  | 'group.member_added'
  | 'group.member_removed'
  | 'connection.enabled'
  | 'connection.token_generated'
  | 'connection.disabled'
  | 'organization.created'
  | 'organization.updated'
  | 'organization.deleted';

export const EVENT_TYPES: readonly EventType[] = [
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.member_added',
  'group.member_removed',
  'connection.enabled',
  'connection.token_generated',
  'connection.disabled',
  'organization.created',
  'organization.updated',
  'organization.deleted',
];

/** One event as the store appends it, in the write's own transaction. */
export interface EventDraft {
  readonly id: string;
  readonly orgId: string;
  readonly type: EventType;
  readonly occurredAt: string;
  /** The resource the event is about (the group for membership events), for the change/event contract. */
  readonly resourceType: 'User' | 'Group' | 'Connection' | 'Organization';
  readonly resourceId: string;
  readonly resourceVersion: number | null;
  readonly data: JsonObject;
  readonly changed: readonly string[];
}

/**
 * 32 hex digits: the time in milliseconds, then the last 20 hex digits of a random UUID (74 random bits). Ids taken in about time order land at the right edge
 * of the events id index (instead of on a random page of it), so an append touches a page that is already cached.
 */
export const newEventId = (): string => `evt_${Date.now().toString(16).padStart(12, '0')}${randomUUID().replaceAll('-', '').slice(12)}`;

const META_KEYS = new Set(['id', 'meta', 'schemas']);

/** Top-level attribute names whose values differ between two documents (missing and null count as different). */
export function changedAttributes(before: JsonObject | undefined, after: JsonObject | undefined): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changed: string[] = [];
  for (const key of keys) {
    if (META_KEYS.has(key)) continue;
    if (!sameJson(before?.[key], after?.[key])) changed.push(key);
  }
  return changed.sort();
}

function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const key of keys) if (!sameJson(ao[key], bo[key])) return false;
  return true;
}

const textOrNull = (value: JsonValue | undefined): JsonValue => (typeof value === 'string' ? value : null);

/**
 * A user as events carry it: the API's field names, the resolved role (null when the organization maps no roles),
 * the version and instants, and the SCIM document as stored.
 */
export function userData(user: StoredResource, role: string | null): JsonObject {
  const doc = user.doc;
  return {
    object: 'user',
    id: user.id,
    external_id: textOrNull(doc['externalId']),
    user_name: textOrNull(doc['userName']),
    name: (doc['name'] as JsonValue | undefined) ?? null,
    emails: (doc['emails'] as JsonValue | undefined) ?? [],
    active: doc['active'] !== false,
    role,
    version: user.version,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    scim: doc,
  };
}

/** A group without its member list: membership travels in one event per member. */
export function groupData(group: StoredResource): JsonObject {
  const { members: _members, ...doc } = group.doc;
  return {
    object: 'group',
    id: group.id,
    external_id: textOrNull(doc['externalId']),
    display_name: textOrNull(doc['displayName']),
    version: group.version,
    created_at: group.createdAt,
    updated_at: group.updatedAt,
    scim: doc,
  };
}

/**
 * The member side of a membership event: the user (as it is now, with the role it has before the membership change
 * recalculates it: a new role follows as its own user.updated), or the nested group's id and name.
 */
export type MemberSummary =
  | { readonly type: 'User'; readonly user: StoredResource; readonly role: string | null }
  | { readonly type: 'Group'; readonly id: string; readonly display: string | null };

function memberData(group: StoredResource, member: MemberSummary): JsonObject {
  const groupSummary = groupData(group);
  if (member.type === 'User') return { object: 'membership', group: groupSummary, user: userData(member.user, member.role) };
  return { object: 'membership', group: groupSummary, member_group: { id: member.id, display_name: member.display } };
}

const draft = (
  orgId: string,
  at: string,
  type: EventType,
  resourceType: EventDraft['resourceType'],
  resourceId: string,
  version: number | null,
  data: JsonObject,
  changed: readonly string[],
): EventDraft => ({ id: newEventId(), orgId, type, occurredAt: at, resourceType, resourceId, resourceVersion: version, data, changed });

/**
 * user.created / .updated / .deactivated / .reactivated / .deleted for one write of a user. A document write never
 * changes the resolved role, so `role` is the user's role both before and after.
 */
export function userEvents(
  orgId: string,
  at: string,
  before: StoredResource | undefined,
  after: StoredResource | undefined,
  role: string | null,
): EventDraft[] {
  if (!before && after) return [draft(orgId, at, 'user.created', 'User', after.id, after.version, userData(after, role), changedAttributes(undefined, after.doc))];
  if (before && !after) return [draft(orgId, at, 'user.deleted', 'User', before.id, before.version, userData(before, role), [])];
  if (!before || !after) return [];
  const wasActive = before.doc['active'] !== false;
  const isActive = after.doc['active'] !== false;
  const type: EventType = wasActive === isActive ? 'user.updated' : isActive ? 'user.reactivated' : 'user.deactivated';
  return [draft(orgId, at, type, 'User', after.id, after.version, userData(after, role), changedAttributes(before.doc, after.doc))];
}

/** group.created / .updated / .deleted: the group document only (members excluded from `changed` and `data`). */
export function groupEvent(orgId: string, at: string, before: StoredResource | undefined, after: StoredResource | undefined, membersChanged = false): EventDraft[] {
  const withoutMembers = (r: StoredResource | undefined) => {
    if (!r) return undefined;
    const { members: _m, ...doc } = r.doc;
    return doc;
  };
  if (!before && after) return [draft(orgId, at, 'group.created', 'Group', after.id, after.version, groupData(after), changedAttributes(undefined, withoutMembers(after)))];
  if (before && !after) return [draft(orgId, at, 'group.deleted', 'Group', before.id, before.version, groupData(before), [])];
  if (!before || !after) return [];
  const changed = changedAttributes(withoutMembers(before), withoutMembers(after));
  if (membersChanged) changed.push('members');
  return [draft(orgId, at, 'group.updated', 'Group', after.id, after.version, groupData(after), changed)];
}

/** One group.member_added / group.member_removed per member, carrying the group (without members) and the member. */
export function memberEvents(orgId: string, at: string, group: StoredResource, added: readonly MemberSummary[], removed: readonly MemberSummary[]): EventDraft[] {
  const one = (type: 'group.member_added' | 'group.member_removed') => (member: MemberSummary) =>
    draft(orgId, at, type, 'Group', group.id, group.version, memberData(group, member), ['members']);
  return [...removed.map(one('group.member_removed')), ...added.map(one('group.member_added'))];
}

/** connection.enabled (first token), connection.token_generated (a later one), connection.disabled (all revoked). */
export function connectionEvent(
  orgId: string,
  at: string,
  type: 'connection.enabled' | 'connection.token_generated' | 'connection.disabled',
  token: { id: string; hint: string; createdAt: string } | null,
): EventDraft {
  const data: JsonObject = {
    object: 'connection',
    organization_id: orgId,
    scim_enabled: type !== 'connection.disabled',
    token: token && { id: token.id, hint: token.hint, created_at: token.createdAt },
  };
  return draft(orgId, at, type, 'Connection', orgId, null, data, type === 'connection.disabled' ? ['scim_enabled', 'token'] : type === 'connection.enabled' ? ['scim_enabled', 'token'] : ['token']);
}

/** An organization as events carry it: as the product API shows it (orgs keep no updated_at of their own). */
export function organizationData(org: ProductOrg): JsonObject {
  return {
    object: 'organization',
    id: org.id,
    name: org.name,
    slug: org.slug,
    external_id: org.externalId,
    scim_enabled: org.scimEnabled,
    created_at: org.createdAt,
  };
}

const ORGANIZATION_FIELDS = ['external_id', 'name', 'slug'] as const;

/**
 * organization.created / .updated / .deleted; none when an update changed nothing. Connection state (scim_enabled)
 * has its own connection.* events, so it never makes an organization.updated.
 */
export function organizationEvent(at: string, before: ProductOrg | undefined, after: ProductOrg | undefined): EventDraft[] {
  const now = after && organizationData(after);
  if (!before && after) {
    const changed = ORGANIZATION_FIELDS.filter((f) => now![f] !== null);
    return [draft(after.id, at, 'organization.created', 'Organization', after.id, null, now!, changed)];
  }
  if (before && !after) return [draft(before.id, at, 'organization.deleted', 'Organization', before.id, null, organizationData(before), [])];
  if (!before || !after) return [];
  const was = organizationData(before);
  const changed = ORGANIZATION_FIELDS.filter((f) => was[f] !== now![f]);
  return changed.length === 0 ? [] : [draft(after.id, at, 'organization.updated', 'Organization', after.id, null, now!, changed)];
}

/** Net membership change: a member removed and added again in one write did not change. */
export function netMemberChange<R extends { readonly id: string }>(removed: readonly R[], added: readonly R[]): { added: R[]; removed: R[] } {
  const was = new Set(removed.map((r) => r.id));
  const is = new Set(added.map((r) => r.id));
  return { added: added.filter((r) => !was.has(r.id)), removed: removed.filter((r) => !is.has(r.id)) };
}
