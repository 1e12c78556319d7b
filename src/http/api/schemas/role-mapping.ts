// Role-mapping schemas of /api/v1: which identity-provider groups give which role, by priority, and the default.
import { Type } from 'typebox';
import type { RoleMappingView } from '../../../core/roles/role-mapping-service.js';

const RoleName = Type.String({ minLength: 1, maxLength: 64, description: 'A role name the product defines (for_console: admin or member)' });

export const RoleMappingBody = Type.Object(
  {
    default_role: Type.Union([RoleName, Type.Null()], { description: 'The role of someone in no mapped group; null: no role' }),
    for_console: Type.Optional(Type.Boolean({ default: false, description: "The roles are Rollcall console roles (admin, member; never owner)" })),
    rules: Type.Array(
      Type.Object(
        {
          group_id: Type.String({ minLength: 1, maxLength: 100, description: 'The SCIM id of a group of this organization' }),
          role: RoleName,
          priority: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Unique; someone in several mapped groups gets the role of the lowest number' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);

export const RoleMapping = Type.Object({
  default_role: Type.Union([Type.String(), Type.Null()]),
  for_console: Type.Boolean(),
  rules: Type.Array(
    Type.Object({
      group_id: Type.String(),
      display_name: Type.Union([Type.String(), Type.Null()], { description: "The group's current displayName" }),
      role: Type.String(),
      priority: Type.Integer(),
    }),
  ),
  updated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null: never set' }),
});

export const RoleMappingChange = Type.Intersect([
  RoleMapping,
  Type.Object({ users_changed: Type.Integer({ description: 'How many users got a new role (each with a user.updated event, changed ["role"])' }) }),
]);

export const roleMappingJson = (mapping: RoleMappingView) => ({
  default_role: mapping.defaultRole,
  for_console: mapping.forConsole,
  rules: mapping.rules.map((r) => ({ group_id: r.groupId, display_name: mapping.groupNames.get(r.groupId) ?? null, role: r.role, priority: r.priority })),
  updated_at: mapping.updatedAt,
});
