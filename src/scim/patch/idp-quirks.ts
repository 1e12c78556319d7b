// Every identity-provider quirk of PATCH in one place: each rewrite names the provider and the documented
// request that needs it (fixtures in test/fixtures/idp/, sources in their README). The output is RFC 7644 form.
//
// Handled elsewhere, and why: the legacy Entra group schema URI is accepted by validate.ts (SCHEMA_ALIASES),
// because it arrives on POST/PUT, not in PATCH; Okta's restore-on-POST lives in user-service.ts.
import { ScimError } from '../errors.js';
import type { FilterNode } from '../filter/ast.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../messages/resource.js';
import type { AttributeDef } from '../schema/attribute.js';
import { COMMON_ATTRIBUTES } from '../schema/common.js';
import { findAttribute, resolveAttribute } from '../schema/resolve.js';
import type { ResourceTypeDef } from '../schema/resource-types.js';
import type { RawPatchOperation } from './patch-operation.js';

export interface QuirkContext {
  /** The id of the resource being patched (Okta echoes it inside path-less values). */
  readonly resourceId: string;
}

export function normalizeIdpQuirks(ops: readonly RawPatchOperation[], rt: ResourceTypeDef, context: QuirkContext): RawPatchOperation[] {
  return ops
    .map(lowerCaseOp)
    .map((op) => qualifyBareExtensionPath(op, rt))
    .flatMap((op) => splitPathStyleKeys(op, rt))
    .map((op) => dropEchoedId(op, context))
    .flatMap((op) => removeListedValues(op, rt))
    .map((op) => coerceValue(op, rt));
}

/**
 * The compatibility rules that changed these operations, by name, for the provisioning activity log. Runs the
 * same steps as normalizeIdpQuirks one at a time and names each step whose output differs from its input.
 */
export function quirksApplied(ops: readonly RawPatchOperation[], rt: ResourceTypeDef, context: QuirkContext): string[] {
  const steps: readonly (readonly [string, (op: RawPatchOperation) => RawPatchOperation | RawPatchOperation[]])[] = [
    ['Entra ID capitalised op names', lowerCaseOp],
    ['Entra ID bare extension path', (op) => qualifyBareExtensionPath(op, rt)],
    ['Entra ID several attributes in one replace', (op) => splitPathStyleKeys(op, rt)],
    ['Okta group rename echoing the id', (op) => dropEchoedId(op, context)],
    ['Entra ID / JumpCloud member removal by value list', (op) => removeListedValues(op, rt)],
    ['Entra ID string booleans or manager list', (op) => coerceValue(op, rt)],
  ];
  const applied: string[] = [];
  let current: RawPatchOperation[] = [...ops];
  try {
    // Most requests need no rule: one pass over all the steps says so before each step is compared alone.
    if (JSON.stringify(normalizeIdpQuirks(ops, rt, context)) === JSON.stringify(current)) return applied;
    for (const [name, step] of steps) {
      const next = current.flatMap(step);
      if (JSON.stringify(next) !== JSON.stringify(current)) applied.push(name);
      current = next;
    }
  } catch {
    // A step that refuses the request reports nothing more; the request's own error says why.
  }
  return applied;
}

/**
 * Entra ID sends `Add`, `Replace`, `Remove` (Entra fixtures 12, 15, 17, 29, 30); its tutorial says op names
 * are matched case-insensitively ("Develop and plan provisioning for a SCIM endpoint").
 */
function lowerCaseOp(op: RawPatchOperation): RawPatchOperation {
  return { ...op, op: op.op.toLowerCase() };
}

/** The extension attribute a bare name stands for, when the core schema has no attribute of that name. */
function extensionAttributeFor(name: string, rt: ResourceTypeDef): { urn: string; def: AttributeDef } | undefined {
  if (findAttribute(rt.schema.attributes, name) || findAttribute(COMMON_ATTRIBUTES, name)) return undefined;
  const owners = rt.extensions.filter((e) => findAttribute(e.schema.attributes, name));
  const [only] = owners;
  if (owners.length !== 1 || !only) return undefined;
  return { urn: only.schema.id, def: findAttribute(only.schema.attributes, name)! };
}

/**
 * Entra ID sets the enterprise manager with the bare path `manager`, not URN-qualified
 * (Entra tutorial, "Handling provisioning and deprovisioning of users", example 5; Entra fixture 20).
 * A bare name that only one extension defines is qualified with that extension's URN.
 */
function qualifyBareExtensionPath(op: RawPatchOperation, rt: ResourceTypeDef): RawPatchOperation {
  if (op.path === undefined) return op;
  const match = /^([A-Za-z][\w$-]*)((?:\.|\[).*)?$/s.exec(op.path.trim());
  if (!match) return op;
  const found = extensionAttributeFor(match[1]!, rt);
  return found ? { ...op, path: `${found.urn}:${found.def.name}${match[2] ?? ''}` } : op;
}

const isExtensionUrn = (key: string, rt: ResourceTypeDef) => rt.extensions.some((e) => e.schema.id.toLowerCase() === key.toLowerCase());
const isPathStyleKey = (key: string, rt: ResourceTypeDef) =>
  !isExtensionUrn(key, rt) && (key.includes('.') || key.toLowerCase().startsWith('urn:'));

/**
 * Entra ID (aadOptscim062020) replaces several attributes in one path-less op whose keys are paths:
 * `{"name.givenName": ..., "urn:...:enterprise:2.0:User:employeeNumber": ...}` (Entra SCIM compliance known
 * issues, "Requests to replace multiple attributes"; Entra fixture 19). Each path-style key becomes its own
 * operation with that path, so it is never stored as a literal attribute named "name.givenName".
 */
function splitPathStyleKeys(op: RawPatchOperation, rt: ResourceTypeDef): RawPatchOperation[] {
  if (op.path !== undefined || !isJsonObject(op.value) || !Object.keys(op.value).some((k) => isPathStyleKey(k, rt))) return [op];
  return Object.entries(op.value).map(([key, value]) =>
    isPathStyleKey(key, rt) ? { op: op.op, path: key, value } : { op: op.op, value: { [key]: value } },
  );
}

/**
 * Okta's group rename is a path-less replace whose value carries the read-only `id` of the group itself
 * (Okta SCIM 2.0 Protocol Reference, "Update a specific Group name"; Okta fixture 15). An `id` equal to the
 * resource's own id is dropped; any other `id` still fails as a readOnly mutation.
 */
function dropEchoedId(op: RawPatchOperation, context: QuirkContext): RawPatchOperation {
  if (op.path !== undefined || !isJsonObject(op.value)) return op;
  const idKey = Object.keys(op.value).find((k) => k.toLowerCase() === 'id');
  if (idKey === undefined || op.value[idKey] !== context.resourceId) return op;
  const { [idKey]: _echoed, ...rest } = op.value;
  return { ...op, value: rest };
}

/**
 * Entra ID removes group members with `{"op":"Remove","path":"members","value":[{"value":"<id>"}]}`
 * (Entra tutorial, "Update Group [Remove Members]"; compliance known issues, "Requests made to remove a group
 * member", without flag; Entra fixture 30); JumpCloud does the same (uni-moni KB; JumpCloud fixture 07).
 * Read literally under RFC 7644 section 3.5.2.2 that clears every member; it means "remove only these".
 * Each listed value becomes `path[value eq "<id>"]`.
 */
function removeListedValues(op: RawPatchOperation, rt: ResourceTypeDef): RawPatchOperation[] {
  if (op.op !== 'remove' || op.path === undefined || op.value === undefined || op.value === null || op.path.includes('[')) return [op];
  const resolved = resolveAttribute(rt, op.path);
  if (!resolved || resolved.subAttribute || !resolved.attribute.multiValued || !findAttribute(resolved.attribute.subAttributes ?? [], 'value')) {
    return [op];
  }
  const listed = Array.isArray(op.value) ? op.value : [op.value];
  if (listed.length === 0) return [];
  return listed.map((item) => {
    const value = isJsonObject(item) ? item['value'] : undefined;
    if (typeof value !== 'string') throw ScimError.invalidValue(`"remove" on "${op.path}" with a value list needs a "value" in each item`);
    return { op: 'remove', path: `${op.path}[value eq ${JSON.stringify(value)}]` };
  });
}

/** The attribute (or sub-attribute) a raw path writes, when it resolves; filters are skipped over. */
function leafOf(path: string, rt: ResourceTypeDef): AttributeDef | undefined {
  const filtered = /^([^[]+)\[.*\](?:\.([A-Za-z$][\w$-]*))?$/s.exec(path.trim());
  if (!filtered) {
    const resolved = resolveAttribute(rt, path.trim());
    return resolved?.subAttribute ?? resolved?.attribute;
  }
  const resolved = resolveAttribute(rt, filtered[1]!);
  if (!resolved) return undefined;
  return filtered[2] === undefined ? { ...resolved.attribute, multiValued: false } : findAttribute(resolved.attribute.subAttributes ?? [], filtered[2]);
}

function coerceValue(op: RawPatchOperation, rt: ResourceTypeDef): RawPatchOperation {
  if (op.value === undefined) return op;
  if (op.path !== undefined) {
    const leaf = leafOf(op.path, rt);
    return leaf ? { ...op, value: coerce(op.value, leaf) } : op;
  }
  if (!isJsonObject(op.value)) return op;
  const value: JsonObject = {};
  for (const [key, item] of Object.entries(op.value)) {
    const extension = rt.extensions.find((e) => e.schema.id.toLowerCase() === key.toLowerCase());
    const def = extension ? undefined : findAttribute(rt.schema.attributes, key);
    if (extension && isJsonObject(item)) {
      value[key] = coerceObject(item, extension.schema.attributes);
    } else {
      value[key] = def ? coerce(item, def) : item;
    }
  }
  return { ...op, value };
}

function coerceObject(object: JsonObject, defs: readonly AttributeDef[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(object)) {
    const def = findAttribute(defs, key);
    out[key] = def ? coerce(item, def) : item;
  }
  return out;
}

const ENTERPRISE_MANAGER = 'manager';

function coerce(value: JsonValue, def: AttributeDef): JsonValue {
  if (def.multiValued && Array.isArray(value)) return value.map((item) => coerce(item, { ...def, multiValued: false }));
  if (def.type === 'boolean') return coerceBoolean(value);
  if (def.type === 'complex' && !def.multiValued && def.name === ENTERPRISE_MANAGER) return coerceManager(value, def);
  if (def.type === 'complex' && isJsonObject(value)) return coerceObject(value, def.subAttributes ?? []);
  return value;
}

/**
 * Entra ID's default (non-aadOptscim062020) job sends booleans as strings: `"value": "False"` to disable a user
 * (Entra SCIM compliance known issues, "Requests made to disable users"; Entra fixture 15).
 */
function coerceBoolean(value: JsonValue): JsonValue {
  if (typeof value !== 'string') return value;
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : value;
}

/**
 * Entra ID sets the enterprise manager as an array `[{"$ref": ..., "value": "<id>"}]` although `manager` is
 * single-valued (Entra tutorial, example 5; Entra fixture 20); a bare id string or `{"value": ...}` is also
 * seen. All become `{"value": "<id>", ...}`.
 */
function coerceManager(value: JsonValue, def: AttributeDef): JsonValue {
  if (typeof value === 'string') return value === '' ? null : { value };
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.length > 1) throw ScimError.invalidValue('"manager" is single-valued: send one manager');
    return coerceManager(value[0]!, def);
  }
  return isJsonObject(value) ? coerceObject(value, def.subAttributes ?? []) : value;
}

/**
 * Entra ID replaces `emails[type eq "work"].value` on a user who has no work email yet and expects it to be
 * added (Entra tutorial, "Update User [Multi-valued properties]"; Entra fixtures 12, 18, 19). RFC 7644
 * section 3.5.2.3 says noTarget; when the filter is a plain `eq` (or an `and` of them) the element it
 * describes is created instead. Any other filter still answers noTarget.
 */
export function elementForUnmatchedFilter(filter: FilterNode, subName: string | undefined, value: JsonValue): JsonValue | undefined {
  const element = elementFromEqualities(filter);
  if (!element) return undefined;
  if (subName !== undefined) return { ...element, [subName]: value };
  return isJsonObject(value) ? { ...element, ...value } : undefined;
}

function elementFromEqualities(filter: FilterNode): JsonObject | undefined {
  if (filter.kind === 'compare') {
    if (filter.op !== 'eq' || filter.value === null || filter.path.urn !== undefined || filter.path.sub !== undefined) return undefined;
    return { [filter.path.attr]: filter.value };
  }
  if (filter.kind !== 'and') return undefined;
  const parts = filter.filters.map(elementFromEqualities);
  return parts.every((p) => p !== undefined) ? Object.assign({}, ...parts) : undefined;
}
