// Everything under /api/v1, the product team's JSON API (design.md section 8): API-key bearer auth, TypeBox schemas
// that validate requests, serialise responses and generate the OpenAPI 3.1 document, and RFC 9457 problem details.
import swagger from '@fastify/swagger';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.js';
import { Problem } from '../../core/problem.js';
import { collectAllowedMethods, methodNotAllowed } from './allowed-methods.js';
import { apiKeyAuth } from './api-key-auth.js';
import { API_ROUTE_MODULES } from './api-routes.js';
import { handleApiError } from './problem-details.js';

export const API_PREFIX = '/api/v1';

export async function apiPlugin(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  // TypeBox's own checker: bodies are checked as sent (unknown fields refused), query and path values converted first.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setErrorHandler(handleApiError);
  app.addHook('onRequest', apiKeyAuth(services));
  app.addHook('onSend', async (_request, reply) => {
    // Nothing the API answers is for shared caches, and created keys, tokens and links must never be stored.
    reply.header('Cache-Control', 'no-store');
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rollcall API',
        version: '1',
        description:
          'The product team\'s API: organizations, setup links for their IT admins, reads of what their identity ' +
          'providers provisioned, the ordered events feed and signed webhooks. Every list answers {data, next}; pass next ' +
          'as after for the following page. Errors are ' +
          'RFC 9457 problem details (application/problem+json).',
      },
      servers: [{ url: services.publicUrl }],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (rck_…) from rollcall api-key create' } } },
      security: [{ apiKey: [] }],
    },
  });
  const allowed = collectAllowedMethods(app);
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const register of API_ROUTE_MODULES) register(api, services);
  app.get('/openapi.json', { config: { apiPublic: true }, schema: { hide: true } }, async () => app.swagger());
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const methods = allowed.at(path);
    if (methods.length === 0) throw Problem.notFound(`No API endpoint at ${request.method} ${path}`);
    reply.header('Allow', methods.join(', '));
    throw methodNotAllowed(request.method, path, methods);
  });
}
