// The tagged syntax tree of a SCIM filter (RFC 7644 section 3.4.2.2), as parsed, before any schema check.

/** The comparison operators of RFC 7644 section 3.4.2.2, table 3. */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

/** compValue of the RFC grammar: a JSON string, number, true, false or null. */
export type FilterLiteral = string | number | boolean | null;

/**
 * An attribute path as written: `[URN ":"] attr ["." sub]`. Names keep the client's spelling;
 * the checker resolves them case-insensitively (RFC 7644 section 3.10).
 */
export interface AttrPath {
  readonly urn?: string;
  readonly attr: string;
  readonly sub?: string;
}

export interface CompareNode {
  readonly kind: 'compare';
  readonly path: AttrPath;
  readonly op: CompareOp;
  readonly value: FilterLiteral;
}

export interface PresentNode {
  readonly kind: 'present';
  readonly path: AttrPath;
}

/** `and`/`or` are n-ary: a chain `a and b and c` is one node, which keeps the tree shallow. */
export interface AndNode {
  readonly kind: 'and';
  readonly filters: readonly FilterNode[];
}

export interface OrNode {
  readonly kind: 'or';
  readonly filters: readonly FilterNode[];
}

export interface NotNode {
  readonly kind: 'not';
  readonly filter: FilterNode;
}

/** `emails[type eq "work" and value co "@x"]`: inner paths name sub-attributes of `path`. */
export interface ValuePathNode {
  readonly kind: 'valuePath';
  readonly path: AttrPath;
  readonly filter: FilterNode;
}

export type FilterNode = CompareNode | PresentNode | AndNode | OrNode | NotNode | ValuePathNode;

/** A PATCH path (RFC 7644 section 3.5.2): `attrPath` or `valuePath [subAttr]`. */
export interface PatchPath {
  readonly path: AttrPath;
  readonly filter?: FilterNode;
  /** The sub-attribute after a value filter: `emails[type eq "work"].value`. */
  readonly subAttr?: string;
}

/** Writes a path back in filter syntax, for error details and debugging. */
export function formatAttrPath(path: AttrPath): string {
  const base = path.sub === undefined ? path.attr : `${path.attr}.${path.sub}`;
  return path.urn === undefined ? base : `${path.urn}:${base}`;
}
