// /Users and /Groups: decode the request, call one service, encode the answer.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.js';
import { listResponse } from '../../scim/messages/list-response.js';
import { pageParams } from '../../scim/messages/list-params.js';
import { parseAttributeList, projector } from '../../scim/messages/projection.js';
import { groupResourceType, userResourceType, type ResourceTypeDef } from '../../scim/schema/resource-types.js';
import type { FastifyRequest } from 'fastify';
import { changeOf, expectedVersion, idParam, orgOf, sendJson, sendResource } from './request-context.js';

interface ListQuery {
  filter?: string;
  startIndex?: string;
  count?: string;
  attributes?: string;
  excludedAttributes?: string;
}

/** The projection a request asks for, and whether it needs the group member list at all. */
function projectionOf(request: FastifyRequest, resourceType: ResourceTypeDef) {
  const query = request.query as ListQuery;
  const attributes = parseAttributeList(query.attributes);
  const excludedAttributes = parseAttributeList(query.excludedAttributes);
  const project = projector(resourceType, { ...(attributes ? { attributes } : {}), ...(excludedAttributes ? { excludedAttributes } : {}) });
  const names = (list: string[] | undefined) => (list ?? []).map((n) => n.toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:group:/, ''));
  const wantsMembers = attributes
    ? names(attributes).some((n) => n === 'members' || n.startsWith('members.'))
    : !names(excludedAttributes).includes('members');
  return { project, wantsMembers };
}

export function resourceRoutes(app: FastifyInstance, services: Services): void {
  const { users, groups, clock } = services;

  app.get('/Users', async (request, reply) => {
    const query = request.query as ListQuery;
    const { project } = projectionOf(request, userResourceType);
    const page = pageParams(query.startIndex, query.count);
    const result = await users.list(orgOf(request), query.filter, page);
    return sendJson(reply, listResponse(result.totalResults, page.startIndex, result.resources.map(project)));
  });
  app.post('/Users', async (request, reply) => {
    const { project } = projectionOf(request, userResourceType);
    return sendResource(reply, await users.create(orgOf(request), request.body, changeOf(request, clock)), 201, project);
  });
  app.get('/Users/:id', async (request, reply) => {
    const { project } = projectionOf(request, userResourceType);
    return sendResource(reply, await users.get(orgOf(request), idParam(request)), 200, project);
  });
  app.put('/Users/:id', async (request, reply) => {
    const { project } = projectionOf(request, userResourceType);
    const rendered = await users.replace(orgOf(request), idParam(request), request.body, expectedVersion(request), changeOf(request, clock));
    return sendResource(reply, rendered, 200, project);
  });
  app.delete('/Users/:id', async (request, reply) => {
    await users.delete(orgOf(request), idParam(request), expectedVersion(request), changeOf(request, clock));
    return reply.code(204).send();
  });

  app.get('/Groups', async (request, reply) => {
    const query = request.query as ListQuery;
    const { project, wantsMembers } = projectionOf(request, groupResourceType);
    const page = pageParams(query.startIndex, query.count);
    const result = await groups.list(orgOf(request), query.filter, page, wantsMembers);
    return sendJson(reply, listResponse(result.totalResults, page.startIndex, result.resources.map(project)));
  });
  app.post('/Groups', async (request, reply) => {
    const { project } = projectionOf(request, groupResourceType);
    return sendResource(reply, await groups.create(orgOf(request), request.body, changeOf(request, clock)), 201, project);
  });
  app.get('/Groups/:id', async (request, reply) => {
    const { project, wantsMembers } = projectionOf(request, groupResourceType);
    return sendResource(reply, await groups.get(orgOf(request), idParam(request), wantsMembers), 200, project);
  });
  app.put('/Groups/:id', async (request, reply) => {
    const { project } = projectionOf(request, groupResourceType);
    const rendered = await groups.replace(orgOf(request), idParam(request), request.body, expectedVersion(request), changeOf(request, clock));
    return sendResource(reply, rendered, 200, project);
  });
  app.delete('/Groups/:id', async (request, reply) => {
    await groups.delete(orgOf(request), idParam(request), expectedVersion(request), changeOf(request, clock));
    return reply.code(204).send();
  });
}
