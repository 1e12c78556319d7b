// Recognises PATCH operations on Group `members` that storage can apply as row inserts and deletes,
// so adding one member to a group of 100,000 never loads or rewrites the member list (design.md section 4).
import { ScimError } from '../errors.js';
import { parsePath } from '../filter/parse.js';
import { isJsonObject, type JsonValue } from '../messages/resource.js';
import type { PatchOperation } from './patch-operation.js';

/** Most member values one PATCH may add, remove or set; advertised in the Group schema and answered with 413. */
export const MAX_MEMBERS_PER_PATCH = 1000;

export interface MemberInput {
  readonly id: string;
  /** Absent when the client did not say; storage then looks the id up among Users, then Groups. */
  readonly type?: 'User' | 'Group';
}

/** The net membership change of a request. With `replaceAll` the list is rewritten to exactly it plus `add`. */
export interface MemberDelta {
  readonly replaceAll?: readonly MemberInput[];
  readonly add: readonly MemberInput[];
  readonly remove: readonly string[];
}

export interface SplitOperations {
  readonly members: MemberDelta;
  /** Operations on the rest of the group (displayName, externalId), applied to the document. */
  readonly other: readonly PatchOperation[];
}

const isMembersPath = (path: string) => path.trim().toLowerCase() === 'members';

function memberInput(item: JsonValue): MemberInput {
  if (!isJsonObject(item) || typeof item['value'] !== 'string' || item['value'] === '') {
    throw ScimError.invalidValue('Each member needs a "value" holding the id of a User or Group');
  }
  const type = item['type'];
  if (type !== undefined && type !== null && type !== 'User' && type !== 'Group') {
    throw ScimError.invalidValue(`Member type must be "User" or "Group", got ${JSON.stringify(type)}`);
  }
  return type === 'User' || type === 'Group' ? { id: item['value'], type } : { id: item['value'] };
}

/** `members[value eq "<id>"]` (RFC 7644 section 3.5.2.2 example) -> the id; any other filter -> undefined. */
function removedId(path: string): string | undefined {
  if (!/^\s*members\s*\[/i.test(path)) return undefined;
  const parsed = parsePath(path);
  const f = parsed.filter;
  if (parsed.subAttr !== undefined || !f || f.kind !== 'compare' || f.op !== 'eq' || typeof f.value !== 'string') return undefined;
  return f.path.attr.toLowerCase() === 'value' && f.path.sub === undefined && f.path.urn === undefined ? f.value : undefined;
}

const touchesMembers = (op: PatchOperation) =>
  op.path === undefined
    ? isJsonObject(op.value) && Object.keys(op.value).some((k) => k.toLowerCase() === 'members')
    : /^\s*members\b/i.test(op.path);

/**
 * Splits normalised operations into a member delta and the other operations, applying member operations in
 * order (add then remove of one id removes it). Returns undefined when some member operation needs the whole
 * list (e.g. `members[display eq "x"]`); the caller then patches the full document instead.
 */
export function splitMemberOperations(ops: readonly PatchOperation[]): SplitOperations | undefined {
  let replaceAll: Map<string, MemberInput> | undefined;
  const state = new Map<string, MemberInput | null>();
  const other: PatchOperation[] = [];
  let count = 0;
  const bump = (n: number) => {
    count += n;
    if (count > MAX_MEMBERS_PER_PATCH) {
      throw ScimError.tooLarge(`A PATCH may change at most ${MAX_MEMBERS_PER_PATCH} members; send the rest in further requests`);
    }
  };
  for (const op of ops) {
    if (!touchesMembers(op)) {
      other.push(op);
      continue;
    }
    if (op.path === undefined) return undefined;
    if (isMembersPath(op.path)) {
      if (op.op === 'remove') {
        replaceAll = new Map();
        state.clear();
        continue;
      }
      const items = Array.isArray(op.value) ? op.value : op.value === undefined || op.value === null ? [] : [op.value];
      bump(items.length);
      const inputs = items.map(memberInput);
      if (op.op === 'replace') {
        replaceAll = new Map(inputs.map((m) => [m.id, m]));
        state.clear();
      } else {
        for (const m of inputs) state.set(m.id, m);
      }
      continue;
    }
    const id = op.op === 'remove' ? removedId(op.path) : undefined;
    if (id === undefined) return undefined;
    bump(1);
    state.set(id, null);
  }
  const add = [...state.values()].filter((m): m is MemberInput => m !== null);
  const remove = [...state.entries()].filter(([, m]) => m === null).map(([id]) => id);
  if (!replaceAll) return { members: { add, remove }, other };
  for (const id of remove) replaceAll.delete(id);
  for (const m of add) replaceAll.set(m.id, m);
  return { members: { replaceAll: [...replaceAll.values()], add: [], remove: [] }, other };
}
