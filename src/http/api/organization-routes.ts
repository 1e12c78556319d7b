// /api/v1/organizations: create (with your external_id), look up by external_id or page through, read, rename, delete.
import type { Services } from '../../core/services.js';
import { decodeCursor, encodeCursor, pageOf } from '../../core/directory/page-cursor.js';
import { apiActor } from './api-key-auth.js';
import type { ApiApp } from './api-app.js';
import { DEFAULT_PAGE_SIZE, IdParams, Page, problemResponses, Problem } from './schemas/common.js';
import { CreateOrganization, DeleteQuery, Organization, organizationJson, OrganizationQuery, UpdateOrganization } from './schemas/organization.js';

const tags = ['Organizations'];

export function organizationRoutes(app: ApiApp, services: Services): void {
  app.post(
    '/organizations',
    {
      schema: {
        tags,
        summary: 'Create an organization',
        description: 'Created without an owner account: send a setup link to let the customer\'s IT admin in.',
        body: CreateOrganization,
        response: { 201: Organization, 400: Problem, 401: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const { name, slug, external_id } = request.body;
      const org = await services.productOrgs.create({ name, slug, externalId: external_id }, apiActor(request));
      return reply.code(201).header('Location', `/api/v1/organizations/${org.id}`).send(organizationJson(org));
    },
  );

  app.get(
    '/organizations',
    {
      schema: {
        tags,
        summary: 'List organizations, or find one by external_id',
        querystring: OrganizationQuery,
        response: { 200: Page(Organization), ...problemResponses },
      },
    },
    async (request) => {
      const { external_id, after } = request.query;
      const limit = request.query.limit ?? DEFAULT_PAGE_SIZE;
      if (external_id !== undefined) {
        const org = await services.productOrgs.byExternalId(external_id);
        return { data: org ? [organizationJson(org)] : [], next: null };
      }
      const afterId = after === undefined ? undefined : String(decodeCursor('org', after, ['string'])[0]);
      const rows = await services.productOrgs.list(afterId, limit + 1);
      const page = pageOf(rows, limit, (last) => encodeCursor('org', [last.id]));
      return { data: page.data.map(organizationJson), next: page.next };
    },
  );

  app.get(
    '/organizations/:id',
    { schema: { tags, summary: 'Read an organization', params: IdParams, response: { 200: Organization, ...problemResponses } } },
    async (request) => organizationJson(await services.productOrgs.get(request.params.id)),
  );

  app.patch(
    '/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Rename an organization or change its external_id',
        params: IdParams,
        body: UpdateOrganization,
        response: { 200: Organization, ...problemResponses, 409: Problem },
      },
    },
    async (request) => {
      const { name, external_id } = request.body;
      return organizationJson(await services.productOrgs.update(request.params.id, { name, externalId: external_id }, apiActor(request)));
    },
  );

  app.delete(
    '/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Delete an organization with its SCIM users, groups and tokens',
        description:
          'Irreversible. The confirm query parameter must repeat the organization\'s slug or id; otherwise the answer is 400 ' +
          'confirmation-required and nothing is deleted. Its SCIM tokens stop working within a second.',
        params: IdParams,
        querystring: DeleteQuery,
        response: { 204: { type: 'null', description: 'Deleted' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.productOrgs.delete(request.params.id, request.query.confirm);
      return reply.code(204).send(null);
    },
  );
}

