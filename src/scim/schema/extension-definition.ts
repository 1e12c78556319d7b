// Reads an organization's schema extension (a SCIM Schema resource, RFC 7643 section 7) and refuses bad
// definitions with a detail naming what is wrong. Pure: no I/O. The result is the same SchemaDef the core
// schemas use, so validation, filters, sorting, projection, PATCH and /Schemas treat it like them.
import { ScimError } from '../errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../messages/resource.js';
import type { AttributeDef, AttributeType, Mutability, Returned, SchemaDef } from './attribute.js';
import { ENTERPRISE_USER_SCHEMA, SCHEMA_SCHEMA } from './urns.js';

export type ExtendableResourceType = 'User' | 'Group';

/**
 * Letters, digits, '-', '.', '_' and ':' after `urn:<nid>:`. RFC 8141 allows more, but these URNs become JSON
 * keys inside SQL (src/storage/sql/dialect.ts accepts only these characters), and every IdP sample fits.
 */
const URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:[a-z0-9._-][a-z0-9._:-]*$/i;
/** RFC 7643 section 2.1: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA. */
const ATTRNAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export const MAX_URN_LENGTH = 200;
export const MAX_ATTRIBUTE_NAME_LENGTH = 64;
export const MAX_ATTRIBUTES_PER_EXTENSION = 100;
export const MAX_SUB_ATTRIBUTES = 30;
export const MAX_CANONICAL_VALUES = 100;
const MAX_TEXT = 1000;

const TYPES: readonly AttributeType[] = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'];
const MUTABILITIES: readonly Mutability[] = ['readOnly', 'readWrite', 'immutable', 'writeOnly'];
const RETURNED: readonly Returned[] = ['always', 'never', 'default', 'request'];
const SCHEMA_KEYS = new Set(['schemas', 'id', 'name', 'description', 'attributes', 'meta']);
const ATTRIBUTE_KEYS = new Set([
  'name',
  'type',
  'multiValued',
  'description',
  'required',
  'caseExact',
  'mutability',
  'returned',
  'uniqueness',
  'canonicalValues',
  'referenceTypes',
  'subAttributes',
]);

/** True for URNs no organization may declare: the core schemas, the protocol messages and the enterprise extension. */
export function isReservedUrn(urn: string): boolean {
  const lower = urn.toLowerCase();
  return (
    lower.startsWith('urn:ietf:params:scim:schemas:core:') ||
    lower.startsWith('urn:ietf:params:scim:api:') ||
    lower === ENTERPRISE_USER_SCHEMA.toLowerCase()
  );
}

/** True when `key` has the shape of an extension URN (used to tell extension data from unknown core attributes). */
export function looksLikeExtensionUrn(key: string): boolean {
  return key.length <= MAX_URN_LENGTH && URN.test(key) && !isReservedUrn(key);
}

/** Checks a URN an organization wants to declare; returns it unchanged or throws a 400 naming the problem. */
export function checkExtensionUrn(urn: unknown): string {
  if (typeof urn !== 'string' || urn === '') throw invalid('"id" must be the extension URN, e.g. "urn:ietf:params:scim:schemas:extension:acme:2.0:User"');
  if (urn.length > MAX_URN_LENGTH) throw invalid(`"id" is longer than ${MAX_URN_LENGTH} characters`);
  if (!URN.test(urn)) {
    throw invalid(`"${urn}" is not a URN Rollcall accepts: use urn:<namespace>:<name> with letters, digits, '-', '.', '_' and ':' only`);
  }
  if (isReservedUrn(urn)) throw invalid(`"${urn}" is reserved by RFC 7643/7644 and cannot be declared as an extension`);
  return urn;
}

/** Parses a definition such as `{"id": "urn:...", "name": "...", "attributes": [...]}` into a SchemaDef. */
export function parseExtensionDefinition(input: unknown): SchemaDef {
  if (!isJsonObject(input)) throw invalid('A schema extension must be a JSON object with "id" and "attributes" (RFC 7643 section 7)');
  for (const key of Object.keys(input)) {
    if (!SCHEMA_KEYS.has(key)) throw invalid(`Unknown schema field "${key}"; expected id, name, description and attributes`);
  }
  const schemas = input['schemas'];
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.every((s) => s === SCHEMA_SCHEMA))) {
    throw invalid(`"schemas", when sent, must be ["${SCHEMA_SCHEMA}"]`);
  }
  const id = checkExtensionUrn(input['id']);
  const name = optionalText(input['name'], 'name') ?? id.slice(id.lastIndexOf(':') + 1);
  const description = optionalText(input['description'], 'description') ?? '';
  const attributes = input['attributes'];
  if (!Array.isArray(attributes) || attributes.length === 0) throw invalid(`"attributes" of ${id} must be a non-empty array`);
  if (attributes.length > MAX_ATTRIBUTES_PER_EXTENSION) throw invalid(`${id} declares more than ${MAX_ATTRIBUTES_PER_EXTENSION} attributes`);
  return { id, name, description, attributes: parseAttributes(attributes, id, false) };
}

function parseAttributes(list: readonly JsonValue[], owner: string, isSub: boolean): AttributeDef[] {
  const seen = new Set<string>();
  return list.map((raw, index) => {
    const def = parseAttribute(raw, `${owner}${isSub ? '.' : ':'}`, index, isSub);
    const lower = def.name.toLowerCase();
    // Attribute names are case-insensitive (RFC 7643 section 2.1), so "Badge" and "badge" collide.
    if (seen.has(lower)) throw invalid(`Attribute "${def.name}" is declared twice in ${owner} (names are case-insensitive)`);
    seen.add(lower);
    return def;
  });
}

function parseAttribute(raw: JsonValue, prefix: string, index: number, isSub: boolean): AttributeDef {
  if (!isJsonObject(raw)) throw invalid(`Attribute ${index + 1} of ${prefix.slice(0, -1)} must be an object`);
  const name = raw['name'];
  if (typeof name !== 'string' || !ATTRNAME.test(name) || name.length > MAX_ATTRIBUTE_NAME_LENGTH) {
    throw invalid(
      `Attribute ${index + 1} of ${prefix.slice(0, -1)} needs a "name" that starts with a letter and holds only letters, digits, '-' and '_' (at most ${MAX_ATTRIBUTE_NAME_LENGTH} characters; RFC 7643 section 2.1)`,
    );
  }
  const path = `${prefix}${name}`;
  for (const key of Object.keys(raw)) if (!ATTRIBUTE_KEYS.has(key)) throw invalid(`"${path}": unknown field "${key}"`);
  const type = raw['type'];
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
    throw invalid(`"${path}": type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(type ?? null)}`);
  }
  const uniqueness = raw['uniqueness'] ?? 'none';
  // Rollcall enforces uniqueness only where it keeps an index (userName); promising it in /Schemas would be untrue.
  if (uniqueness !== 'none') throw invalid(`"${path}": uniqueness must be "none"; Rollcall does not enforce uniqueness of extension attributes`);
  const def: { -readonly [K in keyof AttributeDef]: AttributeDef[K] } = {
    name,
    type: type as AttributeType,
    multiValued: flag(raw, 'multiValued', path),
    description: optionalText(raw['description'], `${path}.description`) ?? '',
    required: flag(raw, 'required', path),
    caseExact: flag(raw, 'caseExact', path),
    mutability: oneOf(raw['mutability'] ?? 'readWrite', MUTABILITIES, `${path}: mutability`),
    returned: oneOf(raw['returned'] ?? 'default', RETURNED, `${path}: returned`),
    uniqueness: 'none',
  };
  const canonical = raw['canonicalValues'];
  if (canonical !== undefined) {
    if (type !== 'string' && type !== 'reference') throw invalid(`"${path}": canonicalValues apply only to string attributes`);
    def.canonicalValues = textList(canonical, `${path}: canonicalValues`, MAX_CANONICAL_VALUES);
  }
  const referenceTypes = raw['referenceTypes'];
  if (referenceTypes !== undefined) {
    if (type !== 'reference') throw invalid(`"${path}": referenceTypes apply only to reference attributes`);
    def.referenceTypes = textList(referenceTypes, `${path}: referenceTypes`, 10);
  } else if (type === 'reference') {
    def.referenceTypes = ['external'];
  }
  const subs = raw['subAttributes'];
  if (type === 'complex') {
    // RFC 7643 section 2.3.8: a complex attribute MUST NOT contain sub-attributes that have sub-attributes.
    if (isSub) throw invalid(`"${path}": a sub-attribute cannot be complex (RFC 7643 section 2.3.8)`);
    if (!Array.isArray(subs) || subs.length === 0) throw invalid(`"${path}": a complex attribute needs a non-empty "subAttributes" array`);
    if (subs.length > MAX_SUB_ATTRIBUTES) throw invalid(`"${path}" declares more than ${MAX_SUB_ATTRIBUTES} sub-attributes`);
    def.subAttributes = parseAttributes(subs, path, true);
  } else if (subs !== undefined) {
    throw invalid(`"${path}": only complex attributes have subAttributes`);
  }
  if (def.required && def.mutability === 'readOnly') throw invalid(`"${path}": a readOnly attribute cannot be required, clients cannot set it`);
  return def;
}

function flag(raw: JsonObject, key: string, path: string): boolean {
  const value = raw[key];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalid(`"${path}": ${key} must be true or false`);
  return value;
}

function oneOf<T extends string>(value: JsonValue, allowed: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(`${what} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function optionalText(value: JsonValue | undefined, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_TEXT) throw invalid(`"${what}" must be a string of at most ${MAX_TEXT} characters`);
  return value;
}

function textList(value: JsonValue, what: string, max: number): string[] {
  if (!Array.isArray(value) || value.length > max || !value.every((v) => typeof v === 'string' && v !== '' && v.length <= 200)) {
    throw invalid(`${what} must be an array of at most ${max} non-empty strings`);
  }
  return value as string[];
}

const invalid = (detail: string) => ScimError.invalidValue(detail);
