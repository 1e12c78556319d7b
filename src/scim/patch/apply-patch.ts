// applyPatch: RFC 7644 section 3.5.2 add/remove/replace over a resource document, as a pure function.
// All operations apply to a copy in order; the first failure throws and the caller keeps the original,
// so a request applies atomically or not at all. Schema validation of the result is the caller's next step.
import { ScimError } from '../errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../messages/resource.js';
import type { ResourceTypeDef } from '../schema/resource-types.js';
import { elementForUnmatchedFilter } from './idp-quirks.js';
import { checkValueCount } from '../schema/limits.js';
import { arrayOf, asArray, canonicalKeys, enforceSinglePrimary, mergeValues, sameValue } from './multi-valued.js';
import { MAX_FILTER_EVALUATIONS, type PatchOpName, type PatchOperation } from './patch-operation.js';
import { elementMatches, resolveTarget, type PatchTarget } from './patch-target.js';

/**
 * `resource` is the stored document: core attributes at the top level, extension attributes under their
 * URN key, no `id`/`meta`/`schemas`. Returns a new document; `resource` is never modified.
 */
export function applyPatch(resource: JsonObject, ops: readonly PatchOperation[], resourceType: ResourceTypeDef): JsonObject {
  const doc = structuredClone(resource);
  const budget: FilterBudget = { left: MAX_FILTER_EVALUATIONS };
  for (const op of ops) {
    if (op.path !== undefined) {
      applyAt(doc, op.op, resolveTarget(op.path, resourceType), op.value, budget);
      continue;
    }
    // RFC 7644 sections 3.5.2.1 and 3.5.2.3: without a path the value holds attributes of the resource itself.
    if (!isJsonObject(op.value)) throw ScimError.invalidValue(`"${op.op}" without a "path" needs an object of attributes as "value"`);
    for (const [key, value] of Object.entries(op.value)) {
      const extension = resourceType.extensions.find((e) => e.schema.id.toLowerCase() === key.toLowerCase());
      if (!extension) {
        applyAt(doc, op.op, resolveTarget(plainName(key), resourceType), value, budget);
        continue;
      }
      if (!isJsonObject(value)) throw ScimError.invalidValue(`"${key}" must be an object of ${extension.schema.name} attributes`);
      for (const [name, inner] of Object.entries(value)) {
        applyAt(doc, op.op, resolveTarget(`${extension.schema.id}:${plainName(name)}`, resourceType), inner, budget);
      }
    }
  }
  return doc;
}

/** Keys of a path-less value are attribute names; Entra's path-style keys are rewritten in idp-quirks.ts first. */
function plainName(key: string): string {
  if (key.includes('.') || key.includes(':') || key.includes('[')) {
    throw ScimError.invalidPath(`"${key}" is a path, not an attribute name: send it as the "path" of its own operation`);
  }
  return key;
}

function containerOf(doc: JsonObject, target: PatchTarget, create: boolean): JsonObject | undefined {
  if (target.extension === undefined) return doc;
  const existing = doc[target.extension];
  if (isJsonObject(existing)) return existing;
  if (!create) return undefined;
  const made: JsonObject = {};
  doc[target.extension] = made;
  return made;
}

function setOrDelete(container: JsonObject, name: string, value: JsonValue | undefined): void {
  const empty = value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isJsonObject(value) && Object.keys(value).length === 0);
  if (empty) delete container[name];
  else container[name] = value;
}

function dropEmptyExtension(doc: JsonObject, target: PatchTarget): void {
  const ext = target.extension === undefined ? undefined : doc[target.extension];
  if (target.extension !== undefined && isJsonObject(ext) && Object.keys(ext).length === 0) delete doc[target.extension];
}

/** RFC 7644 section 3.5.2: operations must respect mutability (RFC 7643 section 2.2). */
function checkMutability(container: JsonObject | undefined, target: PatchTarget): void {
  const { attribute, sub, text } = target;
  if (attribute.mutability === 'readOnly' || sub?.mutability === 'readOnly') {
    throw ScimError.mutability(`"${text}" is readOnly and cannot be modified`);
  }
  const current = container?.[attribute.name];
  if (attribute.mutability === 'immutable' && current !== undefined && current !== null) {
    throw ScimError.mutability(`"${text}" is immutable: it can only be set while it has no value`);
  }
}

/** Value-filter evaluations left to this PATCH (MAX_FILTER_EVALUATIONS). */
interface FilterBudget {
  left: number;
}

function applyAt(doc: JsonObject, op: PatchOpName, target: PatchTarget, value: JsonValue | undefined, budget: FilterBudget): void {
  const container = containerOf(doc, target, op !== 'remove');
  checkMutability(container, target);
  if (target.filter) {
    budget.left -= arrayOf(container?.[target.attribute.name]).length;
    if (budget.left < 0) {
      throw ScimError.tooLarge(`This PATCH filters too many values (at most ${MAX_FILTER_EVALUATIONS} value-filter evaluations); send it in smaller requests`);
    }
  }
  // RFC 7643 section 2.5: null is "unassigned", so setting null removes.
  if (op === 'remove' || value === undefined || value === null) {
    if (container) remove(container, target);
  } else if (target.filter) {
    writeFiltered(container!, op, target, value);
  } else {
    write(container!, op, target, value);
  }
  dropEmptyExtension(doc, target);
}

function write(container: JsonObject, op: PatchOpName, target: PatchTarget, value: JsonValue): void {
  const { attribute, sub, text } = target;
  const name = attribute.name;
  if (sub) {
    if (attribute.multiValued) throw ScimError.invalidPath(`"${text}": select values with a filter, e.g. ${name}[type eq "work"].${sub.name}`);
    const current = container[name];
    container[name] = { ...(isJsonObject(current) ? current : {}), [sub.name]: value };
    return;
  }
  if (attribute.multiValued) {
    const items = asArray(value).map((item) => canonicalKeys(item, attribute));
    if (op === 'replace') {
      // RFC 7644 section 3.5.2.3: replacing a multi-valued attribute without a filter replaces all its values.
      checkValueCount(attribute, items.length, text);
      enforceSinglePrimary(items, items, text);
      setOrDelete(container, name, items);
      return;
    }
    const { all, added } = mergeValues(arrayOf(container[name]), items);
    checkValueCount(attribute, all.length, text);
    enforceSinglePrimary(all, added, text);
    setOrDelete(container, name, all);
    return;
  }
  if (attribute.type === 'complex') {
    if (!isJsonObject(value)) throw ScimError.invalidValue(`"${text}" is complex: send an object of its sub-attributes`);
    // RFC 7644 sections 3.5.2.1 and 3.5.2.3: sub-attributes not named in the value are left unchanged.
    const current = container[name];
    container[name] = { ...(isJsonObject(current) ? current : {}), ...(canonicalKeys(value, attribute) as JsonObject) };
    return;
  }
  // RFC 7644 section 3.5.2.1: add on a single-valued attribute replaces its value.
  container[name] = value;
}

function writeFiltered(container: JsonObject, op: PatchOpName, target: PatchTarget, value: JsonValue): void {
  const { attribute, sub, text } = target;
  const items = arrayOf(container[attribute.name]);
  const indexes = items.flatMap((item, i) => (elementMatches(target, item) ? [i] : []));
  if (indexes.length === 0) {
    const created = elementForUnmatchedFilter(target.filter!.node, sub?.name, value);
    // RFC 7644 section 3.5.2.3: a value filter that matches nothing is noTarget.
    if (created === undefined) throw ScimError.noTarget(`"${text}" matches no value`);
    const element = canonicalKeys(created, attribute);
    items.push(element);
    checkValueCount(attribute, items.length, text);
    enforceSinglePrimary(items, [element], text);
    container[attribute.name] = items;
    return;
  }
  const written: JsonValue[] = [];
  for (const i of indexes) {
    const element = items[i];
    let next: JsonValue;
    if (sub) {
      const current = isJsonObject(element) ? element : {};
      const old = current[sub.name];
      if (sub.mutability === 'immutable' && old !== undefined && !sameValue(old, value)) {
        throw ScimError.mutability(`"${text}" is immutable`);
      }
      next = { ...current, [sub.name]: value };
    } else {
      if (!isJsonObject(value)) throw ScimError.invalidValue(`"${text}" selects complex values: send an object`);
      const incoming = canonicalKeys(value, attribute) as JsonObject;
      // RFC 7644 section 3.5.2.3: matching values are replaced; add merges into them (section 3.5.2.1).
      next = op === 'replace' ? incoming : { ...(isJsonObject(element) ? element : {}), ...incoming };
    }
    items[i] = next;
    written.push(next);
  }
  enforceSinglePrimary(items, written, text);
  container[attribute.name] = items;
}

function remove(container: JsonObject, target: PatchTarget): void {
  const { attribute, sub, filter, text } = target;
  const name = attribute.name;
  if (sub?.mutability === 'immutable' && (filter || !attribute.multiValued)) throw ScimError.mutability(`"${text}" is immutable`);
  if (!filter) {
    if (!sub) {
      delete container[name];
      return;
    }
    const current = container[name];
    if (attribute.multiValued) {
      setOrDelete(container, name, arrayOf(current).map((item) => (isJsonObject(item) ? without(item, sub.name) : item)));
    } else if (isJsonObject(current)) {
      setOrDelete(container, name, without(current, sub.name));
    }
    return;
  }
  // RFC 7644 section 3.5.2.2: matched values are removed; with none left the attribute is unassigned.
  // Removing something already absent changes nothing, which keeps IdP retries idempotent.
  const items = arrayOf(container[name]);
  const kept = sub
    ? items.map((item) => (elementMatches(target, item) && isJsonObject(item) ? without(item, sub.name) : item))
    : items.filter((item) => !elementMatches(target, item));
  setOrDelete(container, name, kept);
}

function without(object: JsonObject, key: string): JsonObject {
  const { [key]: _removed, ...rest } = object;
  return rest;
}
