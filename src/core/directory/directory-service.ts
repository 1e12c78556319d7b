// Directory reads for the product team (design.md section 8): an organization's provisioned users, groups and
// group members, cursor-paged so reading a 1,000,000-user directory costs the same per page from first to last.
// A deactivated user (SCIM active=false) is still listed with active=false; a deleted one is gone (404).
import type { JsonObject } from '../../scim/messages/resource.js';
import { renderGroup, renderUser } from '../../scim/messages/render-resource.js';
import type { GroupRef, ResolvedMember, Store, StoredResource } from '../../storage/store.js';
import type { AttributeMapping } from '../../storage/mapping-store.js';
import { Problem } from '../problem.js';
import { DEFAULT_ATTRIBUTE_MAPPING, mappedAttributes } from './attribute-mapping.js';
import { decodeCursor, encodeCursor, pageOf } from './page-cursor.js';

export interface Page<T> {
  readonly data: T[];
  readonly next: string | null;
}

export interface UserFilter {
  readonly active?: boolean | undefined;
  readonly groupId?: string | undefined;
  /** ISO 8601 instant: users created or changed at or after it, oldest change first. */
  readonly updatedSince?: string | undefined;
}

export interface PageRequest {
  readonly after?: string | undefined;
  readonly limit: number;
}

export interface DirectoryUser {
  id: string;
  external_id: string | null;
  user_name: string;
  display_name: string | null;
  name: JsonObject | null;
  emails: { value: string; type: string | null; primary: boolean }[];
  active: boolean;
  group_ids: string[];
  /** Schema extensions (enterprise and custom), keyed by their URN, as the identity provider sent them. */
  custom_attributes: JsonObject;
  /** The normalised attributes the organization's attribute mapping names (department, title, manager, ...). */
  attributes: JsonObject;
  /** The role the organization's group-to-role mapping resolves to; null without one. */
  role: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** The SCIM resource exactly as GET /scim/v2/Users/{id} shows it. */
  raw: JsonObject;
}

export interface DirectoryGroup {
  id: string;
  external_id: string | null;
  display_name: string;
  version: number;
  created_at: string;
  updated_at: string;
  raw: JsonObject;
}

export interface DirectoryMember {
  id: string;
  type: 'user' | 'group';
  display: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const SNAKE = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function nameOf(doc: JsonObject): JsonObject | null {
  const name = doc['name'];
  if (name === null || typeof name !== 'object' || Array.isArray(name)) return null;
  return Object.fromEntries(Object.entries(name).map(([key, value]) => [SNAKE(key), value]));
}

function emailsOf(doc: JsonObject): DirectoryUser['emails'] {
  const emails = doc['emails'];
  if (!Array.isArray(emails)) return [];
  return emails.flatMap((e) =>
    e !== null && typeof e === 'object' && !Array.isArray(e) && typeof e['value'] === 'string'
      ? [{ value: e['value'], type: text(e['type']), primary: e['primary'] === true }]
      : [],
  );
}

const extensionsOf = (doc: JsonObject): JsonObject => Object.fromEntries(Object.entries(doc).filter(([key]) => key.startsWith('urn:')));

export class DirectoryService {
  constructor(
    private readonly store: Store,
    private readonly scimBaseUrl: string,
  ) {}

  async users(orgId: string, filter: UserFilter, page: PageRequest): Promise<Page<DirectoryUser>> {
    await this.requireOrg(orgId);
    const fetch = page.limit + 1;
    if (filter.groupId !== undefined) {
      const order = 'user-in-group';
      const afterId = page.after === undefined ? undefined : String(decodeCursor(order, page.after, ['string'])[0]);
      const rows = await this.store.directory.groupUsers(orgId, filter.groupId, { active: filter.active, updatedSince: filter.updatedSince, afterId, limit: fetch });
      if (!rows) throw Problem.notFound(`No group with id "${filter.groupId}" in this organization`);
      return this.userPage(orgId, pageOf(rows, page.limit, (last) => encodeCursor(order, [last.id])));
    }
    if (filter.updatedSince !== undefined) {
      const order = 'user-by-update';
      const after = page.after === undefined ? undefined : decodeCursor(order, page.after, ['string', 'number']);
      const rows = await this.store.directory.users(orgId, {
        active: filter.active,
        updatedSince: filter.updatedSince,
        ...(after ? { after: { updatedAt: String(after[0]), seq: Number(after[1]) } } : {}),
        limit: fetch,
      });
      return this.userPage(orgId, pageOf(rows, page.limit, (last) => encodeCursor(order, [last.updatedAt, last.seq])));
    }
    const order = 'user';
    const after = page.after === undefined ? undefined : Number(decodeCursor(order, page.after, ['number'])[0]);
    const rows = await this.store.directory.users(orgId, { active: filter.active, ...(after !== undefined ? { after: { seq: after } } : {}), limit: fetch });
    return this.userPage(orgId, pageOf(rows, page.limit, (last) => encodeCursor(order, [last.seq])));
  }

  async user(orgId: string, userId: string): Promise<DirectoryUser> {
    await this.requireOrg(orgId);
    const row = await this.store.users.get(orgId, userId);
    if (!row) throw Problem.notFound(`No user with id "${userId}" in this organization: it never existed or was deleted`);
    return (await this.userPage(orgId, { data: [row], next: null })).data[0]!;
  }

  async groups(orgId: string, page: PageRequest): Promise<Page<DirectoryGroup>> {
    await this.requireOrg(orgId);
    const after = page.after === undefined ? undefined : Number(decodeCursor('group', page.after, ['number'])[0]);
    const rows = await this.store.directory.groups(orgId, after, page.limit + 1);
    const { data, next } = pageOf(rows, page.limit, (last) => encodeCursor('group', [last.seq]));
    return { data: data.map((row) => this.groupJson(row)), next };
  }

  async group(orgId: string, groupId: string): Promise<DirectoryGroup> {
    await this.requireOrg(orgId);
    const row = await this.store.groups.get(orgId, groupId, false);
    if (!row) throw Problem.notFound(`No group with id "${groupId}" in this organization: it never existed or was deleted`);
    return this.groupJson(row);
  }

  async members(orgId: string, groupId: string, page: PageRequest): Promise<Page<DirectoryMember>> {
    await this.requireOrg(orgId);
    const afterId = page.after === undefined ? undefined : String(decodeCursor('member', page.after, ['string'])[0]);
    const rows = await this.store.directory.members(orgId, groupId, afterId, page.limit + 1);
    if (!rows) throw Problem.notFound(`No group with id "${groupId}" in this organization`);
    const { data, next } = pageOf<ResolvedMember>(rows, page.limit, (last) => encodeCursor('member', [last.id]));
    return { data: data.map((m) => ({ id: m.id, type: m.type === 'User' ? 'user' : 'group', display: m.display })), next };
  }

  private async requireOrg(orgId: string): Promise<void> {
    if (!(await this.store.orgs.byId(orgId))) throw Problem.notFound(`No organization with id "${orgId}"`);
  }

  /** One query for the whole page's group ids (the member table's index on member id), never one per user. */
  private async userPage(orgId: string, page: { data: StoredResource[]; next: string | null }): Promise<Page<DirectoryUser>> {
    if (page.data.length === 0) return { data: [], next: page.next };
    const ids = page.data.map((u) => u.id);
    const [groups, roles, attributeMapping] = await Promise.all([
      this.store.users.groupsOf(orgId, ids),
      this.store.roleMappings.rolesOf(orgId, ids),
      this.store.attributeMappings.get(orgId),
    ]);
    const mapping = attributeMapping?.mapping ?? DEFAULT_ATTRIBUTE_MAPPING;
    return { data: page.data.map((row) => this.userJson(row, groups.get(row.id) ?? [], roles.get(row.id) ?? null, mapping)), next: page.next };
  }

  private userJson(row: StoredResource, groups: readonly GroupRef[], role: string | null, mapping: AttributeMapping): DirectoryUser {
    const doc = row.doc;
    return {
      id: row.id,
      external_id: text(doc['externalId']),
      user_name: text(doc['userName']) ?? '',
      display_name: text(doc['displayName']),
      name: nameOf(doc),
      emails: emailsOf(doc),
      active: doc['active'] !== false,
      group_ids: groups.map((g) => g.id),
      custom_attributes: extensionsOf(doc),
      attributes: mappedAttributes(doc, mapping),
      role,
      version: row.version,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      raw: renderUser(row, groups, this.scimBaseUrl),
    };
  }

  private groupJson(row: StoredResource): DirectoryGroup {
    return {
      id: row.id,
      external_id: text(row.doc['externalId']),
      display_name: text(row.doc['displayName']) ?? '',
      version: row.version,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      raw: renderGroup(row, undefined, this.scimBaseUrl),
    };
  }
}
