// ListResponse (RFC 7644 section 3.4.2) with numeric totalResults, startIndex and itemsPerPage.
import { LIST_RESPONSE } from '../schema/urns.js';
import type { JsonObject } from './resource.js';

export function listResponse(totalResults: number, startIndex: number, resources: readonly JsonObject[]): JsonObject {
  return { schemas: [LIST_RESPONSE], totalResults, startIndex, itemsPerPage: resources.length, Resources: [...resources] };
}
