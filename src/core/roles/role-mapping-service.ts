// Group-to-role mapping (issue 13): an organization maps its identity provider's groups to role names with a
// priority, plus a default role. Shared by the product API and the CLI; storage recalculates each user's role in
// the same transaction as the change and announces every change as user.updated with changed ["role"].
import type { RoleMapping, RoleRule, StoredRoleMapping } from '../../storage/mapping-store.js';
import type { Store } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import { InputError } from '../orgs/org-service.js';
import type { ConsoleRoleSync } from './console-role-sync.js';

export const MAX_ROLE_RULES = 100;
const ROLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
/** Rollcall's own console: an identity provider may make people admins or members, never owners. */
export const CONSOLE_ROLES: readonly string[] = ['admin', 'member'];

export interface RoleMappingView extends StoredRoleMapping {
  /** The mapped groups' current displayName, for people reading the mapping. */
  readonly groupNames: ReadonlyMap<string, string>;
}

export interface RoleMappingChange {
  readonly mapping: RoleMappingView;
  /** Users whose resolved role changed (each got a user.updated event). */
  readonly changedUsers: readonly string[];
}

function checkRole(role: unknown, where: string, forConsole: boolean): string {
  if (typeof role !== 'string' || !ROLE_NAME.test(role)) {
    throw new InputError(`${where} must be a role name of 1 to 64 letters, digits, "_", ".", ":" or "-" starting with a letter or digit`);
  }
  if (forConsole && !CONSOLE_ROLES.includes(role)) {
    throw new InputError(`${where} is "${role}", but a mapping for Rollcall's console can only give ${CONSOLE_ROLES.join(' or ')} (never owner)`);
  }
  return role;
}

/** Validates a mapping as the API and CLI send it (already shaped as RoleMapping). */
export function checkRoleMapping(mapping: RoleMapping): RoleMapping {
  const { forConsole } = mapping;
  if (mapping.rules.length > MAX_ROLE_RULES) throw new InputError(`a mapping has at most ${MAX_ROLE_RULES} rules`);
  const groups = new Set<string>();
  const priorities = new Set<number>();
  const rules: RoleRule[] = mapping.rules.map((rule, i) => {
    const where = `rules[${i}]`;
    if (typeof rule.groupId !== 'string' || rule.groupId === '') throw new InputError(`${where}.group_id must be a SCIM group id`);
    if (groups.has(rule.groupId)) throw new InputError(`${where}.group_id "${rule.groupId}" is mapped twice`);
    if (!Number.isInteger(rule.priority) || rule.priority < 1 || rule.priority > 1_000_000) throw new InputError(`${where}.priority must be an integer from 1 to 1000000`);
    // Unique priorities make the winner of someone in several groups a fact of the mapping, not of storage order.
    if (priorities.has(rule.priority)) throw new InputError(`${where}.priority ${rule.priority} is used by another rule; priorities must differ (1 wins over 2)`);
    groups.add(rule.groupId);
    priorities.add(rule.priority);
    return { groupId: rule.groupId, role: checkRole(rule.role, `${where}.role`, forConsole), priority: rule.priority };
  });
  const defaultRole = mapping.defaultRole === null ? null : checkRole(mapping.defaultRole, 'default_role', forConsole);
  return { defaultRole, forConsole, rules };
}

export class RoleMappingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly consoleRoles: ConsoleRoleSync,
  ) {}

  async get(orgId: string): Promise<RoleMappingView> {
    return this.withNames(orgId, await this.store.roleMappings.get(orgId));
  }

  /** Replaces the mapping; a group id unknown in the organization is refused (400 ScimError) and nothing changes. */
  async put(orgId: string, input: RoleMapping, actor: string): Promise<RoleMappingChange> {
    const mapping = checkRoleMapping(input);
    const at = this.clock().toISOString();
    const changedUsers = await this.store.roleMappings.put(orgId, mapping, at);
    await this.store.audit.record({
      orgId,
      at,
      action: 'roles.mapping-changed',
      actor,
      ip: null,
      detail: { rules: mapping.rules.length, default_role: mapping.defaultRole, for_console: mapping.forConsole, users_changed: changedUsers.length },
    });
    await this.consoleRoles.apply(orgId, actor);
    return { mapping: await this.get(orgId), changedUsers };
  }

  private async withNames(orgId: string, mapping: StoredRoleMapping): Promise<RoleMappingView> {
    const groupNames = new Map<string, string>();
    for (const rule of mapping.rules) {
      const group = await this.store.groups.get(orgId, rule.groupId, false);
      const name = group?.doc['displayName'];
      if (typeof name === 'string') groupNames.set(rule.groupId, name);
    }
    return { ...mapping, groupNames };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Decodes the mapping JSON the API takes ({default_role, for_console?, rules: [{group_id, role, priority}]}), for the CLI. */
export function roleMappingFromJson(value: unknown): RoleMapping {
  if (!isRecord(value)) throw new InputError('the role mapping must be a JSON object {"default_role": ..., "rules": [...]}');
  const unknown = Object.keys(value).find((k) => !['default_role', 'for_console', 'rules'].includes(k));
  if (unknown !== undefined) throw new InputError(`"${unknown}" is not a field of a role mapping (default_role, for_console, rules)`);
  const rules = value['rules'] ?? [];
  if (!Array.isArray(rules)) throw new InputError('rules must be an array');
  const forConsole = value['for_console'] ?? false;
  if (typeof forConsole !== 'boolean') throw new InputError('for_console must be true or false');
  const defaultRole = value['default_role'] ?? null;
  if (defaultRole !== null && typeof defaultRole !== 'string') throw new InputError('default_role must be a role name or null');
  return {
    defaultRole,
    forConsole,
    rules: rules.map((rule, i) => {
      if (!isRecord(rule)) throw new InputError(`rules[${i}] must be an object {"group_id", "role", "priority"}`);
      return { groupId: rule['group_id'] as string, role: rule['role'] as string, priority: rule['priority'] as number };
    }),
  };
}
