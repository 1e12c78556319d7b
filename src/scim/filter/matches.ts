// Evaluates a checked filter against a SCIM resource document in wire form (RFC 7644 section 3.4.2.2), in memory.
import type { CheckedCompare, CheckedFilter, CheckedNode, FilterTarget } from './checked.js';
import { compareCodePoints } from './compare-text.js';
import { parseDateTime } from './date-time.js';

type Json = unknown;

/**
 * True when the resource matches. The document is the wire form: core attributes at the top level,
 * extension attributes under their URN key, `id`, `externalId` and `meta` at the top level.
 * A comparison on a multi-valued attribute matches when any value matches; `ne` is the negation of `eq`
 * (so it also matches when the attribute is absent); a value path needs one element satisfying its whole filter.
 */
export function matchesFilter(checked: CheckedFilter, resource: Readonly<Record<string, unknown>>): boolean {
  return evaluate(checked.root, resource, undefined);
}

/** `element` is set inside a value path: targets then read the sub-attribute of that one element. */
function evaluate(node: CheckedNode, doc: Json, element: Json): boolean {
  switch (node.kind) {
    case 'and':
      return node.filters.every((f) => evaluate(f, doc, element));
    case 'or':
      return node.filters.some((f) => evaluate(f, doc, element));
    case 'not':
      return !evaluate(node.filter, doc, element);
    case 'present':
      return valuesOf(node.target, doc, element).some(isPresent);
    case 'valuePath':
      return valuesOf(node.target, doc, undefined).some((item) => isObject(item) && evaluate(node.filter, doc, item));
    case 'compare': {
      const values = valuesOf(node.target, doc, element);
      if (node.op === 'ne') return !values.some((v) => compareOne(node, 'eq', v));
      return values.some((v) => compareOne(node, node.op, v));
    }
  }
}

/** The non-null values a target names, flattening multi-valued attributes. */
function valuesOf(target: FilterTarget, doc: Json, element: Json): Json[] {
  const sub = target.subAttribute;
  if (element !== undefined && sub) return present(getKey(element, sub.name));
  const container = target.inExtension ? getKey(doc, target.schemaId) : doc;
  const raw = getKey(container, target.attribute.name);
  const items = Array.isArray(raw) ? (raw as Json[]) : present(raw);
  if (!sub) return items.filter((v) => v !== null && v !== undefined);
  return items.flatMap((item) => present(getKey(item, sub.name)));
}

function present(value: Json): Json[] {
  return value === null || value === undefined ? [] : [value];
}

function isObject(value: Json): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Attribute names are case-insensitive (RFC 7643 section 2.1); stored documents use canonical case, tried first. */
function getKey(value: Json, name: string): Json {
  if (!isObject(value)) return undefined;
  if (Object.hasOwn(value, name)) return value[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(value)) if (key.toLowerCase() === lower) return value[key];
  return undefined;
}

/** `pr`: a non-empty value, or a complex value with a non-empty sub-attribute (RFC 7644 section 3.4.2.2). */
function isPresent(value: Json): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.some(isPresent);
  if (isObject(value)) return Object.values(value).some(isPresent);
  return true;
}

function compareOne(node: CheckedCompare, op: CheckedCompare['op'], actual: Json): boolean {
  const { value } = node;
  switch (value.type) {
    case 'boolean':
      return typeof actual === 'boolean' && (op === 'eq' ? actual === value.value : false);
    case 'number':
      return typeof actual === 'number' && order(op, actual - value.value);
    case 'dateTime': {
      const instant = typeof actual === 'string' ? parseDateTime(actual) : undefined;
      return instant !== undefined && order(op, instant - value.instant);
    }
    case 'string': {
      if (typeof actual !== 'string') return false;
      const a = node.caseExact ? actual : actual.toLowerCase();
      const b = node.caseExact ? value.value : value.value.toLowerCase();
      if (op === 'co') return a.includes(b);
      if (op === 'sw') return a.startsWith(b);
      if (op === 'ew') return a.endsWith(b);
      return order(op, a === b ? 0 : compareCodePoints(a, b));
    }
  }
}

function order(op: CheckedCompare['op'], diff: number): boolean {
  switch (op) {
    case 'eq':
      return diff === 0;
    case 'ne':
      return diff !== 0;
    case 'gt':
      return diff > 0;
    case 'ge':
      return diff >= 0;
    case 'lt':
      return diff < 0;
    case 'le':
      return diff <= 0;
    default:
      return false;
  }
}
