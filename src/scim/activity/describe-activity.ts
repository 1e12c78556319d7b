// One sentence per SCIM request for the provisioning activity log: "Okta deactivated jane@acme.com",
// "Entra added 3 members to Support", "Okta could not create bob@acme.com: userName already taken". Pure.
import { IDP_CLIENT_SHORT, type IdpClient } from './idp-client.js';

export type ActivityResource = 'User' | 'Group';

export interface ActivityFacts {
  readonly client: IdpClient;
  readonly method: string;
  readonly resourceType: ActivityResource | null;
  /** userName / displayName when known, else the id; null for collection requests. */
  readonly target: string | null;
  readonly status: number;
  /** The error detail the client saw. */
  readonly detail: string | null;
  readonly body: unknown;
}

/** What changed, kept beside the sentence and shown on demand. */
export interface ActivityChange {
  readonly attributes?: readonly string[];
  readonly membersAdded?: number;
  readonly membersRemoved?: number;
  readonly membersReplaced?: number;
  readonly active?: boolean;
  readonly operations?: number;
}

const objectOf = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const key = (object: Record<string, unknown>, name: string): unknown => {
  const found = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return found === undefined ? undefined : object[found];
};

const asBoolean = (value: unknown): boolean | undefined =>
  typeof value === 'boolean' ? value : typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : undefined;

const countOf = (value: unknown): number => (Array.isArray(value) ? value.length : value === undefined || value === null ? 0 : 1);

interface PatchSummary extends ActivityChange {
  readonly renamedTo?: string;
}

/** Reads a PatchOp body as written by any IdP (op names in any case, paths or path-less values). */
export function summarisePatch(body: unknown): PatchSummary {
  const ops = objectOf(body) ? key(objectOf(body)!, 'Operations') : undefined;
  if (!Array.isArray(ops)) return {};
  const attributes = new Set<string>();
  let membersAdded = 0;
  let membersRemoved = 0;
  let membersReplaced: number | undefined;
  let active: boolean | undefined;
  let renamedTo: string | undefined;
  for (const raw of ops) {
    const op = objectOf(raw);
    if (!op) continue;
    const verb = String(key(op, 'op') ?? '').toLowerCase();
    const path = key(op, 'path');
    const value = key(op, 'value');
    const entries: [string, unknown][] = typeof path === 'string' ? [[path, value]] : Object.entries(objectOf(value) ?? {});
    for (const [name, item] of entries) {
      const attribute = name.replace(/\[.*$/s, '');
      const lower = attribute.toLowerCase();
      if (lower === 'members') {
        if (verb === 'add') membersAdded += countOf(item);
        else if (verb === 'remove') membersRemoved += name.includes('[') ? 1 : Math.max(countOf(item), item === undefined ? 0 : 1);
        else if (verb === 'replace') membersReplaced = countOf(item);
        continue;
      }
      attributes.add(attribute);
      if (lower === 'active' && verb !== 'remove') active = asBoolean(item) ?? active;
      if (lower === 'displayname' && typeof item === 'string') renamedTo = item;
    }
  }
  return {
    operations: ops.length,
    ...(attributes.size > 0 ? { attributes: [...attributes] } : {}),
    ...(membersAdded > 0 ? { membersAdded } : {}),
    ...(membersRemoved > 0 ? { membersRemoved } : {}),
    ...(membersReplaced !== undefined ? { membersReplaced } : {}),
    ...(active !== undefined ? { active } : {}),
    ...(renamedTo !== undefined ? { renamedTo } : {}),
  };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What the request changed, for the "change" column (null for reads and failures). */
export function changeOf(facts: ActivityFacts): ActivityChange | null {
  if (facts.status >= 400 || facts.method === 'GET') return null;
  const body = objectOf(facts.body) ?? {};
  if (facts.method === 'PATCH') {
    const { renamedTo: _renamed, ...change } = summarisePatch(facts.body);
    return change;
  }
  if (facts.method === 'POST' || facts.method === 'PUT') {
    const attributes = Object.keys(body).filter((k) => !['schemas', 'id', 'meta', 'members'].includes(k));
    const active = asBoolean(key(body, 'active'));
    const members = key(body, 'members');
    return {
      attributes,
      ...(active !== undefined ? { active } : {}),
      ...(facts.resourceType === 'Group' ? { membersReplaced: countOf(members) } : {}),
    };
  }
  return {};
}

const VERB_FOR_FAILURE: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete', GET: 'read' };

function failureSentence(who: string, facts: ActivityFacts): string {
  if (facts.status === 401) return `${who} was refused: ${facts.detail ?? 'the token is invalid, revoked or expired'}`;
  if (facts.status === 429) return `${who} was slowed down: ${facts.detail ?? 'too many refused tokens'}`;
  const verb = VERB_FOR_FAILURE[facts.method] ?? facts.method.toLowerCase();
  const noun = facts.resourceType === 'Group' ? 'group ' : '';
  const what = facts.target ? `${noun}${facts.target}` : facts.resourceType ? `${facts.resourceType.toLowerCase()}s` : 'the request';
  const reason = facts.detail ? `: ${facts.detail}` : ` (status ${facts.status})`;
  return `${who} could not ${verb === 'read' && !facts.target ? 'list' : verb} ${what}${reason}`;
}

function groupPatchSentence(who: string, target: string, summary: PatchSummary): string {
  const parts: string[] = [];
  if (summary.renamedTo !== undefined) parts.push(`renamed group ${target} to ${summary.renamedTo}`);
  if (summary.membersAdded) parts.push(`added ${plural(summary.membersAdded, 'member')} to ${target}`);
  if (summary.membersRemoved) parts.push(`removed ${plural(summary.membersRemoved, 'member')} from ${target}`);
  if (summary.membersReplaced !== undefined) parts.push(`set the members of ${target} (${plural(summary.membersReplaced, 'member')})`);
  const others = (summary.attributes ?? []).filter((a) => a.toLowerCase() !== 'displayname');
  if (others.length > 0 || parts.length === 0) parts.push(`updated group ${target}${others.length ? ` (${others.join(', ')})` : ''}`);
  return `${who} ${parts.join(' and ')}`;
}

function userPatchSentence(who: string, target: string, summary: PatchSummary): string {
  const others = (summary.attributes ?? []).filter((a) => a.toLowerCase() !== 'active');
  const tail = others.length > 0 ? ` and updated ${others.join(', ')}` : '';
  if (summary.active === false) return `${who} deactivated ${target}${tail}`;
  if (summary.active === true) return `${who} reactivated ${target}${tail}`;
  return `${who} updated ${target}${others.length ? ` (${others.join(', ')})` : ''}`;
}

export function describeActivity(facts: ActivityFacts): string {
  const who = IDP_CLIENT_SHORT[facts.client];
  if (facts.status >= 400) return failureSentence(who, facts);
  const target = facts.target ?? 'a resource';
  const body = objectOf(facts.body) ?? {};
  const isGroup = facts.resourceType === 'Group';
  switch (facts.method) {
    case 'POST': {
      if (isGroup) return `${who} created group ${target} with ${plural(countOf(key(body, 'members')), 'member')}`;
      return asBoolean(key(body, 'active')) === false ? `${who} created ${target} (deactivated)` : `${who} created ${target}`;
    }
    case 'PUT': {
      if (isGroup) return `${who} replaced group ${target} (${plural(countOf(key(body, 'members')), 'member')})`;
      return asBoolean(key(body, 'active')) === false ? `${who} deactivated ${target}` : `${who} updated ${target}`;
    }
    case 'PATCH': {
      const summary = summarisePatch(facts.body);
      return isGroup ? groupPatchSentence(who, target, summary) : userPatchSentence(who, target, summary);
    }
    case 'DELETE':
      return isGroup ? `${who} deleted group ${target}` : `${who} deleted ${target}`;
    default:
      return `${who} read ${target}`;
  }
}
