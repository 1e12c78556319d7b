// The resource types Rollcall serves (RFC 7643 section 6) and the schemas they are built from.
import type { SchemaDef } from './attribute.js';
import { enterpriseUserSchema } from './enterprise-user.js';
import { groupSchema } from './group.js';
import { userSchema } from './user.js';

export type ResourceTypeName = 'User' | 'Group';

export interface ResourceTypeDef {
  readonly name: ResourceTypeName;
  readonly endpoint: '/Users' | '/Groups';
  readonly description: string;
  readonly schema: SchemaDef;
  readonly extensions: readonly { readonly schema: SchemaDef; readonly required: boolean }[];
}

export const userResourceType: ResourceTypeDef = {
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: userSchema,
  extensions: [{ schema: enterpriseUserSchema, required: false }],
};

export const groupResourceType: ResourceTypeDef = {
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: groupSchema,
  extensions: [],
};

export const RESOURCE_TYPES: readonly ResourceTypeDef[] = [userResourceType, groupResourceType];

export const ALL_SCHEMAS: readonly SchemaDef[] = [userSchema, enterpriseUserSchema, groupSchema];
