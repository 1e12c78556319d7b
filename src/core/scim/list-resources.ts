// One list/search use case for Users and Groups: filter, sort, index or cursor paging (RFC 7644 section 3.4.2,
// RFC 9865), answered as a ListResponse body minus projection (the HTTP layer projects).
import { createHash } from 'node:crypto';
import { checkFilter } from '../../scim/filter/check.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { ScimError } from '../../scim/errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../scim/messages/list-params.js';
import { LIST_RESPONSE } from '../../scim/schema/urns.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import type { SearchParams } from '../../scim/messages/search-request.js';
import type { ResourceTypeDef } from '../../scim/schema/resource-types.js';
import { resolveAttribute } from '../../scim/schema/resolve.js';
import type { ListQuery, ListResult, ListWindow, StoredResource } from '../../storage/store.js';
import type { CursorCodec } from './cursor-codec.js';

export interface ListPage<T extends Pick<StoredResource, 'seq'>> {
  readonly result: ListResult<T>;
  /** The ListResponse fields other than Resources. */
  readonly envelope: JsonObject;
}

/** Turns search parameters into a store query; all validation happens here, before any I/O. */
export function buildListQuery(resourceType: ResourceTypeDef, params: SearchParams): Omit<ListQuery, 'window'> {
  const query: { -readonly [K in keyof ListQuery]?: ListQuery[K] } = {};
  if (params.filter !== undefined) query.filter = checkFilter(parseFilter(params.filter), resourceType);
  if (params.sortBy !== undefined) {
    const attribute = resolveAttribute(resourceType, params.sortBy);
    if (!attribute) throw ScimError.invalidValue(`sortBy: unknown attribute "${params.sortBy}" for ${resourceType.name}`);
    query.sort = { attribute, order: params.sortOrder ?? 'ascending' };
  }
  return query;
}

export async function listPage<T extends Pick<StoredResource, 'seq'>>(
  resourceType: ResourceTypeDef,
  orgId: string,
  params: SearchParams,
  cursors: CursorCodec,
  run: (query: ListQuery) => Promise<ListResult<T>>,
): Promise<ListPage<T>> {
  const base = buildListQuery(resourceType, params);
  if (params.cursor === undefined) {
    // Index paging (RFC 7644 section 3.4.2.4): startIndex below 1 means 1, negative count means 0, capped.
    const startIndex = Math.max(1, params.startIndex ?? 1);
    const count = Math.min(MAX_PAGE_SIZE, Math.max(0, params.count ?? DEFAULT_PAGE_SIZE));
    const result = await run({ ...base, window: { kind: 'offset', offset: startIndex - 1, limit: count } });
    return { result, envelope: { schemas: [LIST_RESPONSE], totalResults: result.totalResults, startIndex, itemsPerPage: result.resources.length } };
  }

  const count = params.count ?? DEFAULT_PAGE_SIZE;
  if (count < 1 || count > MAX_PAGE_SIZE) throw ScimError.invalidCount(`count must be between 1 and ${MAX_PAGE_SIZE} for cursor paging`);
  const queryKey = createHash('sha256')
    .update(JSON.stringify([orgId, resourceType.name, params.filter ?? '', base.sort?.attribute.path ?? '', base.sort?.attribute.schemaId ?? '', base.sort?.order ?? '']))
    .digest('base64url')
    .slice(0, 22);
  const position = params.cursor === '' ? undefined : await cursors.decode(params.cursor, queryKey, count);
  const sorted = base.sort !== undefined;
  let window: ListWindow;
  if (!position) window = sorted ? { kind: 'offset', offset: 0, limit: count } : { kind: 'after', seq: 0, limit: count };
  else if (position.kind === 'offset') window = { kind: 'offset', offset: position.value, limit: count };
  else window = { kind: position.kind, seq: position.value, limit: count };
  const result = await run({ ...base, window });

  const envelope: JsonObject = { schemas: [LIST_RESPONSE], totalResults: result.totalResults, itemsPerPage: result.resources.length };
  const first = result.resources[0];
  const last = result.resources[result.resources.length - 1];
  if (window.kind === 'offset') {
    // A page may hold fewer than `count` (a member budget cut it short): continue right after what was sent.
    if (result.hasMoreAfter) envelope['nextCursor'] = await cursors.encode(queryKey, count, { kind: 'offset', value: window.offset + result.resources.length });
    if (window.offset > 0) envelope['previousCursor'] = await cursors.encode(queryKey, count, { kind: 'offset', value: Math.max(0, window.offset - count) });
  } else {
    // Keyset over seq: a deep page costs the same as the first one.
    if (result.hasMoreAfter && last) envelope['nextCursor'] = await cursors.encode(queryKey, count, { kind: 'after', value: last.seq });
    if (result.hasMoreBefore && first) envelope['previousCursor'] = await cursors.encode(queryKey, count, { kind: 'before', value: first.seq });
  }
  return { result, envelope };
}
