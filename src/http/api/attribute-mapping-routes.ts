// /api/v1/organizations/{id}/attribute-mapping: which SCIM attributes feed the normalised user the directory API
// shows as `attributes` (issue 13).
import { Type } from 'typebox';
import type { AttributeMappingView } from '../../core/directory/attribute-mapping-service.js';
import type { Services } from '../../core/services.js';
import { apiActor } from './api-key-auth.js';
import type { ApiApp } from './api-app.js';
import { IdParams, problemResponses } from './schemas/common.js';

const Paths = Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 400 }), {
  description:
    'Key of the normalised user (department, title, manager, employee_id or your own, lower_snake_case) -> SCIM attribute path: ' +
    'core ("title", "name.givenName", "emails.value" takes the primary email), enterprise ' +
    '("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department") or a declared extension ("urn:…:User:costCode")',
});

const AttributeMappingBody = Type.Object({ attributes: Paths }, { additionalProperties: false });

const AttributeMapping = Type.Object({
  attributes: Paths,
  updated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null: the built-in default mapping is in use' }),
});

const json = (view: AttributeMappingView) => ({ attributes: view.mapping, updated_at: view.updatedAt });

export function attributeMappingRoutes(app: ApiApp, services: Services): void {
  app.get(
    '/organizations/:id/attribute-mapping',
    {
      schema: {
        tags: ['Directory'],
        summary: "Read the organization's attribute mapping",
        description: 'Until one is set, department, title, manager and employee_id come from where Okta and Entra send them (title and the enterprise extension).',
        params: IdParams,
        response: { 200: AttributeMapping, ...problemResponses },
      },
    },
    async (request) => {
      await services.productOrgs.get(request.params.id);
      return json(await services.attributeMappings.get(request.params.id));
    },
  );

  app.put(
    '/organizations/:id/attribute-mapping',
    {
      schema: {
        tags: ['Directory'],
        summary: 'Replace the attribute mapping',
        description: "Every path must name an attribute of the organization's User schemas (core, enterprise or a declared extension). Applies to every read from then on.",
        params: IdParams,
        body: AttributeMappingBody,
        response: { 200: AttributeMapping, ...problemResponses },
      },
    },
    async (request) => {
      await services.productOrgs.get(request.params.id);
      return json(await services.attributeMappings.put(request.params.id, request.body.attributes, apiActor(request)));
    },
  );
}
