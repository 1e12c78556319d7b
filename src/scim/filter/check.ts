// Checks a parsed filter against a resource type's schemas (RFC 7644 section 3.4.2.2) and types its literals.
import { ScimError } from '../errors.js';
import { attr, type AttributeDef } from '../schema/attribute.js';
import { findAttribute, resolveAttribute, type ResolvedAttribute } from '../schema/resolve.js';
import type { ResourceTypeDef } from '../schema/resource-types.js';
import { formatAttrPath, type AttrPath, type CompareNode, type FilterNode } from './ast.js';
import type { CheckedFilter, CheckedNode, CheckedValue, CheckedValuePath, FilterTarget } from './checked.js';
import { parseDateTime, formatInstant } from './date-time.js';

/**
 * `schemas` (RFC 7643 section 3) is not in any schema's attribute list, yet RFC 7644 section 3.4.2.2
 * filters on it (`schemas eq "urn:...:enterprise:2.0:User"`); it is checked as a multi-valued reference.
 */
export const SCHEMAS_ATTRIBUTE: AttributeDef = attr('schemas', 'reference', {
  multiValued: true,
  required: true,
  description: 'The schema URIs the resource uses.',
  referenceTypes: ['uri'],
});

export function checkFilter(node: FilterNode, resourceType: ResourceTypeDef): CheckedFilter {
  return { resourceType: resourceType.name, root: checkNode(node, resourceType, undefined) };
}

/**
 * Checks the value filter of a PATCH path such as `emails[type eq "work"]` (RFC 7644 section 3.5.2),
 * for use with `matchesElement` on each element of the attribute.
 */
export function checkValueFilter(path: AttrPath, filter: FilterNode, resourceType: ResourceTypeDef): CheckedValuePath {
  return checkNode({ kind: 'valuePath', path, filter }, resourceType, undefined) as CheckedValuePath;
}

function checkNode(node: FilterNode, rt: ResourceTypeDef, parent: FilterTarget | undefined): CheckedNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, filters: node.filters.map((f) => checkNode(f, rt, parent)) };
    case 'not':
      return { kind: 'not', filter: checkNode(node.filter, rt, parent) };
    case 'present':
      return { kind: 'present', target: resolveTarget(node.path, rt, parent) };
    case 'valuePath': {
      const target = resolveTarget(node.path, rt, undefined);
      if (target.attribute.type !== 'complex' || target.subAttribute !== undefined) {
        throw ScimError.invalidFilter(`a value filter needs a complex attribute; "${target.path}" is ${target.leaf.type}`);
      }
      return { kind: 'valuePath', target, filter: checkNode(node.filter, rt, target) };
    }
    case 'compare':
      return checkCompare(node, resolveTarget(node.path, rt, parent));
  }
}

function resolveTarget(path: AttrPath, rt: ResourceTypeDef, parent: FilterTarget | undefined): FilterTarget {
  const text = formatAttrPath(path);
  let resolved: ResolvedAttribute | undefined;
  if (parent) {
    // Inside `emails[...]` names are sub-attributes of emails (RFC 7644 section 3.4.2.2, valFilter).
    const sub = path.urn === undefined && path.sub === undefined ? findAttribute(parent.attribute.subAttributes ?? [], path.attr) : undefined;
    if (!sub) throw ScimError.invalidFilter(`"${text}" is not a sub-attribute of "${parent.attribute.name}"`);
    resolved = { ...parent, subAttribute: sub, path: `${parent.attribute.name}.${sub.name}` };
  } else if (path.urn === undefined && path.sub === undefined && path.attr.toLowerCase() === 'schemas') {
    resolved = { schemaId: rt.schema.id, inExtension: false, attribute: SCHEMAS_ATTRIBUTE, path: 'schemas' };
  } else {
    resolved = resolveAttribute(rt, text);
  }
  if (!resolved) throw ScimError.invalidFilter(`unknown attribute "${text}" for resource type ${rt.name}`);
  const { schemaId, inExtension, attribute, subAttribute } = resolved;
  for (const def of [attribute, subAttribute]) {
    // RFC 7644 section 3.4.2.2 filters what can be returned; a never-returned attribute must not leak through a filter.
    if (def?.returned === 'never') throw ScimError.invalidFilter(`the attribute "${resolved.path}" cannot be used in a filter`);
  }
  const base = { schemaId, inExtension, attribute, path: resolved.path };
  return subAttribute ? { ...base, subAttribute, leaf: subAttribute } : { ...base, leaf: attribute };
}

/** For `emails co "x"` the RFC compares the `value` sub-attribute of a complex attribute. */
function compareTarget(target: FilterTarget): FilterTarget {
  if (target.leaf.type !== 'complex') return target;
  const value = findAttribute(target.attribute.subAttributes ?? [], 'value');
  if (!value) throw ScimError.invalidFilter(`the complex attribute "${target.path}" cannot be compared; name one of its sub-attributes`);
  return { ...target, subAttribute: value, leaf: value, path: `${target.attribute.name}.${value.name}` };
}

function checkCompare(node: CompareNode, found: FilterTarget): CheckedNode {
  const { op, value } = node;
  if (value === null) {
    // RFC 7643 section 2.5: null and unassigned are the same state, so `eq null` means "not present".
    if (op === 'eq') return { kind: 'not', filter: { kind: 'present', target: found } };
    if (op === 'ne') return { kind: 'present', target: found };
    throw ScimError.invalidFilter(`"${op}" cannot compare with null; only eq and ne can`);
  }
  const target = compareTarget(found);
  const { type } = target.leaf;
  const where = `"${op}" on the ${type} attribute "${target.path}"`;
  const literal = JSON.stringify(value);
  if ((op === 'co' || op === 'sw' || op === 'ew') && type !== 'string' && type !== 'reference') {
    throw ScimError.invalidFilter(`${where} is not allowed: co, sw and ew apply to strings`);
  }
  // RFC 7644 section 3.4.2.2: gt/ge/lt/le on boolean or binary attributes is an invalidFilter.
  if ((op === 'gt' || op === 'ge' || op === 'lt' || op === 'le') && (type === 'boolean' || type === 'binary')) {
    throw ScimError.invalidFilter(`${where} is not allowed: ${type} values have no order`);
  }
  const checked = checkLiteral(target.leaf, value, `${where} needs ${expected(target.leaf)}, not ${literal}`);
  return { kind: 'compare', target, op, value: checked, caseExact: target.leaf.caseExact };
}

function expected(def: AttributeDef): string {
  switch (def.type) {
    case 'boolean':
      return 'true or false';
    case 'integer':
      return 'an integer';
    case 'decimal':
      return 'a number';
    case 'dateTime':
      return 'a dateTime string such as "2011-05-13T04:42:34Z"';
    default:
      return 'a string in double quotes';
  }
}

function checkLiteral(def: AttributeDef, value: string | number | boolean, mismatch: string): CheckedValue {
  switch (def.type) {
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof value === 'string') return { type: 'string', value };
      break;
    case 'boolean':
      if (typeof value === 'boolean') return { type: 'boolean', value };
      // Entra ID documents `roles[primary eq "True"].value`: a quoted true/false (any case) means the boolean.
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return { type: 'boolean', value: value.toLowerCase() === 'true' };
      break;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return { type: 'number', value };
      break;
    case 'decimal':
      if (typeof value === 'number') return { type: 'number', value };
      break;
    case 'dateTime': {
      const instant = typeof value === 'string' ? parseDateTime(value) : undefined;
      if (instant !== undefined) return { type: 'dateTime', value: formatInstant(instant), instant };
      break;
    }
    case 'complex':
      break;
  }
  throw ScimError.invalidFilter(mismatch);
}
