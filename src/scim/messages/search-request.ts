// Query parameters of RFC 7644 section 3.4.2 (GET) and the SearchRequest body of section 3.4.3 (POST .search),
// read into one shape, plus RFC 9865's `cursor`. Pure: validation only.
import { ScimError } from '../errors.js';
import { SEARCH_REQUEST } from '../schema/urns.js';
import { parseAttributeList } from './projection.js';
import { isJsonObject } from './resource.js';

export interface SearchParams {
  readonly filter?: string;
  readonly sortBy?: string;
  readonly sortOrder?: 'ascending' | 'descending';
  readonly startIndex?: number;
  readonly count?: number;
  /** RFC 9865: present (possibly empty) when the client asks for cursor paging. */
  readonly cursor?: string;
  readonly attributes?: readonly string[];
  readonly excludedAttributes?: readonly string[];
}

function integer(name: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === '' || raw === null) return undefined;
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && /^\s*-?\d{1,15}\s*$/.test(raw)) return Number(raw);
  throw ScimError.invalidValue(`"${name}" must be an integer, got ${JSON.stringify(raw)}`);
}

function text(name: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw ScimError.invalidValue(`"${name}" must be a string`);
  return raw;
}

function sortOrder(raw: unknown): SearchParams['sortOrder'] {
  const value = text('sortOrder', raw);
  if (value === undefined || value === '') return undefined;
  const lower = value.toLowerCase();
  if (lower !== 'ascending' && lower !== 'descending') throw ScimError.invalidValue(`"sortOrder" must be "ascending" or "descending"`);
  return lower;
}

function build(fields: Record<string, unknown>, attributes: string[] | undefined, excluded: string[] | undefined): SearchParams {
  const params: { -readonly [K in keyof SearchParams]: SearchParams[K] } = {};
  const filter = text('filter', fields['filter']);
  if (filter !== undefined && filter.trim() !== '') params.filter = filter;
  const sortBy = text('sortBy', fields['sortBy']);
  if (sortBy !== undefined && sortBy !== '') params.sortBy = sortBy;
  const order = sortOrder(fields['sortOrder']);
  if (order) params.sortOrder = order;
  const startIndex = integer('startIndex', fields['startIndex']);
  if (startIndex !== undefined) params.startIndex = startIndex;
  const count = integer('count', fields['count']);
  if (count !== undefined) params.count = count;
  const cursor = text('cursor', fields['cursor']);
  if (cursor !== undefined) params.cursor = cursor;
  if (attributes) params.attributes = attributes;
  if (excluded) params.excludedAttributes = excluded;
  if (params.cursor !== undefined && params.startIndex !== undefined) {
    throw ScimError.invalidValue('Use either startIndex (index paging) or cursor (cursor paging), not both');
  }
  return params;
}

/** From a GET query string (already split by the HTTP layer). */
export function searchParamsFromQuery(query: Readonly<Record<string, unknown>>): SearchParams {
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) throw ScimError.invalidValue(`"${key}" was given more than once`);
  }
  return build(query, parseAttributeList(query['attributes']), parseAttributeList(query['excludedAttributes']));
}

const nameList = (name: string, raw: unknown): string[] | undefined => {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return parseAttributeList(raw);
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return raw.map((s) => s.trim()).filter(Boolean);
  throw ScimError.invalidValue(`"${name}" must be an array of attribute names`);
};

/** From a POST .search body (RFC 7644 section 3.4.3). */
export function searchParamsFromBody(body: unknown): SearchParams {
  if (!isJsonObject(body)) throw ScimError.invalidSyntax('A SearchRequest must be a JSON object');
  const schemas = body['schemas'];
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SEARCH_REQUEST.toLowerCase())) {
    throw ScimError.invalidSyntax(`A SearchRequest must list "${SEARCH_REQUEST}" in schemas`);
  }
  const known = new Set(['schemas', 'filter', 'sortby', 'sortorder', 'startindex', 'count', 'cursor', 'attributes', 'excludedattributes']);
  const fields: Record<string, unknown> = {};
  const canonical: Record<string, string> = {
    sortby: 'sortBy',
    sortorder: 'sortOrder',
    startindex: 'startIndex',
    excludedattributes: 'excludedAttributes',
  };
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (!known.has(lower)) throw ScimError.invalidSyntax(`Unknown SearchRequest attribute "${key}"`);
    fields[canonical[lower] ?? lower] = value;
  }
  return build(fields, nameList('attributes', fields['attributes']), nameList('excludedAttributes', fields['excludedAttributes']));
}
