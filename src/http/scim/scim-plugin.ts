// Everything under /scim/v2: content types, bearer auth, the routes, and 405 for methods the RFC does not define.
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { FailedAttempts } from '../../core/tokens/failed-attempts.js';
import type { Services } from '../../core/services.js';
import { ScimError } from '../../scim/errors.js';
import { bearerAuth } from './bearer-auth.js';
import { bulkRoutes } from './bulk-routes.js';
import { discoveryRoutes } from './discovery-routes.js';
import { recordActivity } from './record-activity.js';
import { resourceRoutes, rootSearchRoute } from './resource-routes.js';

const ALL_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Allowed methods per path; every other method answers 405 with an Allow header (RFC 9110 section 15.5.6). */
const ALLOWED: Record<string, HTTPMethods[]> = {
  '/Users': ['GET', 'POST'],
  '/Users/:id': ['GET', 'PUT', 'PATCH', 'DELETE'],
  '/Users/.search': ['POST'],
  '/Groups/.search': ['POST'],
  '/.search': ['POST'],
  '/Groups': ['GET', 'POST'],
  '/Groups/:id': ['GET', 'PUT', 'PATCH', 'DELETE'],
  '/Bulk': ['POST'],
  '/ServiceProviderConfig': ['GET'],
  '/ResourceTypes': ['GET'],
  '/ResourceTypes/:id': ['GET'],
  '/Schemas': ['GET'],
  '/Schemas/:id': ['GET'],
};

export async function scimPlugin(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  app.addHook('onRequest', bearerAuth(services, new FailedAttempts(services.clock)));
  if (services.recorder.options.enabled) app.addHook('onResponse', recordActivity(services.recorder, services.clock));
  // One registry per request: an organization without extensions gets the shared core registry from the cache.
  app.addHook('onRequest', async (request) => {
    if (request.scimClient) request.orgSchemas = await services.schemas.forOrg(request.scimClient.orgId);
  });
  app.addHook('preValidation', async (request) => {
    if ((request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH') && !request.headers['content-type']) {
      throw ScimError.unsupportedMediaType('Send the request body as application/scim+json or application/json');
    }
  });
  resourceRoutes(app, services);
  rootSearchRoute(app, services);
  bulkRoutes(app, services);
  discoveryRoutes(app, services);
  for (const [url, allowed] of Object.entries(ALLOWED)) {
    const others = ALL_METHODS.filter((m) => !allowed.includes(m));
    if (others.length === 0) continue;
    app.route({
      method: others,
      url,
      handler: async (request, reply) => {
        reply.header('Allow', allowed.join(', '));
        throw ScimError.methodNotAllowed(`${request.method} is not supported on ${url.replace(':id', '{id}')}`);
      },
    });
  }
  app.setNotFoundHandler(async (request) => {
    throw ScimError.notFound(`No SCIM endpoint at ${request.url.split('?')[0]}`);
  });
}
