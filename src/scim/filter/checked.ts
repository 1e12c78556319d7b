// The schema-checked filter: every path resolved to registry attributes, every literal typed for its attribute.
import type { AttributeDef } from '../schema/attribute.js';
import type { ResourceTypeName } from '../schema/resource-types.js';
import type { CompareOp } from './ast.js';

/** What a comparison or `pr` reads: a top-level attribute, optionally one of its sub-attributes. */
export interface FilterTarget {
  /** URN of the schema that owns the attribute. */
  readonly schemaId: string;
  /** True when the attribute lives under its extension URN key in the resource document. */
  readonly inExtension: boolean;
  readonly attribute: AttributeDef;
  /** Set for `name.familyName`, for sub-attributes inside a value filter, and for the implied `value`. */
  readonly subAttribute?: AttributeDef;
  /** Canonical path without URN: `emails.value`. */
  readonly path: string;
  /** The attribute whose values are compared: the sub-attribute if any, else the attribute. */
  readonly leaf: AttributeDef;
}

/** A literal after type checking; dateTime literals carry their instant and canonical text. */
export type CheckedValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'dateTime'; readonly value: string; readonly instant: number };

export interface CheckedCompare {
  readonly kind: 'compare';
  readonly target: FilterTarget;
  /** `eq null`/`ne null` never reach here: the checker rewrites them to `pr` (RFC 7643 section 2.5). */
  readonly op: CompareOp;
  readonly value: CheckedValue;
  /** From the leaf attribute: case-insensitive comparison unless true (RFC 7644 section 3.4.2.2). */
  readonly caseExact: boolean;
}

export interface CheckedPresent {
  readonly kind: 'present';
  readonly target: FilterTarget;
}

export interface CheckedLogical {
  readonly kind: 'and' | 'or';
  readonly filters: readonly CheckedNode[];
}

export interface CheckedNot {
  readonly kind: 'not';
  readonly filter: CheckedNode;
}

/** Inner targets all have `attribute` equal to this node's complex attribute and a `subAttribute`. */
export interface CheckedValuePath {
  readonly kind: 'valuePath';
  readonly target: FilterTarget;
  readonly filter: CheckedNode;
}

export type CheckedNode = CheckedCompare | CheckedPresent | CheckedLogical | CheckedNot | CheckedValuePath;

export interface CheckedFilter {
  readonly resourceType: ResourceTypeName;
  readonly root: CheckedNode;
}

