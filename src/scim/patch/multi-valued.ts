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

/**
 * RFC 7644 section 3.5.2.1: add on a multi-valued attribute appends the values it does not already hold (nor
 * repeats within the request). One pass over a set of canonical forms: linear in the number of values.
 */
export function mergeValues(existing: readonly JsonValue[], incoming: readonly JsonValue[]): { all: JsonValue[]; added: JsonValue[] } {
  const seen = new Set(existing.map(stable));
  const added: JsonValue[] = [];
  for (const item of incoming) {
    const key = stable(item);
    if (seen.has(key)) continue;
    seen.add(key);
    added.push(item);
  }
  return { all: [...existing, ...added], added };
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
  const writtenSet = new Set(written);
  for (const item of items) {
    if (!writtenSet.has(item) && isJsonObject(item) && item['primary'] === true) item['primary'] = false;
  }
}
