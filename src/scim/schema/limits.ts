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
