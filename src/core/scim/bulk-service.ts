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

/**
 * At most this many creates share one store transaction: enough that the commit costs little per user, few enough
 * that SQLite's synchronous transaction holds the event loop only briefly.
 */
const CREATE_BATCH = 250;

interface Pending {
  readonly op: BulkOperation;
  readonly index: number;
  readonly refs: ReadonlySet<string>;
}

/** The operation with its `bulkId:` references replaced (itself when it has none). */
const resolved = (p: Pending, ids: ReadonlyMap<string, string>): BulkOperation => (p.refs.size === 0 ? p.op : resolveBulkIds(p.op, ids));

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
    const pending: Pending[] = request.operations.map((op, index) => ({ op, index, refs: bulkIdsIn(op) }));
    // The bulkIds of operations that have not run: a reference to one of them waits for it.
    const waitingFor = new Set(pending.flatMap((p) => (p.op.bulkId === undefined ? [] : [p.op.bulkId])));
    const maxErrors = request.failOnErrors ?? Infinity;
    let errors = 0;
    const isReady = (p: Pending) => {
      for (const ref of p.refs) if (!ids.has(ref) && waitingFor.has(ref) && ref !== p.op.bulkId) return false;
      return true;
    };
    const take = (at: number): Pending => {
      const taken = pending.splice(at, 1)[0]!;
      if (taken.op.bulkId !== undefined) waitingFor.delete(taken.op.bulkId);
      return taken;
    };
    const record = (p: Pending, operation: BulkOperation, result: BulkResult) => {
      ran.set(p.index, operation);
      if (result.status >= 400) errors++;
      else if (operation.method === 'POST' && operation.bulkId !== undefined && result.location !== undefined) {
        ids.set(operation.bulkId, result.location.slice(result.location.lastIndexOf('/') + 1));
      }
      results.set(p.index, result);
    };
    // A user create whose references are all resolved already can join a batch of creates.
    const batchable = (p: Pending) => p.op.method === 'POST' && p.op.path === '/Users' && [...p.refs].every((ref) => ids.has(ref));

    while (pending.length > 0 && errors < maxErrors) {
      const ready = pending.findIndex(isReady);
      if (ready !== -1 && batchable(pending[ready]!)) {
        // The operations this loop would run next, one at a time, as long as they are such creates: which one runs
        // next never depends on how the previous one ended, so they can run as one batch (in order, each on its own).
        const batch = [take(ready)];
        for (let next = pending.findIndex(isReady); next !== -1 && batch.length < CREATE_BATCH && batchable(pending[next]!); next = pending.findIndex(isReady)) {
          batch.push(take(next));
        }
        await this.createUsers(orgId, batch, ids, change, maxErrors - errors, record);
        continue;
      }
      // Every remaining operation waits on another: a circular reference (RFC 7644 section 3.7.1).
      const next = take(ready === -1 ? 0 : ready);
      const result =
        ready === -1
          ? failure(next.op, ScimError.conflict(`bulkId references form a cycle through "${[...next.refs].join('", "')}"`))
          : await this.run(orgId, next.op, next.refs, ids, change);
      record(next, resolved(next, ids), result);
    }
    const ordered = [...results.entries()].sort(([a], [b]) => a - b);
    return {
      response: bulkResponse(ordered.map(([, r]) => r)),
      outcomes: ordered.map(([index, result]) => ({ operation: ran.get(index)!, result })),
    };
  }

  /** POST /Users operations in a row: one UserService.createEach; those after a failOnErrors stop get no result. */
  private async createUsers(
    orgId: string,
    batch: readonly Pending[],
    ids: ReadonlyMap<string, string>,
    change: ChangeContext,
    maxErrors: number,
    record: (p: Pending, operation: BulkOperation, result: BulkResult) => void,
  ): Promise<void> {
    const operations = batch.map((p) => resolved(p, ids));
    const outcomes = await this.users.createEach(orgId, operations.map((op) => op.data), change, maxErrors);
    outcomes.forEach((outcome, k) => {
      const op = operations[k]!;
      record(
        batch[k]!,
        op,
        outcome instanceof ScimError
          ? failure(op, outcome)
          : {
              method: op.method,
              ...(op.bulkId === undefined ? {} : { bulkId: op.bulkId }),
              status: 201,
              version: etagOf(outcome.version),
              location: `${this.baseUrl}/Users/${outcome.id}`,
            },
      );
    });
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
      const op = refs.size === 0 ? raw : resolveBulkIds(raw, ids);
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
