// The operations of a PatchOp request (RFC 7644 section 3.5.2) after IdP quirks are normalised away.
import type { JsonValue } from '../messages/resource.js';

export type PatchOpName = 'add' | 'remove' | 'replace';

export interface PatchOperation {
  readonly op: PatchOpName;
  /** Absent for path-less add/replace, whose value is an object of attributes (RFC 7644 section 3.5.2.1). */
  readonly path?: string;
  readonly value?: JsonValue;
}

/** An operation as the client wrote it: `op` in any case, `value` of any shape. */
export interface RawPatchOperation {
  readonly op: string;
  readonly path?: string;
  readonly value?: JsonValue;
}

/** Most operations one PATCH request may carry; more is a 413 tooLarge, never a truncation. */
export const MAX_PATCH_OPERATIONS = 1000;

/**
 * Most value-filter evaluations one PATCH may make (each filtered operation scans every value of its attribute):
 * with at most 1,000 values per attribute this bounds the CPU one request holds the server for (well under 100 ms).
 */
export const MAX_FILTER_EVALUATIONS = 100_000;
