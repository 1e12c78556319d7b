// Storage of each organization's group-to-role mapping (with every user's resolved role) and attribute mapping:
// what the product reads about a person beyond the SCIM document (design.md section 8, issue 13).

/** Members of this group get `role` unless a rule with a lower priority number also matches them. */
export interface RoleRule {
  /** The SCIM id of the group (stable when the identity provider renames it). */
  readonly groupId: string;
  readonly role: string;
  /** Unique within a mapping; 1 is checked first. */
  readonly priority: number;
}

export interface RoleMapping {
  /** The role of a user in no mapped group; null: no role. */
  readonly defaultRole: string | null;
  /** The roles also set the console membership (admin or member) of the person's Rollcall account. */
  readonly forConsole: boolean;
  readonly rules: readonly RoleRule[];
}

export interface StoredRoleMapping extends RoleMapping {
  /** Null when the organization never set a mapping. */
  readonly updatedAt: string | null;
}

export interface RoleMappingStore {
  /** The mapping, or an empty one (no rules, no default) when never set. */
  get(orgId: string): Promise<StoredRoleMapping>;
  /**
   * Replaces the mapping and, in the same transaction, recalculates the role of every user it can change: each
   * whose role changed gets a new version and a `user.updated` event with `changed: ["role"]`. A rule naming a group
   * that does not exist in the organization throws a 400 ScimError. Returns the ids of the users whose role changed.
   */
  put(orgId: string, mapping: RoleMapping, at: string): Promise<string[]>;
  /** The resolved role of each of these users; users without one are left out. */
  rolesOf(orgId: string, userIds: readonly string[]): Promise<Map<string, string>>;
}

/** Normalised key (department, title, manager, employee_id or a custom key) -> SCIM attribute path. */
export type AttributeMapping = Readonly<Record<string, string>>;

export interface AttributeMappingStore {
  /** Undefined when the organization never set one (the built-in defaults apply). */
  get(orgId: string): Promise<{ readonly mapping: AttributeMapping; readonly updatedAt: string } | undefined>;
  put(orgId: string, mapping: AttributeMapping, at: string): Promise<void>;
}
