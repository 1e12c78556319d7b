// The Fastify app factory: wiring only. `buildApp` never listens, so tests drive it with inject().
import Fastify, { type FastifyInstance } from 'fastify';
import type { Services } from '../core/services.js';
import { ScimError } from '../scim/errors.js';
import { handleError } from './errors.js';
import { consolePlugin } from './console/console-plugin.js';
import { CONTENT_SECURITY_POLICY } from './console/security-headers.js';
import { errorView } from './console/views/error-view.js';
import { healthRoutes } from './health-routes.js';
import { loggerOptions } from './logging.js';
import { HttpMetrics, metricsRoutes } from './metrics.js';
import { scimPlugin } from './scim/scim-plugin.js';

export interface AppOptions {
  readonly logLevel?: string;
  /** Where logs go (tests capture them to prove no secret is written). */
  readonly logStream?: NodeJS.WritableStream;
  readonly bodyLimitBytes?: number;
}

const JSON_TYPES = ['application/json', 'application/scim+json'];

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? 'info', options.logStream),
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: false,
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
  // Machine paths answer JSON; any other unknown address is someone's browser, so it gets the console's HTML page.
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (/^\/(scim|api)(\/|$)/.test(path) || /json/.test(request.headers.accept ?? '')) throw ScimError.notFound(`Nothing at ${path}`);
    return reply
      .code(404)
      .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(errorView(404, 'Page not found', 'There is nothing at this address. Check the link, or go back to your organization.').toString());
  });
  services.recorder.reportErrorsTo((error) => app.log.error({ err: error }, 'provisioning activity could not be written'));
  // Buffered activity is written before the app (and then the store) closes.
  app.addHook('onClose', async () => services.recorder.close());
  healthRoutes(app, services);
  metricsRoutes(app, new HttpMetrics());
  await app.register(scimPlugin, { prefix: '/scim/v2', services });
  // The console lives in its own encapsulated scope: form bodies, sessions, CSRF and HTML errors stay there.
  await app.register(consolePlugin, { services });
  return app;
}
