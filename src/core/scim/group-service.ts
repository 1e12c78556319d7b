// SCIM Groups for one organization: validation, member references, rendering. HTTP-free.
import { ScimError } from '../../scim/errors.js';
import type { SearchParams } from '../../scim/messages/search-request.js';
import { renderGroup } from '../../scim/messages/render-resource.js';
import { isJsonObject, type JsonObject } from '../../scim/messages/resource.js';
import type { ResourceTypeDef } from '../../scim/schema/resource-types.js';
import { validateResource } from '../../scim/schema/validate.js';
import { applyPatch } from '../../scim/patch/apply-patch.js';
import { splitMemberOperations, type SplitOperations } from '../../scim/patch/member-delta.js';
import type { PatchOperation } from '../../scim/patch/patch-operation.js';
import { readPatchRequest } from '../../scim/patch/patch-request.js';
import { GROUP_SCHEMA } from '../../scim/schema/urns.js';
import type { ChangeContext, MemberRef, StoredGroup, StoredResource, Store } from '../../storage/store.js';
import { newId } from '../ids.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import type { CursorCodec } from './cursor-codec.js';
import { listPage } from './list-resources.js';
import type { ConsoleRoleSync } from '../roles/console-role-sync.js';
import type { Rendered, RenderedList } from './user-service.js';

/** Splits the validated document into the stored document and the member references. */
function splitMembers(doc: JsonObject): { doc: JsonObject; members: MemberRef[] } {
  const { members, ...rest } = doc;
  const refs: MemberRef[] = [];
  const seen = new Set<string>();
  for (const member of Array.isArray(members) ? members : []) {
    if (!isJsonObject(member) || typeof member['value'] !== 'string' || member['value'] === '') {
      throw ScimError.invalidValue('Each member needs a "value" holding the id of a User or Group');
    }
    const type = member['type'];
    if (type !== undefined && type !== 'User' && type !== 'Group') {
      throw ScimError.invalidValue(`Member type must be "User" or "Group", got ${JSON.stringify(type)}`);
    }
    if (seen.has(member['value'])) continue;
    seen.add(member['value']);
    refs.push({ id: member['value'], type: type ?? 'User' });
  }
  return { doc: rest, members: refs };
}

export class GroupService {
  constructor(
    private readonly store: Store,
    private readonly baseUrl: string,
    private readonly cursors: CursorCodec,
    private readonly registry: SchemaRegistry,
    private readonly consoleRoles: ConsoleRoleSync,
  ) {}

  /** The organization's Group resource type and what to do with undeclared extension data on create and PUT. */
  private async groupType(orgId: string): Promise<{ rt: ResourceTypeDef; keep: boolean }> {
    const schemas = await this.registry.forOrg(orgId);
    return { rt: schemas.group, keep: schemas.keepUndeclaredExtensions };
  }

  async create(orgId: string, input: unknown, change: ChangeContext): Promise<Rendered> {
    const { rt, keep } = await this.groupType(orgId);
    const { doc, members } = splitMembers(validateResource(input, rt, keep ? 'keep' : 'refuse'));
    const group = await this.store.groups.create(orgId, { id: newId(), doc, members }, change);
    await this.consoleRoles.apply(orgId, change.client);
    return this.render(group, rt);
  }

  async get(orgId: string, id: string, withMembers = true): Promise<Rendered> {
    const group = await this.store.groups.get(orgId, id, withMembers);
    if (!group) throw notFound(id);
    return this.render(group, (await this.groupType(orgId)).rt);
  }

  async replace(orgId: string, id: string, input: unknown, expectedVersion: number | undefined, change: ChangeContext): Promise<Rendered> {
    const { rt, keep } = await this.groupType(orgId);
    const { doc, members } = splitMembers(validateResource(input, rt, keep ? 'keep' : 'refuse'));
    refuseSelfMembership(id, members.map((m) => m.id));
    const group = await this.store.groups.replace(orgId, id, doc, members, expectedVersion, change);
    if (!group) throw notFound(id);
    await this.consoleRoles.apply(orgId, change.client);
    return this.render(group, rt);
  }

  /**
   * PATCH (RFC 7644 section 3.5.2). Member additions and removals become row changes in storage, beside any
   * displayName change in the same transaction, without reading the member list; anything else patches the full
   * document. Either way storage locks the group and applies the operations to its current document inside the
   * write transaction, so overlapping PATCHes apply in turn; only an If-Match pins a version (412 otherwise).
   * Returns the new version (group PATCH answers 204 unless a body is asked for).
   */
  async patch(orgId: string, id: string, body: unknown, ifMatch: number | undefined, change: ChangeContext): Promise<number> {
    const { rt, keep } = await this.groupType(orgId);
    const ops = readPatchRequest(body, rt, { resourceId: id });
    const split = splitMemberOperations(ops);
    const stored = split
      ? await this.patchMembers(orgId, id, split, ifMatch, change, rt, keep)
      : await this.patchDocument(orgId, id, ops, ifMatch, change, rt, keep);
    if (!stored) throw notFound(id);
    // A store that read the mapping in the write's own transaction saves the sync reading it again.
    if (stored.roleMappingForConsole !== false) await this.consoleRoles.apply(orgId, change.client);
    return stored.version;
  }

  private async patchMembers(
    orgId: string,
    id: string,
    split: SplitOperations,
    ifMatch: number | undefined,
    change: ChangeContext,
    rt: ResourceTypeDef,
    keep: boolean,
  ) {
    refuseSelfMembership(id, [...(split.members.replaceAll ?? []), ...split.members.add].map((m) => m.id));
    const undeclared = keep ? 'keep' : 'drop';
    // Row inserts and deletes commute with any concurrent change; other operations apply to the locked document.
    const apply =
      split.other.length === 0
        ? undefined
        : (group: StoredResource) =>
            splitMembers(validateResource({ ...applyPatch(group.doc, split.other, rt), schemas: [GROUP_SCHEMA] }, rt, undeclared)).doc;
    return this.store.groups.modifyMembers(orgId, id, split.members, apply, ifMatch, change);
  }

  private async patchDocument(
    orgId: string,
    id: string,
    ops: readonly PatchOperation[],
    ifMatch: number | undefined,
    change: ChangeContext,
    rt: ResourceTypeDef,
    keep: boolean,
  ) {
    const apply = (group: StoredGroup) => {
      // `display` is readOnly (validation drops it) but filters such as members[display eq "x"] read it.
      const members = (group.members ?? []).map((m) => ({ value: m.id, type: m.type, ...(m.display === null ? {} : { display: m.display }) }));
      const current: JsonObject = members.length > 0 ? { ...group.doc, members } : group.doc;
      const patched = applyPatch(current, ops, rt);
      const result = splitMembers(validateResource({ ...patched, schemas: [GROUP_SCHEMA] }, rt, keep ? 'keep' : 'drop'));
      refuseSelfMembership(id, result.members.map((m) => m.id));
      return result;
    };
    return this.store.groups.replace(orgId, id, apply, [], ifMatch, change);
  }

  async delete(orgId: string, id: string, expectedVersion: number | undefined, change: ChangeContext): Promise<void> {
    if (!(await this.store.groups.delete(orgId, id, expectedVersion, change))) throw notFound(id);
    await this.consoleRoles.apply(orgId, change.client);
  }

  /**
   * `withMembers: false` never loads member lists (excludedAttributes=members stays fast on huge groups).
   * With members, a page stops early once it holds MEMBERS_PER_LIST_PAGE members (RFC 7644 section 3.4.2.4
   * lets a page hold fewer than `count`; itemsPerPage and the next cursor say where to go on), so a page of
   * huge groups never loads a tenant's worth of rows; a single group is always sent whole.
   */
  async list(orgId: string, params: SearchParams, withMembers = true): Promise<RenderedList> {
    const { rt } = await this.groupType(orgId);
    const { result, envelope } = await listPage(rt, orgId, params, this.cursors, async (query) => {
      const page = await this.store.groups.list(orgId, { ...query, scimBaseUrl: this.baseUrl }, false);
      if (!withMembers) return page;
      const loaded: StoredGroup[] = [];
      let members = 0;
      for (const group of page.resources) {
        if (loaded.length > 0 && members >= MEMBERS_PER_LIST_PAGE) break;
        const full = await this.store.groups.get(orgId, group.id, true);
        if (!full) continue;
        loaded.push(full);
        members += full.members?.length ?? 0;
      }
      const cut = loaded.length < page.resources.length;
      return { ...page, resources: loaded, hasMoreAfter: page.hasMoreAfter || cut };
    });
    return { envelope, resources: result.resources.map((g) => this.render(g, rt).body) };
  }

  private render(group: StoredGroup, rt: ResourceTypeDef): Rendered {
    return { body: renderGroup(group, group.members, this.baseUrl, rt), version: group.version };
  }
}

const notFound = (id: string) => ScimError.notFound(`Group ${id} not found`);

/** Members one list page may carry before it stops adding groups. */
export const MEMBERS_PER_LIST_PAGE = 10_000;

/** A group cannot contain itself: nested membership would loop. */
function refuseSelfMembership(groupId: string, memberIds: readonly string[]): void {
  if (memberIds.includes(groupId)) throw ScimError.invalidValue(`Group ${groupId} cannot be a member of itself`);
}
