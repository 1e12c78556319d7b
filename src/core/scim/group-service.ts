// SCIM Groups for one organization: validation, member references, rendering. HTTP-free.
import { ScimError } from '../../scim/errors.js';
import type { SearchParams } from '../../scim/messages/search-request.js';
import { renderGroup } from '../../scim/messages/render-resource.js';
import { isJsonObject, type JsonObject } from '../../scim/messages/resource.js';
import { groupResourceType } from '../../scim/schema/resource-types.js';
import { validateResource } from '../../scim/schema/validate.js';
import type { ChangeContext, MemberRef, StoredGroup, Store } from '../../storage/store.js';
import { newId } from '../ids.js';
import type { CursorCodec } from './cursor-codec.js';
import { listPage } from './list-resources.js';
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
  ) {}

  async create(orgId: string, input: unknown, change: ChangeContext): Promise<Rendered> {
    const { doc, members } = splitMembers(validateResource(input, groupResourceType));
    const group = await this.store.groups.create(orgId, { id: newId(), doc, members }, change);
    return this.render(group);
  }

  async get(orgId: string, id: string, withMembers = true): Promise<Rendered> {
    const group = await this.store.groups.get(orgId, id, withMembers);
    if (!group) throw notFound(id);
    return this.render(group);
  }

  async replace(orgId: string, id: string, input: unknown, expectedVersion: number | undefined, change: ChangeContext): Promise<Rendered> {
    const { doc, members } = splitMembers(validateResource(input, groupResourceType));
    const group = await this.store.groups.replace(orgId, id, doc, members, expectedVersion, change);
    if (!group) throw notFound(id);
    return this.render(group);
  }

  async delete(orgId: string, id: string, expectedVersion: number | undefined, change: ChangeContext): Promise<void> {
    if (!(await this.store.groups.delete(orgId, id, expectedVersion, change))) throw notFound(id);
  }

  /** `withMembers: false` never loads member lists (excludedAttributes=members stays fast on huge groups). */
  async list(orgId: string, params: SearchParams, withMembers = true): Promise<RenderedList> {
    const { result, envelope } = await listPage(groupResourceType, orgId, params, this.cursors, (query) =>
      this.store.groups.list(orgId, query, withMembers),
    );
    return { envelope, resources: result.resources.map((g) => this.render(g).body) };
  }

  private render(group: StoredGroup): Rendered {
    return { body: renderGroup(group, group.members, this.baseUrl), version: group.version };
  }
}

const notFound = (id: string) => ScimError.notFound(`Group ${id} not found`);
