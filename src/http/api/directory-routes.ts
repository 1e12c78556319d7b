// /api/v1/organizations/{id}/users and /groups: what the organization's identity provider provisioned, cursor-paged.
import type { Services } from '../../core/services.js';
import type { ApiApp } from './api-app.js';
import { DEFAULT_PAGE_SIZE, IdParams, Page, problemResponses } from './schemas/common.js';
import { Group, GroupParams, Member, PageOnlyQuery, User, UserParams, UserQuery } from './schemas/directory.js';

const tags = ['Directory'];

export function directoryRoutes(app: ApiApp, services: Services): void {
  app.get(
    '/organizations/:id/users',
    {
      schema: {
        tags,
        summary: "List the organization's provisioned users",
        description:
          'In creation order; with updated_since, in order of last change (resume a sync from the newest updated_at you saw); ' +
          'with group_id, in user id order. Deactivated users are included with active=false unless active=true is asked for; ' +
          'deleted users are not listed.',
        params: IdParams,
        querystring: UserQuery,
        response: { 200: Page(User), ...problemResponses },
      },
    },
    async (request) => {
      const { active, group_id, updated_since, after, limit } = request.query;
      return services.directory.users(
        request.params.id,
        { active, groupId: group_id, updatedSince: updated_since === undefined ? undefined : new Date(updated_since).toISOString() },
        { after, limit: limit ?? DEFAULT_PAGE_SIZE },
      );
    },
  );

  app.get(
    '/organizations/:id/users/:user_id',
    {
      schema: {
        tags,
        summary: 'Read one user',
        description: 'A deactivated user answers with active=false; a deleted (or never provisioned) user answers 404.',
        params: UserParams,
        response: { 200: User, ...problemResponses },
      },
    },
    async (request) => services.directory.user(request.params.id, request.params.user_id),
  );

  app.get(
    '/organizations/:id/groups',
    {
      schema: { tags, summary: "List the organization's provisioned groups", params: IdParams, querystring: PageOnlyQuery, response: { 200: Page(Group), ...problemResponses } },
    },
    async (request) => services.directory.groups(request.params.id, { after: request.query.after, limit: request.query.limit ?? DEFAULT_PAGE_SIZE }),
  );

  app.get(
    '/organizations/:id/groups/:group_id',
    { schema: { tags, summary: 'Read one group', params: GroupParams, response: { 200: Group, ...problemResponses } } },
    async (request) => services.directory.group(request.params.id, request.params.group_id),
  );

  app.get(
    '/organizations/:id/groups/:group_id/members',
    {
      schema: {
        tags,
        summary: "List a group's direct members (users and groups)",
        description: 'In member id order; pages of a 100,000-member group cost the same from first to last.',
        params: GroupParams,
        querystring: PageOnlyQuery,
        response: { 200: Page(Member), ...problemResponses },
      },
    },
    async (request) =>
      services.directory.members(request.params.id, request.params.group_id, { after: request.query.after, limit: request.query.limit ?? DEFAULT_PAGE_SIZE }),
  );
}
