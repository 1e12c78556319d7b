// /Users and /Groups: decode the request, call one service, encode the answer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../core/services.js';
import type { RenderedList, RenderedListJson } from '../../core/scim/user-service.js';
import { parseAttributeList } from '../../scim/messages/projection.js';
import type { JsonObject } from '../../scim/messages/resource.js';
import { searchParamsFromBody, searchParamsFromQuery, type SearchParams } from '../../scim/messages/search-request.js';
import type { ResourceTypeDef } from '../../scim/schema/resource-types.js';
import { rootSearch } from '../../core/scim/root-search.js';
import { projectionOf } from './projection-of.js';
import { ScimError } from '../../scim/errors.js';
import { resolveAttribute } from '../../scim/schema/resolve.js';
import { etagOf } from '../../scim/messages/render-resource.js';
import {
  changeOf,
  expectedVersion,
  idParam,
  orgOf,
  schemasOfRequest,
  sendJson,
  sendResource,
  sendResourceJsonOrNotModified,
  sendResourceOrNotModified,
} from './request-context.js';

/** Projection from the query string of a single-resource request (RFC 7644 section 3.9). */
function queryProjection(request: FastifyRequest, resourceType: ResourceTypeDef) {
  const query = request.query as Record<string, unknown>;
  return projectionOf(resourceType, parseAttributeList(query['attributes']), parseAttributeList(query['excludedAttributes']));
}

function sendList(reply: FastifyReply, list: RenderedList, project: (doc: JsonObject) => JsonObject) {
  return sendJson(reply, { ...list.envelope, Resources: list.resources.map(project) });
}

/** The ListResponse from resources already serialized: the envelope's members, then `Resources`. */
function sendListJson(reply: FastifyReply, list: RenderedListJson) {
  return sendJson(reply, `${JSON.stringify(list.envelope).slice(0, -1)},"Resources":[${list.resourcesJson.join(',')}]}`);
}

export function resourceRoutes(app: FastifyInstance, services: Services): void {
  const { users, groups, clock, store } = services;
  // If-Match preconditions; a list of several tags needs the current version (request-context.ts).
  const userVersion = (request: FastifyRequest) =>
    expectedVersion(request, async () => (await store.users.get(orgOf(request), idParam(request)))?.version);
  const groupVersion = (request: FastifyRequest) =>
    expectedVersion(request, async () => (await store.groups.get(orgOf(request), idParam(request), false))?.version);

  const listUsers = async (request: FastifyRequest, reply: FastifyReply, params: SearchParams) => {
    const { project, wantsComputed, keepsEverything } = projectionOf(schemasOfRequest(request).user, params.attributes, params.excludedAttributes);
    if (keepsEverything) return sendListJson(reply, await users.listJson(orgOf(request), params));
    return sendList(reply, await users.list(orgOf(request), params, wantsComputed), project);
  };
  const listGroups = async (request: FastifyRequest, reply: FastifyReply, params: SearchParams) => {
    const { project, wantsComputed } = projectionOf(schemasOfRequest(request).group, params.attributes, params.excludedAttributes);
    return sendList(reply, await groups.list(orgOf(request), params, wantsComputed), project);
  };

  app.get('/Users', (request, reply) => listUsers(request, reply, searchParamsFromQuery(request.query as Record<string, unknown>)));
  app.post('/Users/.search', (request, reply) => listUsers(request, reply, searchParamsFromBody(request.body)));
  app.post('/Users', async (request, reply) => {
    const { project } = queryProjection(request, schemasOfRequest(request).user);
    return sendResource(reply, await users.create(orgOf(request), request.body, changeOf(request, clock)), 201, project);
  });
  app.get('/Users/:id', async (request, reply) => {
    const { project, keepsEverything } = queryProjection(request, schemasOfRequest(request).user);
    if (keepsEverything) return sendResourceJsonOrNotModified(request, reply, await users.getJson(orgOf(request), idParam(request)));
    return sendResourceOrNotModified(request, reply, await users.get(orgOf(request), idParam(request)), project);
  });
  app.put('/Users/:id', async (request, reply) => {
    const { project } = queryProjection(request, schemasOfRequest(request).user);
    const rendered = await users.replace(orgOf(request), idParam(request), request.body, await userVersion(request), changeOf(request, clock));
    return sendResource(reply, rendered, 200, project);
  });
  // RFC 7644 section 3.5.2: PATCH answers 200 with the resource or 204; Users get the body.
  app.patch('/Users/:id', async (request, reply) => {
    const { project } = queryProjection(request, schemasOfRequest(request).user);
    const rendered = await users.patch(orgOf(request), idParam(request), request.body, await userVersion(request), changeOf(request, clock));
    return sendResource(reply, rendered, 200, project);
  });
  app.delete('/Users/:id', async (request, reply) => {
    await users.delete(orgOf(request), idParam(request), await userVersion(request), changeOf(request, clock));
    return reply.code(204).send();
  });

  app.get('/Groups', (request, reply) => listGroups(request, reply, searchParamsFromQuery(request.query as Record<string, unknown>)));
  app.post('/Groups/.search', (request, reply) => listGroups(request, reply, searchParamsFromBody(request.body)));
  app.post('/Groups', async (request, reply) => {
    const { project } = queryProjection(request, schemasOfRequest(request).group);
    return sendResource(reply, await groups.create(orgOf(request), request.body, changeOf(request, clock)), 201, project);
  });
  app.get('/Groups/:id', async (request, reply) => {
    const { project, wantsComputed } = queryProjection(request, schemasOfRequest(request).group);
    return sendResourceOrNotModified(request, reply, await groups.get(orgOf(request), idParam(request), wantsComputed), project);
  });
  app.put('/Groups/:id', async (request, reply) => {
    const { project } = queryProjection(request, schemasOfRequest(request).group);
    const rendered = await groups.replace(orgOf(request), idParam(request), request.body, await groupVersion(request), changeOf(request, clock));
    return sendResource(reply, rendered, 200, project);
  });
  // Groups answer 204 (Entra asks for it; Okta accepts it) so a member change never renders the member list;
  // a client that sends `attributes` asks for the resource and gets 200 with it (RFC 7644 section 3.5.2).
  app.patch('/Groups/:id', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const org = orgOf(request);
    const { project, wantsComputed } = queryProjection(request, schemasOfRequest(request).group);
    const version = await groups.patch(org, idParam(request), request.body, await groupVersion(request), changeOf(request, clock));
    if (query['attributes'] === undefined) return reply.code(204).header('ETag', etagOf(version)).send();
    return sendResource(reply, await groups.get(org, idParam(request), wantsComputed), 200, project);
  });
  app.delete('/Groups/:id', async (request, reply) => {
    await groups.delete(orgOf(request), idParam(request), await groupVersion(request), changeOf(request, clock));
    return reply.code(204).send();
  });
}

/** POST /.search across every resource type (RFC 7644 section 3.4.3). */
export function rootSearchRoute(app: FastifyInstance, services: Services): void {
  app.post('/.search', async (request, reply) => {
    const params = searchParamsFromBody(request.body);
    const types = schemasOfRequest(request).resourceTypes;
    for (const name of [...(params.attributes ?? []), ...(params.excludedAttributes ?? [])]) {
      const known = types.some((rt) => resolveAttribute(rt, name) || rt.extensions.some((e) => e.schema.id.toLowerCase() === name.toLowerCase()));
      if (!known) throw ScimError.invalidValue(`Unknown attribute "${name}" for every resource type`);
    }
    const own = (rt: ResourceTypeDef, list: readonly string[] | undefined) =>
      list?.filter((name) => resolveAttribute(rt, name) || rt.extensions.some((e) => e.schema.id.toLowerCase() === name.toLowerCase()));
    const projections = new Map(
      types.map((rt) => {
        // Each type is projected with the names it knows; asking only for another type's attributes leaves id.
        const attributes = own(rt, params.attributes);
        const projection = projectionOf(rt, attributes && attributes.length === 0 ? ['id'] : attributes, own(rt, params.excludedAttributes));
        return [rt, projection] as const;
      }),
    );
    const { envelope, parts } = await rootSearch(orgOf(request), params, services, types, (rt) => projections.get(rt)?.wantsComputed ?? true);
    const resources = parts.flatMap((part) => part.resources.map((doc) => projections.get(part.resourceType)!.project(doc)));
    return sendJson(reply, { ...envelope, Resources: resources });
  });
}
