// Reads a PatchOp message body (RFC 7644 section 3.5.2) into normalised operations: shape checks,
// then the IdP quirks of idp-quirks.ts, then the strict RFC form that applyPatch accepts.
import { ScimError } from '../errors.js';
import { isJsonObject, type JsonValue } from '../messages/resource.js';
import type { ResourceTypeDef } from '../schema/resource-types.js';
import { PATCH_OP } from '../schema/urns.js';
import { normalizeIdpQuirks, type QuirkContext } from './idp-quirks.js';
import { MAX_PATCH_OPERATIONS, type PatchOperation, type RawPatchOperation } from './patch-operation.js';

const findKey = (object: Record<string, unknown>, name: string) => Object.keys(object).find((k) => k.toLowerCase() === name);

/** Checks the message envelope and returns the operations as written. Key order does not matter (Entra fixture 14). */
export function parsePatchMessage(body: unknown): RawPatchOperation[] {
  if (!isJsonObject(body)) throw ScimError.invalidSyntax('The PATCH body must be a JSON object with "schemas" and "Operations"');
  const schemasKey = findKey(body, 'schemas');
  const schemas = schemasKey === undefined ? undefined : body[schemasKey];
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP.toLowerCase())) {
    throw ScimError.invalidSyntax(`"schemas" must be ["${PATCH_OP}"]`);
  }
  const opsKey = findKey(body, 'operations');
  const ops = opsKey === undefined ? undefined : body[opsKey];
  if (!Array.isArray(ops)) throw ScimError.invalidSyntax('"Operations" must be an array of PATCH operations');
  // RFC 7644 section 3.5.2: the body contains "one or more" operations; Entra has been seen sending none.
  if (ops.length === 0) throw ScimError.invalidValue('"Operations" is empty: a PATCH request needs at least one operation');
  if (ops.length > MAX_PATCH_OPERATIONS) {
    throw ScimError.tooLarge(`A PATCH request may carry at most ${MAX_PATCH_OPERATIONS} operations; this one has ${ops.length}`);
  }
  return ops.map((raw, index) => {
    if (!isJsonObject(raw)) throw ScimError.invalidSyntax(`Operations[${index}] must be an object with "op"`);
    const opKey = findKey(raw, 'op');
    const pathKey = findKey(raw, 'path');
    const valueKey = findKey(raw, 'value');
    const op = opKey === undefined ? undefined : raw[opKey];
    if (typeof op !== 'string') throw ScimError.invalidSyntax(`Operations[${index}].op must be "add", "remove" or "replace"`);
    const path: JsonValue | undefined = pathKey === undefined ? undefined : raw[pathKey];
    if (path !== undefined && path !== null && typeof path !== 'string') throw ScimError.invalidPath(`Operations[${index}].path must be a string`);
    const value = valueKey === undefined ? undefined : raw[valueKey];
    return {
      op,
      ...(typeof path === 'string' ? { path } : {}),
      ...(value === undefined ? {} : { value }),
    };
  });
}

/** Strict RFC form: lower-case op names only, a path for remove, a value for add and replace. */
export function toPatchOperations(raw: readonly RawPatchOperation[]): PatchOperation[] {
  return raw.map((operation, index) => {
    const { op, path, value } = operation;
    if (op !== 'add' && op !== 'remove' && op !== 'replace') {
      throw ScimError.invalidSyntax(`Operations[${index}].op ${JSON.stringify(op)} is not one of "add", "remove", "replace"`);
    }
    // RFC 7644 section 3.5.2.2: remove without a path is noTarget.
    if (op === 'remove' && path === undefined) throw ScimError.noTarget(`Operations[${index}]: "remove" needs a "path"`);
    if (op !== 'remove' && value === undefined) throw ScimError.invalidValue(`Operations[${index}]: "${op}" needs a "value"`);
    return { op, ...(path === undefined ? {} : { path }), ...(value === undefined ? {} : { value }) };
  });
}

/** The whole pipeline the services use: envelope, IdP quirks, strict form. */
export function readPatchRequest(body: unknown, resourceType: ResourceTypeDef, context: QuirkContext): PatchOperation[] {
  return toPatchOperations(normalizeIdpQuirks(parsePatchMessage(body), resourceType, context));
}
