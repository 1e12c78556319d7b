// Builds the wire form of stored Users and Groups (RFC 7643 sections 3.1, 4.1, 4.2): schemas, id, the document,
// server-computed attributes (User.groups, Group.members with display/type/$ref) and complete meta.
import { schemasOf } from '../schema/validate.js';
import { groupResourceType, userResourceType, type ResourceTypeDef } from '../schema/resource-types.js';
import { findMember } from './json-member.js';
import type { JsonObject, JsonValue } from './resource.js';

export interface ResourceMeta {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface MemberView {
  readonly id: string;
  readonly type: 'User' | 'Group';
  readonly display: string | null;
}

/** Weak ETag from the row version (RFC 7644 section 3.14). */
export const etagOf = (version: number): string => `W/"${version}"`;

function meta(resourceType: 'User' | 'Group', resource: ResourceMeta, baseUrl: string): JsonObject {
  return {
    resourceType,
    created: resource.createdAt,
    lastModified: resource.updatedAt,
    location: `${baseUrl}/${resourceType}s/${resource.id}`,
    version: etagOf(resource.version),
  };
}

/** Text that JSON writes as it is: the stored instants are ISO-8601 (digits, `-`, `:`, `T`, `.`, `Z`). */
const PLAIN = /^[0-9A-Za-z:.+-]*$/;
const jsonString = (value: string): string => (PLAIN.test(value) ? `"${value}"` : JSON.stringify(value));

/**
 * JSON.stringify(meta(...)), written out: a list page renders it for every resource. The version is an integer, so
 * its ETag's quotes are escaped here rather than by a serializer.
 */
const metaJson = (resourceType: 'User' | 'Group', resource: ResourceMeta, baseUrl: string): string =>
  `{"resourceType":"${resourceType}","created":${jsonString(resource.createdAt)},"lastModified":${jsonString(resource.updatedAt)},` +
  `"location":${JSON.stringify(`${baseUrl}/${resourceType}s/${resource.id}`)},"version":"W/\\"${resource.version}\\""}`;

export function renderUser(
  resource: ResourceMeta & { doc: JsonObject },
  groups: readonly { id: string; displayName: string }[],
  baseUrl: string,
  resourceType: ResourceTypeDef = userResourceType,
): JsonObject {
  const out: JsonObject = { schemas: schemasOf(resource.doc, resourceType), id: resource.id, ...resource.doc };
  if (groups.length > 0) {
    out['groups'] = groups.map((g) => groupRef(g, baseUrl));
  }
  out['meta'] = meta('User', resource, baseUrl);
  return out;
}

const OPENING = '{"schemas":[';

/**
 * Where the `schemas` array that opens a stored document's JSON text ends, or undefined when the text does not open
 * with one (then it is rendered from the parsed document). Scans the array's strings, escapes included, so a `]`
 * inside a URN cannot end it early.
 */
export function schemasEnd(json: string): number | undefined {
  if (!json.startsWith(OPENING)) return undefined;
  let i = OPENING.length;
  if (json[i] === ']') return i + 1;
  for (;;) {
    if (json[i] !== '"') return undefined;
    for (i++; i < json.length && json[i] !== '"'; i++) if (json[i] === '\\') i++;
    i++;
    if (json[i] === ']') return i + 1;
    if (json[i] !== ',') return undefined;
    i++;
  }
}

/**
 * The User as `renderUser` renders it, already serialized: the stored document's JSON text is spliced, not parsed
 * and serialized again, which is most of the cost of a list page. SQLite's text opens with its `schemas` (validation
 * writes them first); PostgreSQL's jsonb text orders keys its own way, so its `schemas` member is found and moved to
 * the front. Either way the members come in the order a parse of the text would give them. A text without a
 * `schemas` array is rendered by `renderUser` from `doc` (parsed when not given).
 */
export function renderUserJson(
  resource: ResourceMeta & { doc?: JsonObject },
  docJson: string,
  groups: readonly { id: string; displayName: string }[],
  baseUrl: string,
  resourceType: ResourceTypeDef = userResourceType,
): string {
  const members = splitSchemas(docJson);
  if (members === undefined) {
    return JSON.stringify(renderUser({ ...resource, doc: resource.doc ?? (JSON.parse(docJson) as JsonObject) }, groups, baseUrl, resourceType));
  }
  const computed = groups.length > 0 ? `,"groups":${JSON.stringify(groups.map((g) => groupRef(g, baseUrl)))}` : '';
  return `{"schemas":${members.schemas},"id":${JSON.stringify(resource.id)}${members.rest}${computed},"meta":${metaJson('User', resource, baseUrl)}}`;
}

/** A document's text as its `schemas` array and its other members (each after a comma), or undefined. */
function splitSchemas(docJson: string): { schemas: string; rest: string } | undefined {
  if (!docJson.endsWith('}')) return undefined;
  const end = schemasEnd(docJson);
  if (end !== undefined) {
    const rest = docJson.slice(end, -1);
    return rest === '' || rest.startsWith(',') ? { schemas: docJson.slice(OPENING.length - 1, end), rest } : undefined;
  }
  const span = findMember(docJson, 'schemas');
  if (span === undefined || docJson[span.valueStart] !== '[') return undefined;
  // The members before `schemas` lose the separator that followed them; those after keep the one before them.
  let beforeEnd = span.keyStart - 1;
  while (beforeEnd > 0 && docJson[beforeEnd] !== ',') beforeEnd--;
  const before = beforeEnd > 0 ? `,${docJson.slice(1, beforeEnd)}` : '';
  return { schemas: docJson.slice(span.valueStart, span.valueEnd), rest: before + docJson.slice(span.valueEnd, -1) };
}

const groupRef = (g: { id: string; displayName: string }, baseUrl: string): JsonObject => ({
  value: g.id,
  $ref: `${baseUrl}/Groups/${g.id}`,
  display: g.displayName,
  type: 'direct',
});

export function renderGroup(
  resource: ResourceMeta & { doc: JsonObject },
  members: readonly MemberView[] | undefined,
  baseUrl: string,
  resourceType: ResourceTypeDef = groupResourceType,
): JsonObject {
  const out: JsonObject = { schemas: schemasOf(resource.doc, resourceType), id: resource.id, ...resource.doc };
  if (members !== undefined) {
    out['members'] = members.map((m) => {
      const member: { [key: string]: JsonValue } = { value: m.id, $ref: `${baseUrl}/${m.type}s/${m.id}`, type: m.type };
      if (m.display !== null) member['display'] = m.display;
      return member;
    });
  }
  out['meta'] = meta('Group', resource, baseUrl);
  return out;
}
