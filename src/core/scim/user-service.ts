// SCIM Users for one organization: validation, Okta's restore-on-POST, rendering. HTTP-free.
import type { JsonObject } from '../../scim/messages/resource.js';
import { renderUser, renderUserJson } from '../../scim/messages/render-resource.js';
import { validateResource } from '../../scim/schema/validate.js';
import { ScimError } from '../../scim/errors.js';
import { applyPatch } from '../../scim/patch/apply-patch.js';
import { readPatchRequest } from '../../scim/patch/patch-request.js';
import { USER_SCHEMA } from '../../scim/schema/urns.js';
import type { SearchParams } from '../../scim/messages/search-request.js';
import type { ChangeContext, GroupRef, UserJson, ListQuery, ListResult, NewUser, StoredResource, Store, UserWriteResult } from '../../storage/store.js';
import { newId } from '../ids.js';
import type { ResourceTypeDef } from '../../scim/schema/resource-types.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import type { ConsoleAccessSync } from './console-access-sync.js';
import type { CursorCodec } from './cursor-codec.js';
import { listPage } from './list-resources.js';

export interface Rendered {
  readonly body: JsonObject;
  readonly version: number;
}

/** What a Bulk POST answers with: the user written (created, or restored by Okta's re-assignment) and its version. */
export interface WrittenUser {
  readonly id: string;
  readonly version: number;
}

/** A ListResponse before projection: the envelope fields and the rendered resources. */
export interface RenderedList {
  readonly envelope: JsonObject;
  readonly resources: readonly JsonObject[];
}

/** A resource without a projection, as JSON text. */
export interface RenderedJson {
  readonly json: string;
  readonly version: number;
}

/** A ListResponse without a projection: the envelope fields and each resource as JSON text. */
export interface RenderedListJson {
  readonly envelope: JsonObject;
  readonly resourcesJson: readonly string[];
}

/**
 * Rollcall people sign in through their identity provider, so a provisioned `password` is accepted
 * (RFC 7643 section 4.1.1) and dropped: never stored, never returned.
 */
function withoutPassword(doc: JsonObject): JsonObject {
  const { password: _ignored, ...rest } = doc;
  return rest;
}

export class UserService {
  constructor(
    private readonly store: Store,
    private readonly baseUrl: string,
    private readonly cursors: CursorCodec,
    private readonly consoleAccess: ConsoleAccessSync,
    private readonly registry: SchemaRegistry,
  ) {}

  async create(orgId: string, input: unknown, change: ChangeContext): Promise<Rendered> {
    const schemas = await this.registry.forOrg(orgId);
    const doc = withoutPassword(validateResource(input, schemas.user, schemas.keepUndeclaredExtensions ? 'keep' : 'refuse'));
    // Okta re-assigns a person it deactivated earlier by POSTing them again with the same externalId:
    // restore that person instead of answering 409 forever (Okta SCIM guide, "reactivate users").
    // Only the same person comes back: same externalId and same userName (case-insensitively); anything else
    // is an ordinary create. The replace runs under the version read, so a concurrent change is not lost.
    const externalId = doc['externalId'];
    if (typeof externalId === 'string') {
      const inactive = await this.store.users.findInactiveByExternalId(orgId, externalId);
      const sameUserName = String(inactive?.doc['userName'] ?? '').toLowerCase() === String(doc['userName']).toLowerCase();
      if (inactive && sameUserName) {
        const restored = await this.store.users.replace(orgId, inactive.id, { active: true, ...doc }, inactive.version, change);
        if (restored) return this.written(orgId, restored, change);
      }
    }
    const created = await this.store.users.create(orgId, { id: newId(), doc }, change);
    // A new id belongs to no group yet: no membership lookup.
    return this.written(orgId, created, change, []);
  }

  /**
   * Consecutive POST /Users operations of a Bulk request, each as `create` would run it, with the plain creates in
   * one store transaction and no rendering (Bulk answers with location and version only). Each input gets its own
   * outcome in order, the user written or the ScimError that operation answers; after `maxFailures` failures
   * (failOnErrors) the rest does not run and has no outcome. A restore-on-POST runs on its own through `create`.
   */
  async createEach(orgId: string, inputs: readonly unknown[], change: ChangeContext, maxFailures: number): Promise<(WrittenUser | ScimError)[]> {
    const schemas = await this.registry.forOrg(orgId);
    const undeclared = schemas.keepUndeclaredExtensions ? 'keep' : 'refuse';
    const docs = inputs.map((input) => {
      try {
        return withoutPassword(validateResource(input, schemas.user, undeclared));
      } catch (error) {
        if (error instanceof ScimError) return error;
        throw error;
      }
    });
    const externalIds = docs.flatMap((doc) => (doc instanceof ScimError || typeof doc['externalId'] !== 'string' ? [] : [doc['externalId']]));
    const inactive = externalIds.length === 0 ? new Map<string, StoredResource>() : await this.store.users.findInactiveByExternalIds(orgId, externalIds);
    const outcomes: (WrittenUser | ScimError)[] = [];
    let failures = 0;
    const failed = (error: ScimError) => {
      failures++;
      outcomes.push(error);
    };
    let pending: NewUser[] = [];
    const writePending = async () => {
      if (pending.length === 0) return;
      const results = await this.store.users.createEach(orgId, pending, change, maxFailures - failures);
      pending = [];
      await this.consoleAccess.afterWriteEach(orgId, results.filter((r): r is StoredResource => !(r instanceof ScimError)), change);
      for (const result of results) {
        if (result instanceof ScimError) failed(result);
        else outcomes.push({ id: result.id, version: result.version });
      }
    };
    // externalIds of users this call creates deactivated: a later POST with one of them may be their restore.
    const createdInactive = new Set<string>();
    for (const [index, doc] of docs.entries()) {
      if (failures >= maxFailures) break;
      if (doc instanceof ScimError) {
        await writePending();
        if (failures >= maxFailures) break;
        failed(doc);
        continue;
      }
      const externalId = doc['externalId'];
      if (typeof externalId === 'string') {
        const previous = inactive.get(externalId);
        const sameUserName = String(previous?.doc['userName'] ?? '').toLowerCase() === String(doc['userName']).toLowerCase();
        if ((previous && sameUserName) || createdInactive.has(externalId)) {
          await writePending();
          if (failures >= maxFailures) break;
          try {
            const written = await this.create(orgId, inputs[index], change);
            outcomes.push({ id: String(written.body['id']), version: written.version });
          } catch (error) {
            if (!(error instanceof ScimError)) throw error;
            failed(error);
          }
          continue;
        }
        if (doc['active'] === false) createdInactive.add(externalId);
      }
      pending.push({ id: newId(), doc });
    }
    await writePending();
    return outcomes;
  }

  async get(orgId: string, id: string): Promise<Rendered> {
    const user = await this.store.users.getWithGroups(orgId, id);
    if (!user) throw notFound(id);
    const { user: resourceType } = await this.registry.forOrg(orgId);
    return { body: renderUser(user, user.groups, this.baseUrl, resourceType), version: user.version };
  }

  /** PUT: a full replace. Attributes the client leaves out are cleared; readOnly ones (id, meta, groups) are kept. */
  async replace(orgId: string, id: string, input: unknown, expectedVersion: number | undefined, change: ChangeContext): Promise<Rendered> {
    const schemas = await this.registry.forOrg(orgId);
    const doc = withoutPassword(validateResource(input, schemas.user, schemas.keepUndeclaredExtensions ? 'keep' : 'refuse'));
    const updated = await this.store.users.replace(orgId, id, doc, expectedVersion, change);
    if (!updated) throw notFound(id);
    return this.written(orgId, updated, change);
  }

  /**
   * PATCH (RFC 7644 section 3.5.2): storage locks the user and applies every operation to the current document
   * inside its write transaction, so overlapping PATCHes apply in turn; the result is validated as a whole and
   * all operations land or none do. An If-Match that names another version is a 412.
   */
  async patch(orgId: string, id: string, body: unknown, ifMatch: number | undefined, change: ChangeContext): Promise<Rendered> {
    const schemas = await this.registry.forOrg(orgId);
    const ops = readPatchRequest(body, schemas.user, { resourceId: id });
    // Data stored under an extension since undeclared is dropped unless the organization keeps undeclared data.
    const undeclared = schemas.keepUndeclaredExtensions ? 'keep' : 'drop';
    const apply = (user: StoredResource) =>
      withoutPassword(validateResource({ ...applyPatch(user.doc, ops, schemas.user), schemas: [USER_SCHEMA] }, schemas.user, undeclared));
    const updated = await this.store.users.replace(orgId, id, apply, ifMatch, change);
    if (!updated) throw notFound(id);
    return this.written(orgId, updated, change);
  }

  async delete(orgId: string, id: string, expectedVersion: number | undefined, change: ChangeContext): Promise<void> {
    const user = await this.store.users.get(orgId, id);
    if (!user) throw notFound(id);
    if (expectedVersion !== undefined && user.version !== expectedVersion) throw ScimError.versionMismatch(user.version);
    await this.consoleAccess.beforeDelete(orgId, user.doc, change);
    if (!(await this.store.users.delete(orgId, id, expectedVersion, change))) throw notFound(id);
  }

  /** `withGroups: false` skips the membership lookup when the projection drops `groups`. */
  async list(orgId: string, params: SearchParams, withGroups = true): Promise<RenderedList> {
    const { envelope, users, resourceType } = await this.page(orgId, params, withGroups, (query) => this.store.users.list(orgId, query));
    return { envelope, resources: users.map(({ user, groups }) => renderUser(user, groups, this.baseUrl, resourceType)) };
  }

  /** The list without a projection, each resource serialized, from the stored JSON text where there is one. */
  async listJson(orgId: string, params: SearchParams): Promise<RenderedListJson> {
    const { envelope, users, resourceType } = await this.page(orgId, params, true, (query) => this.store.users.listJson(orgId, query));
    return { envelope, resourcesJson: users.map(({ user, groups }) => this.renderJson(user, groups, resourceType)) };
  }

  /** GET without a projection: the resource serialized, from the stored JSON text where there is one. */
  async getJson(orgId: string, id: string): Promise<RenderedJson> {
    const user = await this.store.users.getWithGroupsJson(orgId, id);
    if (!user) throw notFound(id);
    const { user: resourceType } = await this.registry.forOrg(orgId);
    return { json: this.renderJson(user, user.groups, resourceType), version: user.version };
  }

  private renderJson(user: UserJson, groups: readonly GroupRef[], resourceType: ResourceTypeDef): string {
    if ('docJson' in user) return renderUserJson(user, user.docJson, groups, this.baseUrl, resourceType);
    return JSON.stringify(renderUser(user, groups, this.baseUrl, resourceType));
  }

  private async page<T extends Pick<StoredResource, 'id' | 'seq'> & { readonly groups?: GroupRef[] }>(
    orgId: string,
    params: SearchParams,
    withGroups: boolean,
    read: (query: ListQuery) => Promise<ListResult<T>>,
  ) {
    const { user: resourceType } = await this.registry.forOrg(orgId);
    // A filtered list is mostly an IdP looking one person up: its groups come in the same statement (one round trip
    // fewer on PostgreSQL). A page of many users reads them with one batched query instead, which costs less per row
    // than a subquery per user (measured on both engines, 100-user pages).
    const inStatement = withGroups && params.filter !== undefined;
    const { result, envelope } = await listPage(resourceType, orgId, params, this.cursors, (query) =>
      read({ ...query, scimBaseUrl: this.baseUrl, withGroups: inStatement }),
    );
    const batched = withGroups && !inStatement ? await this.store.users.groupsOf(orgId, result.resources.map((r) => r.id)) : undefined;
    const users = result.resources.map((user) => ({ user, groups: user.groups ?? batched?.get(user.id) ?? [] }));
    return { envelope, users, resourceType };
  }

  /**
   * Every write lands in the console too: a deactivated person loses console access to this org. The groups are read
   * unless given or read by the write itself.
   */
  private async written(orgId: string, user: UserWriteResult, change: ChangeContext, groups?: GroupRef[]): Promise<Rendered> {
    await this.consoleAccess.afterWrite(orgId, user, change);
    const memberOf = groups ?? user.groups ?? (await this.store.users.groupsOf(orgId, [user.id])).get(user.id) ?? [];
    const { user: resourceType } = await this.registry.forOrg(orgId);
    return { body: renderUser(user, memberOf, this.baseUrl, resourceType), version: user.version };
  }
}

const notFound = (id: string) => ScimError.notFound(`User ${id} not found`);
