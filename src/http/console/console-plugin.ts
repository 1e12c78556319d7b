// The admin console: server-rendered HTML in the same app, in its own encapsulated scope with its own
// body parser (forms only), session loading, CSRF guard, security headers and HTML error pages.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.js';
import { activityRoutes } from './activity-routes.js';
import { assetRoutes } from './asset-routes.js';
import { authRoutes } from './auth-routes.js';
import { ConsoleCookies } from './console-cookies.js';
import { ConsoleError, consoleErrorHandler } from './console-errors.js';
import { loadSession } from './console-request.js';
import { checkFormToken, checkOrigin } from './csrf.js';
import { directoryRoutes } from './directory-routes.js';
import { registerFormParser } from './form-body.js';
import { orgRoutes } from './org-routes.js';
import { scimSettingsRoutes } from './scim-settings-routes.js';
import { securityHeaders } from './security-headers.js';
import { setupLinkRoutes } from './setup-link-routes.js';
import { setupRoutes } from './setup-routes.js';
import { teamLinkRoutes } from './team-link-routes.js';
import { teamRoutes } from './team-routes.js';
import { webhookRoutes } from './webhook-routes.js';
import { rolesRoutes } from './roles-routes.js';

export async function consolePlugin(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  const cookies = new ConsoleCookies(services.publicUrl);
  registerFormParser(app);
  app.setErrorHandler(consoleErrorHandler);
  app.addHook('onSend', securityHeaders);
  app.addHook('onRequest', loadSession(services, cookies));
  // Every state-changing request passes the Origin check and its route's form-token check; a POST route
  // that declares no CSRF mode is refused rather than left open.
  app.addHook('preHandler', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    checkOrigin(request, services.publicUrl);
    switch (request.routeOptions.config.csrf) {
      case 'session':
        return checkFormToken(request, request.signedIn?.csrfToken);
      case 'sign-in':
        return checkFormToken(request, cookies.read(request, cookies.signInCsrf));
      case 'setup-token':
        return; // the one-time setup token in the form is the unguessable value
      default:
        throw ConsoleError.csrf();
    }
  });
  assetRoutes(app);
  authRoutes(app, services, cookies);
  setupRoutes(app, services, cookies);
  setupLinkRoutes(app, services, cookies);
  orgRoutes(app, services);
  scimSettingsRoutes(app, services);
  activityRoutes(app, services);
  directoryRoutes(app, services);
  teamRoutes(app, services);
  teamLinkRoutes(app, services, cookies);
  webhookRoutes(app, services);
  rolesRoutes(app, services);
}
