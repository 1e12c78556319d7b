// The Fastify app factory: wiring only. `buildApp` never listens, so tests drive it with inject().
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Services } from '../core/services.js';
import { ScimError } from '../scim/errors.js';
import { handleError } from './errors.js';
import { consolePlugin } from './console/console-plugin.js';
import { healthRoutes } from './health-routes.js';
import { loggerOptions, requestLogging } from './logging.js';
import { metricsRoutes, RollcallMetrics } from './metrics.js';
import { scimPlugin } from './scim/scim-plugin.js';

export interface AppOptions {
  readonly logLevel?: string;
  /** Where logs go (tests capture them to prove no secret is written). */
  readonly logStream?: NodeJS.WritableStream;
  readonly bodyLimitBytes?: number;
  /** METRICS_TOKEN: /metrics then needs `Authorization: Bearer <token>`. */
  readonly metricsToken?: string | undefined;
  /** METRICS_ORG_LABELS: label refused-token metrics by organization. */
  readonly metricsOrgLabels?: boolean;
}

const JSON_TYPES = ['application/json', 'application/scim+json'];

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? 'info', options.logStream),
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: false,
    // One line per request, written by requestLogging once the answer is sent.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(ScimError.invalidSyntax('The request body is empty'), undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(ScimError.invalidSyntax(`The request body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply));
  app.setNotFoundHandler(async (request) => {
    throw ScimError.notFound(`Nothing at ${request.url.split('?')[0]}`);
  });
  requestLogging(app, services);
  healthRoutes(app, services);
  metricsRoutes(app, new RollcallMetrics(services.store, { token: options.metricsToken, orgLabels: options.metricsOrgLabels === true }));
  await app.register(scimPlugin, { prefix: '/scim/v2', services });
  // The console lives in its own encapsulated scope: form bodies, sessions, CSRF and HTML errors stay there.
  await app.register(consolePlugin, { services });
  return app;
}
