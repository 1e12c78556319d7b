// Value helpers for PATCH on complex and multi-valued attributes (RFC 7643 section 2.4, RFC 7644 section 3.5.2).
import { ScimError } from '../errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../messages/resource.js';
import type { AttributeDef } from '../schema/attribute.js';
import { findAttribute } from '../schema/resolve.js';

/** Sub-attribute keys in their declared case, so a merge never leaves `givenName` beside `GivenName`. */
export function canonicalKeys(value: JsonValue, def: AttributeDef): JsonValue {
  if (def.type !== 'complex' || !isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) out[findAttribute(def.subAttributes ?? [], key)?.name ?? key] = item;
  return out;
}

export function asArray(value: JsonValue): JsonValue[] {
  return Array.isArray(value) ? value : [value];
}

export function arrayOf(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? [...value] : value === undefined || value === null ? [] : [value];
}

function stable(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(value[k] ?? null)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** RFC 7644 section 3.5.2.1: adding a value the attribute already holds changes nothing. */
export function sameValue(a: JsonValue, b: JsonValue): boolean {
  return stable(a) === stable(b);
}

const isPrimary = (item: JsonValue) => isJsonObject(item) && item['primary'] === true;

/**
 * RFC 7644 section 3.5.2: a PATCH that sets one value's `primary` to true makes the server set `primary`
 * to false on every other value. `written` are the values this operation wrote.
 */
export function enforceSinglePrimary(items: JsonValue[], written: readonly JsonValue[], path: string): void {
  const primaries = written.filter(isPrimary);
  if (primaries.length > 1) throw ScimError.invalidValue(`"${path}": at most one value may have "primary": true (RFC 7643 section 2.4)`);
  if (primaries.length === 0) return;
  for (const item of items) {
    if (!written.includes(item) && isJsonObject(item) && item['primary'] === true) item['primary'] = false;
  }
}
