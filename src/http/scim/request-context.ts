// Small helpers the SCIM routes share: the tenant of the request, the change context, ETag preconditions.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeContext } from '../../storage/store.js';
import type { Clock } from '../../core/clock.js';
import { etagOf } from '../../scim/messages/render-resource.js';
import type { Rendered, RenderedJson } from '../../core/scim/user-service.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import { ifNoneMatchHits, parseIfMatchList } from '../../scim/messages/etag.js';
import { SCIM_CONTENT_TYPE } from '../errors.js';
import { ScimError } from '../../scim/errors.js';
import { isStorableText } from '../../scim/schema/limits.js';
import type { OrgSchemas } from '../../scim/schema/org-schemas.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The organization's schema registry, resolved once per request after authentication. */
    orgSchemas?: OrgSchemas;
    /** A write's resource name (userName or displayName) as answered, for the provisioning activity log. */
    scimTarget?: string;
  }
}

export function orgOf(request: FastifyRequest): string {
  const client = request.scimClient;
  // The auth hook runs before every SCIM route; reaching here without a client is a wiring bug.
  if (!client) throw new Error('SCIM route reached without an authenticated client');
  return client.orgId;
}

/** The schema registry of the request's organization (core + enterprise + its declared extensions). */
export function schemasOfRequest(request: FastifyRequest): OrgSchemas {
  // Resolved by the SCIM plugin's hook right after authentication; missing means a wiring bug.
  if (!request.orgSchemas) throw new Error('SCIM route reached without the organization schemas');
  return request.orgSchemas;
}

export function changeOf(request: FastifyRequest, clock: Clock): ChangeContext {
  return { at: clock().toISOString(), client: request.headers['user-agent'] ?? null };
}

/**
 * The version an If-Match header demands, or undefined for none / `*`. With a list of several tags, the current
 * version is read and demanded when it is listed, so storage still checks it atomically; otherwise 412.
 */
export async function expectedVersion(request: FastifyRequest, currentVersion: () => Promise<number | undefined>): Promise<number | undefined> {
  const listed = parseIfMatchList(request.headers['if-match']);
  if (listed === undefined) return undefined;
  if (listed.length === 1) return listed[0];
  const current = await currentVersion();
  // A missing resource is storage's 404 to give, whatever the list names.
  if (current === undefined || listed.includes(current)) return current ?? listed[0];
  throw ScimError.versionMismatch(current);
}

/** A single-resource GET: 304 with the ETag and no body when If-None-Match already holds this version. */
export function sendResourceOrNotModified(
  request: FastifyRequest,
  reply: FastifyReply,
  rendered: Rendered,
  project: (doc: JsonObject) => JsonObject = (doc) => doc,
): FastifyReply {
  if (ifNoneMatchHits(request.headers['if-none-match'], rendered.version)) return reply.code(304).header('ETag', etagOf(rendered.version)).send();
  return sendResource(reply, rendered, 200, project);
}

/** A single-resource GET of a resource already serialized (RenderedJson), as sendResourceOrNotModified. */
export function sendResourceJsonOrNotModified(request: FastifyRequest, reply: FastifyReply, rendered: RenderedJson): FastifyReply {
  reply.header('ETag', etagOf(rendered.version));
  if (ifNoneMatchHits(request.headers['if-none-match'], rendered.version)) return reply.code(304).send();
  return reply.code(200).type(SCIM_CONTENT_TYPE).send(rendered.json);
}

/** Sends one resource with its ETag; a 201 also carries Location (RFC 7644 section 3.3). */
export function sendResource(
  reply: FastifyReply,
  rendered: Rendered,
  status = 200,
  project: (doc: JsonObject) => JsonObject = (doc) => doc,
): FastifyReply {
  const meta = rendered.body['meta'];
  if (reply.request.method !== 'GET') {
    // The activity log names what was written without reading it back.
    const name = rendered.body['userName'] ?? rendered.body['displayName'];
    if (typeof name === 'string') reply.request.scimTarget = name;
  }
  if (status === 201 && meta && typeof meta === 'object' && !Array.isArray(meta) && typeof meta['location'] === 'string') {
    reply.header('Location', meta['location']);
  }
  return reply.code(status).type(SCIM_CONTENT_TYPE).header('ETag', etagOf(rendered.version)).send(project(rendered.body));
}

export function sendJson(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.code(status).type(SCIM_CONTENT_TYPE).send(body);
}

/** The `id` route parameter; Fastify always provides it for `/:id` routes. */
export function idParam(request: FastifyRequest): string {
  const id = (request.params as { id: string }).id;
  // No stored id holds U+0000 or a lone surrogate (the text rule of src/scim/schema/limits.ts): such a resource does not exist.
  if (!isStorableText(id)) throw ScimError.notFound(`No resource has the id ${JSON.stringify(id)}`);
  return id;
}
