// Attribute mapping (issue 13): which SCIM attribute (core, enterprise or a custom extension path) feeds each key of
// the normalised user the product reads (`attributes.department`, `title`, `manager`, `employee_id`, custom keys).
// Reading a path is pure code over the stored document, so the directory API and tests agree on what a path gives.
import type { JsonObject, JsonValue } from '../../scim/messages/resource.js';
import type { AttributeMapping } from '../../storage/mapping-store.js';
import { InputError } from '../orgs/org-service.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** What an organization that never set a mapping gets: where Okta and Entra send these by default. */
export const DEFAULT_ATTRIBUTE_MAPPING: AttributeMapping = Object.freeze({
  department: `${ENTERPRISE}:department`,
  title: 'title',
  manager: `${ENTERPRISE}:manager.value`,
  employee_id: `${ENTERPRISE}:employeeNumber`,
});

export const MAX_MAPPED_ATTRIBUTES = 50;
const KEY = /^[a-z][a-z0-9_]{0,63}$/;
const PATH = /^(urn:[^\s]+:)?[A-Za-z][\w$-]*(\.[A-Za-z][\w$-]*)?$/;

/** Checks the shape of a mapping; `resolves` says whether the organization's schemas know a path. */
export function checkAttributeMapping(input: Readonly<Record<string, unknown>>, resolves: (path: string) => boolean): AttributeMapping {
  const entries = Object.entries(input);
  if (entries.length > MAX_MAPPED_ATTRIBUTES) throw new InputError(`an attribute mapping has at most ${MAX_MAPPED_ATTRIBUTES} keys`);
  for (const [key, path] of entries) {
    if (!KEY.test(key)) throw new InputError(`"${key}" is not a valid key: use lower-case letters, digits and "_", starting with a letter`);
    if (typeof path !== 'string' || path.length > 400 || !PATH.test(path)) {
      throw new InputError(`${key}: "${String(path)}" is not a SCIM attribute path (e.g. "title", "name.givenName", "${ENTERPRISE}:department")`);
    }
    if (!resolves(path)) throw new InputError(`${key}: the organization's User schemas have no attribute "${path}" (declare its extension first)`);
  }
  return Object.fromEntries(entries) as AttributeMapping;
}

const isObject = (v: JsonValue | undefined): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function member(container: JsonValue | undefined, name: string): JsonValue | undefined {
  if (!isObject(container)) return undefined;
  const lower = name.toLowerCase();
  const key = Object.keys(container).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : container[key];
}

/** The value a path names in a stored User document; of a multi-valued complex attribute, the primary (else first) one. */
export function readPath(doc: JsonObject, path: string): JsonValue {
  let container: JsonValue = doc;
  let rest = path;
  if (path.toLowerCase().startsWith('urn:')) {
    const lower = path.toLowerCase();
    const urn = Object.keys(doc)
      .filter((k) => lower.startsWith(`${k.toLowerCase()}:`))
      .sort((a, b) => b.length - a.length)[0];
    if (urn === undefined) return null;
    container = doc[urn] ?? null;
    rest = path.slice(urn.length + 1);
  }
  const [name, sub] = rest.split('.') as [string, string | undefined];
  const value = member(container, name);
  if (value === undefined) return null;
  if (sub === undefined) return value;
  if (Array.isArray(value)) {
    const chosen = value.find((v) => isObject(v) && v['primary'] === true) ?? value[0];
    return member(chosen, sub) ?? null;
  }
  return member(value, sub) ?? null;
}

export function mappedAttributes(doc: JsonObject, mapping: AttributeMapping): JsonObject {
  return Object.fromEntries(Object.entries(mapping).map(([key, path]) => [key, readPath(doc, path)]));
}
