// Resolves a PATCH path (RFC 7644 section 3.5.2, `attrPath / valuePath [subAttr]`) against the schema registry.
import { ScimError } from '../errors.js';
import { formatAttrPath, type FilterNode } from '../filter/ast.js';
import { checkFilter } from '../filter/check.js';
import type { CheckedFilter } from '../filter/checked.js';
import { matchesFilter } from '../filter/matches.js';
import { parsePath } from '../filter/parse.js';
import type { JsonObject, JsonValue } from '../messages/resource.js';
import type { AttributeDef } from '../schema/attribute.js';
import { findAttribute, resolveAttribute } from '../schema/resolve.js';
import type { ResourceTypeDef } from '../schema/resource-types.js';

export interface PatchTarget {
  /** The path as the client wrote it, for error details. */
  readonly text: string;
  /** Extension URN when the attribute lives under its extension key, else undefined (core). */
  readonly extension: string | undefined;
  readonly attribute: AttributeDef;
  /** `name.givenName`, or the sub-attribute after a value filter: `emails[type eq "work"].value`. */
  readonly sub?: AttributeDef;
  /** The value filter, as parsed (kept for the unmatched-filter quirk) and as checked. */
  readonly filter?: { readonly node: FilterNode; readonly checked: CheckedFilter };
}

export function resolveTarget(text: string, resourceType: ResourceTypeDef): PatchTarget {
  const parsed = parsePath(text);
  const resolved = resolveAttribute(resourceType, formatAttrPath(parsed.path));
  if (!resolved) throw ScimError.invalidPath(`"${text}" names no attribute of a ${resourceType.name} (see /Schemas)`);
  const extension = resolved.inExtension ? resolved.schemaId : undefined;
  const base = { text, extension, attribute: resolved.attribute };
  if (parsed.filter === undefined) return resolved.subAttribute ? { ...base, sub: resolved.subAttribute } : base;
  if (!resolved.attribute.multiValued || resolved.attribute.type !== 'complex') {
    throw ScimError.invalidPath(`"${text}": a value filter needs a multi-valued complex attribute`);
  }
  let checked: CheckedFilter;
  try {
    checked = checkFilter({ kind: 'valuePath', path: parsed.path, filter: parsed.filter }, resourceType);
  } catch (error) {
    if (error instanceof ScimError) throw ScimError.invalidPath(`"${text}": ${error.detail}`);
    throw error;
  }
  const filter = { node: parsed.filter, checked };
  if (parsed.subAttr === undefined) return { ...base, filter };
  const sub = findAttribute(resolved.attribute.subAttributes ?? [], parsed.subAttr);
  if (!sub) throw ScimError.invalidPath(`"${text}": "${parsed.subAttr}" is not a sub-attribute of "${resolved.attribute.name}"`);
  return { ...base, filter, sub };
}

/** True when one element of the target's multi-valued attribute satisfies its value filter. */
export function elementMatches(target: PatchTarget, element: JsonValue): boolean {
  if (!target.filter) return true;
  // matchesFilter reads a whole document; a document holding just this element asks about the element alone.
  const values: JsonValue[] = [element];
  const doc: JsonObject = target.extension ? { [target.extension]: { [target.attribute.name]: values } } : { [target.attribute.name]: values };
  return matchesFilter(target.filter.checked, doc);
}
