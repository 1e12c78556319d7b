// Directory schemas of /api/v1: users, groups and members as the product team reads them.
import { Type } from 'typebox';
import { PageQuery } from './common.js';

const Json = Type.Record(Type.String(), Type.Unknown());
const Timestamp = Type.String({ format: 'date-time' });

export const User = Type.Object({
  id: Type.String({ description: 'The SCIM id' }),
  external_id: Type.Union([Type.String(), Type.Null()], { description: "The identity provider's id for the person" }),
  user_name: Type.String(),
  display_name: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Json, Type.Null()], { description: 'SCIM name with snake_case keys (given_name, family_name, formatted, …)' }),
  emails: Type.Array(Type.Object({ value: Type.String(), type: Type.Union([Type.String(), Type.Null()]), primary: Type.Boolean() })),
  active: Type.Boolean({ description: 'false: deactivated by the identity provider but still provisioned. A deleted user is gone (404).' }),
  group_ids: Type.Array(Type.String(), { description: 'Groups the user is a direct member of' }),
  custom_attributes: Type.Record(Type.String(), Type.Unknown(), { description: 'Schema extensions (enterprise, custom) keyed by URN' }),
  attributes: Type.Record(Type.String(), Type.Unknown(), {
    description: 'Normalised attributes (department, title, manager, employee_id, custom keys) read from the SCIM paths the attribute mapping names; null when absent',
  }),
  role: Type.Union([Type.String(), Type.Null()], { description: "The role the organization's group-to-role mapping resolves to; null without one" }),
  version: Type.Integer({ description: 'Grows with every change' }),
  created_at: Timestamp,
  updated_at: Timestamp,
  raw: Type.Record(Type.String(), Type.Unknown(), { description: 'The SCIM resource as GET /scim/v2/Users/{id} returns it' }),
});

export const Group = Type.Object({
  id: Type.String({ description: 'The SCIM id' }),
  external_id: Type.Union([Type.String(), Type.Null()]),
  display_name: Type.String(),
  version: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
  raw: Type.Record(Type.String(), Type.Unknown(), { description: 'The SCIM resource without members (page them with /members)' }),
});

export const Member = Type.Object({
  id: Type.String({ description: 'The member user\'s or group\'s SCIM id' }),
  type: Type.Union([Type.Literal('user'), Type.Literal('group')]),
  display: Type.Union([Type.String(), Type.Null()]),
});

export const UserQuery = Type.Object(
  {
    active: Type.Optional(Type.Boolean({ description: 'true: active users only; false: deactivated users only' })),
    group_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only direct members of this group (listed in user id order)' })),
    updated_since: Type.Optional(
      Type.String({ format: 'date-time', description: 'Only users created or changed at or after this instant, oldest change first' }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const PageOnlyQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

const OrgId = Type.String({ minLength: 1, maxLength: 100, description: 'Organization id' });
export const UserParams = Type.Object({ id: OrgId, user_id: Type.String({ minLength: 1, maxLength: 100 }) });
export const GroupParams = Type.Object({ id: OrgId, group_id: Type.String({ minLength: 1, maxLength: 100 }) });
