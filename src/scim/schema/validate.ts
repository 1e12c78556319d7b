// Validates a resource document from a client against the schema registry (RFC 7643 sections 2 and 7) and returns
// it in canonical form: attribute names in their declared case, readOnly attributes dropped (the RFC says they
// SHALL be ignored), null and empty values treated as unassigned. Pure: no I/O.
import { ScimError } from '../errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../messages/resource.js';
import type { AttributeDef } from './attribute.js';
import { COMMON_ATTRIBUTES } from './common.js';
import type { ResourceTypeDef } from './resource-types.js';
import { checkText, checkValueCount } from './limits.js';
import { findAttribute } from './resolve.js';
import { looksLikeExtensionUrn } from './extension-definition.js';
import { LEGACY_ENTRA_GROUP_SCHEMA } from './urns.js';

/** Schema URIs accepted in `schemas` as aliases of a resource type's core schema. */
const SCHEMA_ALIASES: Readonly<Record<string, readonly string[]>> = {
  Group: [LEGACY_ENTRA_GROUP_SCHEMA.toLowerCase()],
};

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * What happens to an object under an extension URN the organization has not declared: refused (the default),
 * kept as sent (the organization chose to keep undeclared extension data), or dropped (PATCH re-validates a
 * stored document that may still hold data from a declaration since removed).
 */
export type UndeclaredExtensions = 'refuse' | 'keep' | 'drop';

export function validateResource(input: unknown, resourceType: ResourceTypeDef, undeclared: UndeclaredExtensions = 'refuse'): JsonObject {
  if (!isJsonObject(input)) throw ScimError.invalidSyntax(`The request body must be a JSON object describing a ${resourceType.name}`);
  checkSchemas(input, resourceType);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(input)) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = resourceType.extensions.find((e) => e.schema.id.toLowerCase() === key.toLowerCase());
    if (extension) {
      if (value === null) continue;
      if (!isJsonObject(value)) throw ScimError.invalidSyntax(`"${key}" must be an object of ${extension.schema.name} attributes`);
      const ext = validateAttributes(value, extension.schema.attributes, extension.schema.id);
      for (const def of extension.schema.attributes) {
        if (def.required && ext[def.name] === undefined) throw ScimError.invalidValue(`"${extension.schema.id}:${def.name}" is required`);
      }
      if (Object.keys(ext).length > 0) out[extension.schema.id] = ext;
      continue;
    }
    if (looksLikeExtensionUrn(key)) {
      const kept = undeclaredExtension(key, value, resourceType, undeclared);
      if (kept !== undefined) out[key] = kept;
      continue;
    }
    const def = findAttribute(resourceType.schema.attributes, key) ?? findAttribute(COMMON_ATTRIBUTES, key);
    // null means unassigned (RFC 7643 section 2.5): an unknown name set to null asks for nothing to be stored.
    // Entra's documented create sample sends `"department": null` at the top level (test/fixtures/idp/entra/08).
    if (!def && value === null) continue;
    if (!def) throw ScimError.invalidSyntax(`Unknown attribute "${key}" for ${resourceType.name} (see /Schemas)`);
    const checked = checkAttribute(def, value, def.name);
    if (checked !== undefined) out[def.name] = checked;
  }
  for (const def of resourceType.schema.attributes) {
    const required = out[def.name];
    if (def.required && (required === undefined || (typeof required === 'string' && required.trim() === ''))) {
      throw ScimError.invalidValue(`"${def.name}" is required for a ${resourceType.name}`);
    }
  }
  // The canonical document names its schemas as the response will (RFC 7643 section 3), so stored documents can
  // answer `schemas eq "<extension URN>"` filters like the in-memory evaluator does.
  return { schemas: schemasOf(out, resourceType), ...out };
}

function undeclaredExtension(key: string, value: JsonValue, resourceType: ResourceTypeDef, undeclared: UndeclaredExtensions): JsonObject | undefined {
  if (value === null || undeclared === 'drop') return undefined;
  if (undeclared === 'refuse') {
    throw ScimError.invalidSyntax(
      `Unknown extension "${key}" for ${resourceType.name}: this organization has not declared it (see /Schemas) and does not keep undeclared extension data`,
    );
  }
  if (!isJsonObject(value)) throw ScimError.invalidSyntax(`"${key}" must be an object of extension attributes`);
  return Object.keys(value).length > 0 ? value : undefined;
}

function checkSchemas(input: JsonObject, resourceType: ResourceTypeDef): void {
  const schemasKey = Object.keys(input).find((k) => k.toLowerCase() === 'schemas');
  const schemas = schemasKey === undefined ? undefined : input[schemasKey];
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === 'string')) {
    throw ScimError.invalidSyntax(`"schemas" must be an array that includes "${resourceType.schema.id}"`);
  }
  const lower = schemas.map((s) => (s as string).toLowerCase());
  const core = resourceType.schema.id.toLowerCase();
  if (!lower.some((s) => s === core || (SCHEMA_ALIASES[resourceType.name] ?? []).includes(s))) {
    throw ScimError.invalidSyntax(`"schemas" must include "${resourceType.schema.id}"`);
  }
  // Unknown URIs in `schemas` alone are tolerated (Entra's documented samples carry a mistyped enterprise URN);
  // attributes under an unknown URN key are still refused as unknown attributes.
}

function validateAttributes(input: JsonObject, defs: readonly AttributeDef[], owner: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(input)) {
    const def = findAttribute(defs, key);
    if (!def) throw ScimError.invalidSyntax(`Unknown attribute "${key}" in ${owner}`);
    const checked = checkAttribute(def, value, `${owner}:${def.name}`);
    if (checked !== undefined) out[def.name] = checked;
  }
  return out;
}

/** Returns the canonical value, or undefined when the attribute is unassigned or must be ignored. */
export function checkAttribute(def: AttributeDef, value: JsonValue | undefined, path: string): JsonValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (def.mutability === 'readOnly') return undefined;
  if (def.multiValued) {
    if (!Array.isArray(value)) throw ScimError.invalidValue(`"${path}" is multi-valued: send an array`);
    checkValueCount(def, value.length, path);
    const items = value.map((item) => checkSingle(def, item, path)).filter((item): item is JsonValue => item !== undefined);
    if (def.type === 'complex' && items.filter((item) => isJsonObject(item) && item['primary'] === true).length > 1) {
      throw ScimError.invalidValue(`"${path}": at most one value may have "primary": true (RFC 7643 section 2.4)`);
    }
    return items.length > 0 ? items : undefined;
  }
  return checkSingle(def, value, path);
}

function checkSingle(def: AttributeDef, value: JsonValue, path: string): JsonValue | undefined {
  if (value === null) return undefined;
  switch (def.type) {
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof value !== 'string') throw typeError(path, 'a string', value);
      checkText(value, path);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw typeError(path, 'a boolean', value);
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(path, 'an integer', value);
      return value;
    case 'decimal':
      if (typeof value !== 'number') throw typeError(path, 'a number', value);
      return value;
    case 'dateTime':
      if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
        throw typeError(path, 'an xsd:dateTime such as 2026-01-31T12:00:00Z', value);
      }
      return value;
    case 'complex': {
      if (!isJsonObject(value)) throw typeError(path, 'an object', value);
      const out = validateAttributes(value, def.subAttributes ?? [], path);
      return Object.keys(out).length > 0 ? out : undefined;
    }
  }
}

function typeError(path: string, expected: string, value: JsonValue): ScimError {
  const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
  return ScimError.invalidValue(`"${path}" must be ${expected}, got ${got}`);
}

/** The schema URNs a stored document uses, core first, for the `schemas` attribute of a response. */
export function schemasOf(doc: JsonObject, resourceType: ResourceTypeDef): string[] {
  const ids = [resourceType.schema.id];
  for (const ext of resourceType.extensions) if (doc[ext.schema.id] !== undefined) ids.push(ext.schema.id);
  // Extension data kept as sent (undeclared URNs) is named too, so `schemas` lists every URN key of the resource.
  for (const key of Object.keys(doc)) if (key.startsWith('urn:') && !ids.includes(key)) ids.push(key);
  return ids;
}
