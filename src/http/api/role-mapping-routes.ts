// /api/v1/organizations/{id}/role-mapping: which identity-provider groups give which role (issue 13).
import type { Services } from '../../core/services.js';
import { apiActor } from './api-key-auth.js';
import type { ApiApp } from './api-app.js';
import { IdParams, problemResponses } from './schemas/common.js';
import { RoleMapping, RoleMappingBody, RoleMappingChange, roleMappingJson } from './schemas/role-mapping.js';

const tags = ['Roles'];

export function roleMappingRoutes(app: ApiApp, services: Services): void {
  app.get(
    '/organizations/:id/role-mapping',
    { schema: { tags, summary: "Read the organization's group-to-role mapping", params: IdParams, response: { 200: RoleMapping, ...problemResponses } } },
    async (request) => {
      await services.productOrgs.get(request.params.id);
      return roleMappingJson(await services.roles.get(request.params.id));
    },
  );

  app.put(
    '/organizations/:id/role-mapping',
    {
      schema: {
        tags,
        summary: 'Replace the group-to-role mapping',
        description:
          'Each user gets the role of the mapped group with the lowest priority number among the groups they are a direct member of, ' +
          'else default_role. Roles are recalculated in the same transaction as this change, as members join or leave a mapped group, ' +
          'and when a mapped group is deleted (its rule is then dropped); each user whose role changes gets a new version and a ' +
          'user.updated event with changed ["role"]. Groups are named by SCIM id, which survives renames.',
        params: IdParams,
        body: RoleMappingBody,
        response: { 200: RoleMappingChange, ...problemResponses },
      },
    },
    async (request) => {
      const orgId = request.params.id;
      await services.productOrgs.get(orgId);
      const body = request.body;
      const { mapping, changedUsers } = await services.roles.put(
        orgId,
        {
          defaultRole: body.default_role,
          forConsole: body.for_console ?? false,
          rules: body.rules.map((r) => ({ groupId: r.group_id, role: r.role, priority: r.priority })),
        },
        apiActor(request),
      );
      return { ...roleMappingJson(mapping), users_changed: changedUsers.length };
    },
  );
}
