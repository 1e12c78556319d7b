// /Users and /Groups: decode the request, call one service, encode the answer.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.js';
import { listResponse } from '../../scim/messages/list-response.js';
import { pageParams } from '../../scim/messages/list-params.js';
import { etagOf } from '../../scim/messages/render-resource.js';
import { changeOf, expectedVersion, idParam, orgOf, sendJson, sendResource, sendResourceOrNotModified } from './request-context.js';

interface ListQuery {
  filter?: string;
  startIndex?: string;
  count?: string;
  excludedAttributes?: string;
  attributes?: string;
}

const excludesMembers = (excluded: string | undefined) =>
  (excluded ?? '').split(',').some((name) => name.trim().toLowerCase() === 'members');

export function resourceRoutes(app: FastifyInstance, services: Services): void {
  const { users, groups, clock } = services;

  app.get('/Users', async (request, reply) => {
    const query = request.query as ListQuery;
    const page = pageParams(query.startIndex, query.count);
    const result = await users.list(orgOf(request), query.filter, page);
    return sendJson(reply, listResponse(result.totalResults, page.startIndex, result.resources));
  });
  app.post('/Users', async (request, reply) =>
    sendResource(reply, await users.create(orgOf(request), request.body, changeOf(request, clock)), 201),
  );
  app.get('/Users/:id', async (request, reply) => sendResourceOrNotModified(request, reply, await users.get(orgOf(request), idParam(request))));
  app.put('/Users/:id', async (request, reply) =>
    sendResource(reply, await users.replace(orgOf(request), idParam(request), request.body, expectedVersion(request), changeOf(request, clock))),
  );
  // RFC 7644 section 3.5.2: PATCH answers 200 with the resource or 204; Users get the body.
  app.patch('/Users/:id', async (request, reply) =>
    sendResource(reply, await users.patch(orgOf(request), idParam(request), request.body, expectedVersion(request), changeOf(request, clock))),
  );
  app.delete('/Users/:id', async (request, reply) => {
    await users.delete(orgOf(request), idParam(request), expectedVersion(request), changeOf(request, clock));
    return reply.code(204).send();
  });

  app.get('/Groups', async (request, reply) => {
    const query = request.query as ListQuery;
    const page = pageParams(query.startIndex, query.count);
    const result = await groups.list(orgOf(request), query.filter, page, !excludesMembers(query.excludedAttributes));
    return sendJson(reply, listResponse(result.totalResults, page.startIndex, result.resources));
  });
  app.post('/Groups', async (request, reply) =>
    sendResource(reply, await groups.create(orgOf(request), request.body, changeOf(request, clock)), 201),
  );
  app.get('/Groups/:id', async (request, reply) => {
    const query = request.query as ListQuery;
    return sendResourceOrNotModified(request, reply, await groups.get(orgOf(request), idParam(request), !excludesMembers(query.excludedAttributes)));
  });
  app.put('/Groups/:id', async (request, reply) =>
    sendResource(reply, await groups.replace(orgOf(request), idParam(request), request.body, expectedVersion(request), changeOf(request, clock))),
  );
  // Groups answer 204 (Entra asks for it; Okta accepts it) so a member change never renders the member list;
  // a client that sends `attributes` asks for the resource and gets 200 with it (RFC 7644 section 3.5.2).
  app.patch('/Groups/:id', async (request, reply) => {
    const query = request.query as ListQuery;
    const org = orgOf(request);
    const version = await groups.patch(org, idParam(request), request.body, expectedVersion(request), changeOf(request, clock));
    if (query.attributes === undefined) return reply.code(204).header('ETag', etagOf(version)).send();
    return sendResource(reply, await groups.get(org, idParam(request), !excludesMembers(query.excludedAttributes)));
  });
  app.delete('/Groups/:id', async (request, reply) => {
    await groups.delete(orgOf(request), idParam(request), expectedVersion(request), changeOf(request, clock));
    return reply.code(204).send();
  });
}
