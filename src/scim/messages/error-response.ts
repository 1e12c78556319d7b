// The error body of RFC 7644 section 3.12; `status` is a string there.
import type { ScimError } from '../errors.js';
import { ERROR_MESSAGE } from '../schema/urns.js';
import type { JsonObject } from './resource.js';

export function errorResponse(error: ScimError): JsonObject {
  const body: JsonObject = { schemas: [ERROR_MESSAGE], status: String(error.status), detail: error.detail };
  if (error.scimType !== undefined) body['scimType'] = error.scimType;
  return body;
}
