// The Fastify app factory: wiring only. `buildApp` never listens, so tests drive it with inject().
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Services } from '../core/services.js';
import { ScimError } from '../scim/errors.js';
import { handleError, handleFrameworkError } from './errors.js';
import { parseJsonBody } from './json-body.js';
import { scimClientErrorHandler } from './client-errors.js';
import { drainUnreadBody } from './unread-body.js';
import { consolePlugin } from './console/console-plugin.js';
import { CONTENT_SECURITY_POLICY } from './console/security-headers.js';
import { errorView } from './console/views/error-view.js';
import { healthRoutes } from './health-routes.js';
import { loggerOptions, requestLogging } from './logging.js';
import { metricsRoutes, RollcallMetrics } from './metrics.js';
import { scimPlugin } from './scim/scim-plugin.js';
import { API_PREFIX, apiPlugin } from './api/api-plugin.js';

export interface AppOptions {
  readonly logLevel?: string;
  /** Where logs go (tests capture them to prove no secret is written). */
  readonly logStream?: NodeJS.WritableStream;
  readonly bodyLimitBytes?: number;
  /** How long a request (headers and body) may take to arrive before it is answered 408. */
  readonly requestTimeoutMs?: number;
  /** Called for every route as it is registered (tests walk every route of /api/v1 and /scim/v2). */
  readonly onRoute?: (route: { readonly method: string | readonly string[]; readonly url: string }) => void;
  /** METRICS_TOKEN: /metrics then needs `Authorization: Bearer <token>`. */
  readonly metricsToken?: string | undefined;
  /** METRICS_ORG_LABELS: label refused-token metrics by organization. */
  readonly metricsOrgLabels?: boolean;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

const JSON_TYPES = ['application/json', 'application/scim+json'];

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? 'info', options.logStream),
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: false,
    // A request whose body never finishes arriving (Content-Length larger than what is sent) is answered 408 after
    // this long; Node checks every second instead of its default 30 s.
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    http: { connectionsCheckingInterval: 1_000, headersTimeout: Math.min(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 20_000) },
    clientErrorHandler: scimClientErrorHandler,
    // One line per request, written by requestLogging once the answer is sent.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
    // URLs the router cannot take (bad percent-encoding, a parameter over 100 characters) get the same errors as the rest.
    frameworkErrors: handleFrameworkError,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, parseJsonBody(request, body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply));
  app.addHook('onSend', drainUnreadBody);
  requestLogging(app, services);
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
  metricsRoutes(app, new RollcallMetrics(services.store, { token: options.metricsToken, orgLabels: options.metricsOrgLabels === true }));
  await app.register(scimPlugin, { prefix: '/scim/v2', services });
  await app.register(apiPlugin, { prefix: API_PREFIX, services });
  // The console lives in its own encapsulated scope: form bodies, sessions, CSRF and HTML errors stay there.
  await app.register(consolePlugin, { services });
  return app;
}
