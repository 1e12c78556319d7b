// POST /Bulk (RFC 7644 section 3.7): each operation calls the same service as its single-resource route.
// Operations run in order; one whose `bulkId:` reference names a later POST waits for it. HTTP-free.
import { ScimError } from '../../scim/errors.js';
import {
  bulkIdsIn,
  bulkResponse,
  parseBulkRequest,
  resolveBulkIds,
  type BulkOperation,
  type BulkResult,
} from '../../scim/messages/bulk.js';
import { errorResponse } from '../../scim/messages/error-response.js';
import { parseIfMatch } from '../../scim/messages/etag.js';
import { etagOf } from '../../scim/messages/render-resource.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import type { ChangeContext } from '../../storage/store.js';
import type { GroupService } from './group-service.js';
import type { Rendered, UserService } from './user-service.js';

/** One operation of a Bulk request as it ran: what the provisioning activity log records for each. */
export interface BulkOutcome {
  readonly operation: BulkOperation;
  readonly result: BulkResult;
}

const PATH = /^\/(Users|Groups)(?:\/([^/?#]+))?$/;

export class BulkService {
  constructor(
    private readonly users: UserService,
    private readonly groups: GroupService,
    private readonly baseUrl: string,
  ) {}

  async execute(orgId: string, body: unknown, change: ChangeContext): Promise<JsonObject> {
    return (await this.executeEach(orgId, body, change)).response;
  }

  /** The Bulk response and, in request order, each operation that ran (bulkId references resolved) with its result. */
  async executeEach(orgId: string, body: unknown, change: ChangeContext): Promise<{ response: JsonObject; outcomes: BulkOutcome[] }> {
    const request = parseBulkRequest(body);
    const results = new Map<number, BulkResult>();
    const ran = new Map<number, BulkOperation>();
    const ids = new Map<string, string>();
    const pending = request.operations.map((op, index) => ({ op, index, refs: bulkIdsIn(op) }));
    let errors = 0;
    const stop = () => request.failOnErrors !== undefined && errors >= request.failOnErrors;

    while (pending.length > 0 && !stop()) {
      const waitingFor = new Set(pending.flatMap((p) => (p.op.bulkId === undefined ? [] : [p.op.bulkId])));
      const ready = pending.findIndex((p) => [...p.refs].every((ref) => ids.has(ref) || !waitingFor.has(ref) || ref === p.op.bulkId));
      // Every remaining operation waits on another: a circular reference (RFC 7644 section 3.7.1).
      const next = pending.splice(ready === -1 ? 0 : ready, 1)[0]!;
      const result =
        ready === -1
          ? failure(next.op, ScimError.conflict(`bulkId references form a cycle through "${[...next.refs].join('", "')}"`))
          : await this.run(orgId, next.op, next.refs, ids, change);
      ran.set(next.index, resolveBulkIds(next.op, ids));
      if (result.status >= 400) errors++;
      else if (next.op.method === 'POST' && next.op.bulkId !== undefined && result.location !== undefined) {
        ids.set(next.op.bulkId, result.location.slice(result.location.lastIndexOf('/') + 1));
      }
      results.set(next.index, result);
    }
    const ordered = [...results.entries()].sort(([a], [b]) => a - b);
    return {
      response: bulkResponse(ordered.map(([, r]) => r)),
      outcomes: ordered.map(([index, result]) => ({ operation: ran.get(index)!, result })),
    };
  }

  private async run(
    orgId: string,
    raw: BulkOperation,
    refs: ReadonlySet<string>,
    ids: ReadonlyMap<string, string>,
    change: ChangeContext,
  ): Promise<BulkResult> {
    try {
      const unknown = [...refs].filter((ref) => !ids.has(ref));
      if (unknown.length > 0) throw ScimError.conflict(`bulkId "${unknown[0]}" names no operation of this request that succeeded`);
      const op = resolveBulkIds(raw, ids);
      const match = PATH.exec(op.path);
      if (!match) throw ScimError.invalidSyntax(`"${op.path}" is not /Users, /Groups, /Users/{id} or /Groups/{id}`);
      const [, type, id] = match;
      const service = type === 'Users' ? this.users : this.groups;
      if ((op.method === 'POST') !== (id === undefined)) {
        throw ScimError.invalidSyntax(op.method === 'POST' ? 'POST goes to /Users or /Groups' : `${op.method} needs /${type}/{id}`);
      }
      const base = { method: op.method, ...(op.bulkId === undefined ? {} : { bulkId: op.bulkId }) };
      const done = (rendered: Rendered, status: number): BulkResult => ({
        ...base,
        status,
        version: etagOf(rendered.version),
        location: `${this.baseUrl}/${type}/${String(rendered.body['id'])}`,
      });
      const ifMatch = parseIfMatch(op.version);
      switch (op.method) {
        case 'POST':
          return done(await service.create(orgId, op.data, change), 201);
        case 'PUT':
          return done(await service.replace(orgId, id!, op.data, ifMatch, change), 200);
        case 'PATCH':
          if (service === this.users) return done(await this.users.patch(orgId, id!, op.data, ifMatch, change), 200);
          return { ...base, status: 200, version: etagOf(await this.groups.patch(orgId, id!, op.data, ifMatch, change)), location: `${this.baseUrl}/Groups/${id!}` };
        case 'DELETE':
          await service.delete(orgId, id!, ifMatch, change);
          return { ...base, status: 204, location: `${this.baseUrl}/${type}/${id!}` };
      }
    } catch (error) {
      if (error instanceof ScimError) return failure(raw, error);
      throw error;
    }
  }
}

function failure(op: BulkOperation, error: ScimError): BulkResult {
  return { method: op.method, ...(op.bulkId === undefined ? {} : { bulkId: op.bulkId }), status: error.status, response: errorResponse(error) };
}
