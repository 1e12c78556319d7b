// The route modules of /api/v1, one file per resource: add a module here and it is served, authenticated by API
// key, answered with problem details on error, and described in /api/v1/openapi.json.
import type { ApiRouteModule } from './api-app.js';
import { attributeMappingRoutes } from './attribute-mapping-routes.js';
import { directoryRoutes } from './directory-routes.js';
import { eventRoutes } from './event-routes.js';
import { organizationRoutes } from './organization-routes.js';
import { roleMappingRoutes } from './role-mapping-routes.js';
import { schemaRoutes } from './schema-routes.js';
import { setupLinkRoutes } from './setup-link-routes.js';
import { webhookDeliveryRoutes } from './webhook-delivery-routes.js';
import { webhookEndpointRoutes } from './webhook-endpoint-routes.js';

export const API_ROUTE_MODULES: readonly ApiRouteModule[] = [
  organizationRoutes,
  setupLinkRoutes,
  directoryRoutes,
  eventRoutes,
  webhookEndpointRoutes,
  webhookDeliveryRoutes,
  schemaRoutes,
  roleMappingRoutes,
  attributeMappingRoutes,
];
