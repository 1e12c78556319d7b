// /api/v1/organizations/{id}/schemas: the organization's SCIM schema extensions (design.md section 11), declared
// with the same JSON as `rollcall schema put`. Each handler makes one SchemaService call; its ScimErrors become
// problem details with the service's own words.
import type { Services } from '../../core/services.js';
import { apiActor } from './api-key-auth.js';
import type { ApiApp } from './api-app.js';
import { IdParams, Page, Problem, problemResponses } from './schemas/common.js';
import { ExtensionDefinition, ResourceTypeQuery, SchemaExtension, schemaExtensionJson, SchemaParams } from './schemas/schema-extension.js';

const tags = ['Schema extensions'];

export function schemaRoutes(app: ApiApp, services: Services): void {
  app.put(
    '/organizations/:id/schemas/:urn',
    {
      schema: {
        tags,
        summary: 'Declare or redefine a schema extension',
        description:
          'The body is a SCIM Schema resource whose id equals {urn}. The extension then appears in the organization\'s ' +
          '/scim/v2/Schemas and /ResourceTypes within a second, and works in create, PUT, PATCH paths, filters, sortBy and ' +
          'projection. A redefinition applies to the next write of each resource; stored data is not rewritten. ' +
          'An organization declares at most 20 extensions.',
        params: SchemaParams,
        querystring: ResourceTypeQuery,
        body: ExtensionDefinition,
        response: { 200: SchemaExtension, 201: SchemaExtension, ...problemResponses, 409: Problem },
      },
    },
    async (request, reply) => {
      const { id, urn } = request.params;
      await services.productOrgs.get(id);
      const actor = { name: apiActor(request), ip: request.ip };
      const { created, extension } = await services.schemas.put(id, request.query.resource_type, request.body, actor, urn);
      return reply.code(created ? 201 : 200).send(schemaExtensionJson(extension));
    },
  );

  app.get(
    '/organizations/:id/schemas',
    { schema: { tags, summary: "List the organization's schema extensions", params: IdParams, response: { 200: Page(SchemaExtension), ...problemResponses } } },
    async (request) => {
      await services.productOrgs.get(request.params.id);
      // At most 20 per organization (MAX_EXTENSIONS_PER_ORG): always one page.
      return { data: (await services.schemas.list(request.params.id)).map(schemaExtensionJson), next: null };
    },
  );

  app.get(
    '/organizations/:id/schemas/:urn',
    { schema: { tags, summary: 'Read one schema extension', params: SchemaParams, response: { 200: SchemaExtension, ...problemResponses } } },
    async (request) => {
      await services.productOrgs.get(request.params.id);
      return schemaExtensionJson(await services.schemas.get(request.params.id, request.params.urn));
    },
  );

  app.delete(
    '/organizations/:id/schemas/:urn',
    {
      schema: {
        tags,
        summary: 'Remove a schema extension',
        description: 'Data already stored under it stays in each resource until the resource is next written.',
        params: SchemaParams,
        response: { 204: { type: 'null', description: 'Removed' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.productOrgs.get(request.params.id);
      await services.schemas.delete(request.params.id, request.params.urn, { name: apiActor(request), ip: request.ip });
      return reply.code(204).send(null);
    },
  );
}
