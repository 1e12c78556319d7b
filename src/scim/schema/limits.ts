// Named limits on what a resource may hold, the same on both engines (docs/decisions/limits.md).
import { ScimError } from '../errors.js';
import type { AttributeDef } from './attribute.js';

/**
 * Most values one multi-valued attribute of a stored document may hold (emails, phoneNumbers, roles, ...).
 * Group `members` are rows, not document values, and are bounded per PATCH instead (MAX_MEMBERS_PER_PATCH).
 * Bounds the CPU one request spends on a document, so no request stalls the server.
 */
export const MAX_MULTI_VALUES = 1000;

export function checkValueCount(def: AttributeDef, count: number, path: string): void {
  if (count > MAX_MULTI_VALUES && def.name !== 'members') {
    throw ScimError.tooLarge(`"${path}" may hold at most ${MAX_MULTI_VALUES} values; this request would leave ${count}`);
  }
}

/** Longest userName, externalId, displayName and email value, in UTF-16 code units: they are indexed columns. */
export const MAX_IDENTIFIER_LENGTH = 512;
/** Longest value of any other string attribute, in UTF-16 code units. */
export const MAX_STRING_LENGTH = 16_384;

/** Attributes stored in indexed columns; PostgreSQL's B-tree rows hold at most about 2,700 bytes. */
const IDENTIFIER_PATHS = new Set(['userName', 'externalId', 'displayName', 'emails:value']);

// U+0000 (PostgreSQL text cannot hold it) and UTF-16 surrogates without their pair (not Unicode text at all).
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the text holds neither U+0000 nor a lone surrogate: the one rule for text on both engines. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** Checks one string attribute value; `path` is the validator's path (`emails:value` for a sub-attribute). */
export function checkText(value: string, path: string): void {
  if (!isStorableText(value)) throw ScimError.invalidValue(`"${path}" holds U+0000 or an unpaired surrogate, which Rollcall does not store`);
  const max = IDENTIFIER_PATHS.has(path) ? MAX_IDENTIFIER_LENGTH : MAX_STRING_LENGTH;
  if (value.length > max) throw ScimError.invalidValue(`"${path}" may be at most ${max} characters (UTF-16 code units); it has ${value.length}`);
}
