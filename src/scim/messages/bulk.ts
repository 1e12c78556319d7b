// BulkRequest and BulkResponse of RFC 7644 section 3.7, and `bulkId:` reference substitution (section 3.7.2).
import { ScimError } from '../errors.js';
import { BULK_REQUEST, BULK_RESPONSE } from '../schema/urns.js';
import { isJsonObject, type JsonObject, type JsonValue } from './resource.js';

/** Advertised in ServiceProviderConfig `bulk` and enforced: more is 413 tooLarge (RFC 7644 section 3.7.4). */
export const BULK_MAX_OPERATIONS = 1000;
export const BULK_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BulkOperation {
  readonly method: BulkMethod;
  readonly bulkId?: string;
  /** ETag the resource must still have (If-Match); RFC 7644 section 3.7. */
  readonly version?: string;
  readonly path: string;
  readonly data?: JsonValue;
}

export interface BulkRequest {
  /** Stop after this many errors; undefined means carry on through every operation. */
  readonly failOnErrors: number | undefined;
  readonly operations: readonly BulkOperation[];
}

export interface BulkResult {
  readonly method: BulkMethod;
  readonly bulkId?: string;
  readonly version?: string;
  readonly location?: string;
  readonly status: number;
  readonly response?: JsonObject;
}

const METHODS: readonly BulkMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];
const key = (object: JsonObject, name: string) => Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
const field = (object: JsonObject, name: string): JsonValue | undefined => {
  const k = key(object, name);
  return k === undefined ? undefined : object[k];
};

export function parseBulkRequest(body: unknown): BulkRequest {
  if (!isJsonObject(body)) throw ScimError.invalidSyntax('The Bulk body must be a JSON object with "schemas" and "Operations"');
  const schemas = field(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === BULK_REQUEST.toLowerCase())) {
    throw ScimError.invalidSyntax(`"schemas" must be ["${BULK_REQUEST}"]`);
  }
  const failOnErrors = field(body, 'failOnErrors');
  if (failOnErrors !== undefined && failOnErrors !== null && (typeof failOnErrors !== 'number' || !Number.isInteger(failOnErrors) || failOnErrors < 1)) {
    throw ScimError.invalidValue('"failOnErrors" must be a positive integer');
  }
  const ops = field(body, 'Operations');
  if (!Array.isArray(ops) || ops.length === 0) throw ScimError.invalidValue('"Operations" must be a non-empty array');
  if (ops.length > BULK_MAX_OPERATIONS) {
    throw ScimError.tooLarge(`A Bulk request may carry at most ${BULK_MAX_OPERATIONS} operations; this one has ${ops.length}`);
  }
  const seen = new Set<string>();
  const operations = ops.map((raw, i): BulkOperation => {
    if (!isJsonObject(raw)) throw ScimError.invalidSyntax(`Operations[${i}] must be an object`);
    const method = field(raw, 'method');
    const upper = typeof method === 'string' ? method.toUpperCase() : '';
    if (!(METHODS as readonly string[]).includes(upper)) throw ScimError.invalidSyntax(`Operations[${i}].method must be POST, PUT, PATCH or DELETE`);
    const path = field(raw, 'path');
    if (typeof path !== 'string' || path === '') throw ScimError.invalidSyntax(`Operations[${i}].path is required`);
    const bulkId = field(raw, 'bulkId');
    if (bulkId !== undefined && bulkId !== null) {
      if (typeof bulkId !== 'string' || bulkId === '') throw ScimError.invalidSyntax(`Operations[${i}].bulkId must be a non-empty string`);
      if (seen.has(bulkId)) throw ScimError.invalidValue(`bulkId "${bulkId}" is used twice; it must be unique within the request`);
      seen.add(bulkId);
    }
    const version = field(raw, 'version');
    const data = field(raw, 'data');
    if (upper !== 'DELETE' && (data === undefined || data === null)) throw ScimError.invalidSyntax(`Operations[${i}].data is required for ${upper}`);
    return {
      method: upper as BulkMethod,
      path,
      ...(typeof bulkId === 'string' ? { bulkId } : {}),
      ...(typeof version === 'string' ? { version } : {}),
      ...(data === undefined || data === null ? {} : { data }),
    };
  });
  return { failOnErrors: typeof failOnErrors === 'number' ? failOnErrors : undefined, operations };
}

const REFERENCE = /^bulkId:(.+)$/;

/** The bulkIds an operation refers to, in its path or anywhere in its data. */
export function bulkIdsIn(operation: BulkOperation): Set<string> {
  const found = new Set<string>();
  const visit = (value: JsonValue | undefined): void => {
    if (typeof value === 'string') {
      const match = REFERENCE.exec(value);
      if (match) found.add(match[1]!);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (isJsonObject(value)) Object.values(value).forEach(visit);
  };
  for (const segment of operation.path.split('/')) visit(segment);
  visit(operation.data);
  return found;
}

/** Replaces every `bulkId:<id>` string (path segment or data value) with the id the server assigned. */
export function resolveBulkIds(operation: BulkOperation, ids: ReadonlyMap<string, string>): BulkOperation {
  const swap = (text: string) => {
    const match = REFERENCE.exec(text);
    return match ? (ids.get(match[1]!) ?? text) : text;
  };
  const visit = (value: JsonValue): JsonValue => {
    if (typeof value === 'string') return swap(value);
    if (Array.isArray(value)) return value.map(visit);
    if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
    return value;
  };
  const path = operation.path.split('/').map(swap).join('/');
  return { ...operation, path, ...(operation.data === undefined ? {} : { data: visit(operation.data) }) };
}

export function bulkResponse(results: readonly BulkResult[]): JsonObject {
  return {
    schemas: [BULK_RESPONSE],
    Operations: results.map((r) => {
      const out: JsonObject = { method: r.method };
      if (r.bulkId !== undefined) out['bulkId'] = r.bulkId;
      if (r.version !== undefined) out['version'] = r.version;
      if (r.location !== undefined) out['location'] = r.location;
      // RFC 7644 section 3.7.3 shows `status` as a string, like the Error message's.
      out['status'] = String(r.status);
      if (r.response !== undefined) out['response'] = r.response;
      return out;
    }),
  };
}
