// /ServiceProviderConfig, /ResourceTypes and /Schemas, rendered from the schema registry.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../core/services.js';
import { renderResourceType, renderSchema } from '../../scim/discovery/schemas.js';
import { serviceProviderConfig, type ScimCapabilities } from '../../scim/discovery/service-provider-config.js';
import { ScimError } from '../../scim/errors.js';
import { BULK_MAX_OPERATIONS, BULK_MAX_PAYLOAD_BYTES } from '../../scim/messages/bulk.js';
import { listResponse } from '../../scim/messages/list-response.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../scim/messages/list-params.js';
import { CURSOR_TIMEOUT_SECONDS } from '../../core/scim/cursor-codec.js';
import { idParam, schemasOfRequest, sendJson } from './request-context.js';

/** What this build really implements; the discovery test checks each flag against the endpoints. */
export const CAPABILITIES: ScimCapabilities = {
  patch: true,
  bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: BULK_MAX_PAYLOAD_BYTES },
  filter: { supported: true, maxResults: MAX_PAGE_SIZE },
  sort: true,
  etag: true,
  changePassword: false,
  pagination: {
    cursor: true,
    index: true,
    defaultPaginationMethod: 'index',
    defaultPageSize: DEFAULT_PAGE_SIZE,
    maxPageSize: MAX_PAGE_SIZE,
    cursorTimeout: CURSOR_TIMEOUT_SECONDS,
  },
};

export function discoveryRoutes(app: FastifyInstance, services: Services): void {
  const base = services.scimBaseUrl;

  app.get('/ServiceProviderConfig', async (_request, reply) => sendJson(reply, serviceProviderConfig(CAPABILITIES, base)));

  // Per organization: its declared extensions appear beside the core schemas (design.md section 11).
  app.get('/ResourceTypes', async (request, reply) => {
    refuseFilter(request);
    const all = schemasOfRequest(request).resourceTypes.map((rt) => renderResourceType(rt, base));
    return sendJson(reply, listResponse(all.length, 1, all));
  });
  app.get('/ResourceTypes/:id', async (request, reply) => {
    const id = idParam(request);
    const found = schemasOfRequest(request).resourceTypes.find((rt) => rt.name === id);
    if (!found) throw ScimError.notFound(`No resource type "${id}"`);
    return sendJson(reply, renderResourceType(found, base));
  });

  app.get('/Schemas', async (request, reply) => {
    refuseFilter(request);
    const all = schemasOfRequest(request).schemas.map((schema) => renderSchema(schema, base));
    return sendJson(reply, listResponse(all.length, 1, all));
  });
  app.get('/Schemas/:id', async (request, reply) => {
    const id = idParam(request);
    const found = schemasOfRequest(request).schemas.find((schema) => schema.id === id);
    if (!found) throw ScimError.notFound(`No schema "${id}"`);
    return sendJson(reply, renderSchema(found, base));
  });
}

/** RFC 7644 section 4: a filter on a discovery endpoint SHALL be answered 403 Forbidden. */
function refuseFilter(request: FastifyRequest): void {
  if ((request.query as Record<string, unknown>)['filter'] !== undefined) {
    throw ScimError.forbidden(`${request.url.split('?')[0]} does not support filtering (RFC 7644 section 4)`);
  }
}
