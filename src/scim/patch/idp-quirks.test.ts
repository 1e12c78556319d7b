// One row per IdP quirk: the documented request (fixture bodies, inlined) through readPatchRequest and applyPatch.
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../messages/resource.js';
import { groupResourceType, userResourceType, type ResourceTypeDef } from '../schema/resource-types.js';
import { ENTERPRISE_USER_SCHEMA, PATCH_OP } from '../schema/urns.js';
import { applyPatch } from './apply-patch.js';
import { quirksApplied } from './idp-quirks.js';
import { parsePatchMessage, readPatchRequest } from './patch-request.js';

const ID = 'res-1';
const body = (Operations: JsonValue[]) => ({ schemas: [PATCH_OP], Operations });
const patch = (doc: JsonObject, rt: ResourceTypeDef, Operations: JsonValue[]) =>
  applyPatch(doc, readPatchRequest(body(Operations), rt, { resourceId: ID }), rt);

const user: JsonObject = {
  userName: 'alice@example.com',
  active: true,
  name: { givenName: 'Alice', familyName: 'Example' },
  emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
};
const group: JsonObject = { displayName: 'Engineering', members: [{ value: 'u1' }, { value: 'u2' }, { value: 'u3' }] };

describe('IdP quirks (idp-quirks.ts)', () => {
  it('Okta: path-less replace {active:false} deactivates (Okta fixture 10)', () => {
    expect(patch(user, userResourceType, [{ op: 'replace', value: { active: false } }])['active']).toBe(false);
  });

  it('Okta: group rename carries the group id inside value (Okta fixture 15)', () => {
    expect(patch(group, groupResourceType, [{ op: 'replace', value: { id: ID, displayName: 'Eng' } }])['displayName']).toBe('Eng');
    expect(() => patch(group, groupResourceType, [{ op: 'replace', value: { id: 'someone-else', displayName: 'Eng' } }])).toThrow(
      expect.objectContaining({ scimType: 'mutability' }),
    );
  });

  it('Okta: filtered remove plus array add in one request (Okta fixture 16)', () => {
    const out = patch(group, groupResourceType, [
      { op: 'remove', path: 'members[value eq "u2"]' },
      { op: 'add', path: 'members', value: [{ value: 'u9', display: 'alice@example.com' }] },
    ]);
    expect((out['members'] as JsonObject[]).map((m) => m['value'])).toEqual(['u1', 'u3', 'u9']);
  });

  it('Okta: replace members with [] empties the group (Okta fixture 18)', () => {
    expect(patch(group, groupResourceType, [{ op: 'replace', path: 'members', value: [] }])['members']).toBeUndefined();
  });

  it.each(['Add', 'Replace', 'REPLACE'])('Entra: capitalised op %s (Entra fixtures 12, 17)', (op) => {
    expect(patch(user, userResourceType, [{ op, path: 'nickName', value: 'Babs' }])['nickName']).toBe('Babs');
  });

  it('Entra: capitalised Remove', () => {
    expect(patch(user, userResourceType, [{ op: 'Remove', path: 'name.givenName' }])['name']).toEqual({ familyName: 'Example' });
  });

  it.each([
    ['False', false],
    ['false', false],
    ['True', true],
  ])('Entra: boolean sent as the string "%s" (Entra fixture 15)', (text, expected) => {
    expect(patch(user, userResourceType, [{ op: 'Replace', path: 'active', value: text }])['active']).toBe(expected);
    expect(patch(user, userResourceType, [{ op: 'replace', value: { active: text } }])['active']).toBe(expected);
  });

  it('Entra: string booleans inside complex values (roles primary)', () => {
    const out = patch(user, userResourceType, [{ op: 'add', path: 'roles', value: [{ value: 'Admin', primary: 'True' }] }]);
    expect(out['roles']).toEqual([{ value: 'Admin', primary: true }]);
  });

  it('Entra: a non-boolean string for a boolean is still refused later by validation, not coerced', () => {
    expect(patch(user, userResourceType, [{ op: 'replace', path: 'active', value: 'yes' }])['active']).toBe('yes');
  });

  it('Entra: path-less replace with dotted and URN-qualified keys (Entra fixture 19)', () => {
    const out = patch(user, userResourceType, [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'alice.updated@example.com' },
      {
        op: 'replace',
        value: {
          displayName: 'Bjfe',
          'name.givenName': 'Kkom',
          'name.familyName': 'Unua',
          [`${ENTERPRISE_USER_SCHEMA}:employeeNumber`]: 'Aklq',
        },
      },
    ]);
    expect(out['name']).toEqual({ givenName: 'Kkom', familyName: 'Unua' });
    expect(out['displayName']).toBe('Bjfe');
    expect(out[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: 'Aklq' });
    expect(Object.keys(out).filter((k) => k !== ENTERPRISE_USER_SCHEMA && (k.includes('.') || k.includes(':')))).toEqual([]);
    expect((out['emails'] as JsonObject[])[0]!['value']).toBe('alice.updated@example.com');
  });

  it('Entra: remove members with a value list removes only those (Entra fixture 30, JumpCloud fixture 07)', () => {
    const out = patch(group, groupResourceType, [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u2' }] }]);
    expect((out['members'] as JsonObject[]).map((m) => m['value'])).toEqual(['u1', 'u3']);
  });

  it('Entra: a filtered replace that matches nothing adds the value (Entra fixtures 12, 18)', () => {
    const noWork: JsonObject = { ...user, emails: [{ value: 'home@example.com', type: 'home' }] };
    const out = patch(noWork, userResourceType, [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'w@example.com' }]);
    expect(out['emails']).toEqual([{ value: 'home@example.com', type: 'home' }, { type: 'work', value: 'w@example.com' }]);
  });

  it('Entra: a filtered add that matches nothing adds the value', () => {
    const out = patch(group, groupResourceType, [{ op: 'add', path: 'members[value eq "u7"]', value: { type: 'User' } }]);
    expect((out['members'] as JsonObject[]).at(-1)).toEqual({ value: 'u7', type: 'User' });
  });

  it.each<[string, JsonValue]>([
    ['array with $ref (Entra fixture 20)', [{ $ref: 'http://example.com/scim/Users/m1', value: 'm1' }]],
    ['bare string', 'm1'],
    ['object', { value: 'm1' }],
  ])('Entra: manager as %s, on the bare path "manager"', (_name, value) => {
    const out = patch(user, userResourceType, [{ op: 'Add', path: 'manager', value }]);
    expect((out[ENTERPRISE_USER_SCHEMA] as JsonObject)['manager']).toMatchObject({ value: 'm1' });
  });

  it('Entra: manager as a bare string inside a path-less extension value', () => {
    const out = patch(user, userResourceType, [{ op: 'replace', value: { [ENTERPRISE_USER_SCHEMA]: { manager: 'm2' } } }]);
    expect(out[ENTERPRISE_USER_SCHEMA]).toEqual({ manager: { value: 'm2' } });
  });

  it('Entra: empty Operations is a clear 400 invalidValue', () => {
    expect(() => readPatchRequest(body([]), userResourceType, { resourceId: ID })).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidValue', detail: expect.stringContaining('empty') }),
    );
  });

  it('Entra: Operations before schemas (Entra fixture 14)', () => {
    const ops = readPatchRequest({ Operations: [{ op: 'Replace', path: 'active', value: false }], schemas: [PATCH_OP] }, userResourceType, {
      resourceId: ID,
    });
    expect(ops).toEqual([{ op: 'replace', path: 'active', value: false }]);
  });

  it('JumpCloud: value-array member add (JumpCloud fixture 06)', () => {
    const out = patch(group, groupResourceType, [{ op: 'add', path: 'members', value: [{ value: 'u4' }] }]);
    expect(out['members']).toHaveLength(4);
  });
});

describe('PatchOp envelope', () => {
  it.each<[string, unknown, string]>([
    ['not an object', [], 'invalidSyntax'],
    ['missing schemas', { Operations: [{ op: 'add', path: 'title', value: 'x' }] }, 'invalidSyntax'],
    ['unknown op', body([{ op: 'move', path: 'title', value: 'x' }]), 'invalidSyntax'],
    ['remove without path', body([{ op: 'remove' }]), 'noTarget'],
    ['add without value', body([{ op: 'add', path: 'title' }]), 'invalidValue'],
    ['path not a string', body([{ op: 'add', path: 3, value: 'x' }]), 'invalidPath'],
  ])('%s', (_name, input, scimType) => {
    expect(() => readPatchRequest(input, userResourceType, { resourceId: ID })).toThrow(expect.objectContaining({ scimType }));
  });

  it('more than the advertised number of operations is 413 tooLarge', () => {
    const ops = Array.from({ length: 1001 }, () => ({ op: 'add', path: 'title', value: 'x' }));
    expect(() => readPatchRequest(body(ops), userResourceType, { resourceId: ID })).toThrow(expect.objectContaining({ status: 413 }));
  });

  // What the provisioning activity log names for a request: each rule whose step changed it, none for RFC form.
  it.each<[string, ResourceTypeDef, JsonValue[], string[]]>([
    ['RFC member add', groupResourceType, [{ op: 'add', path: 'members', value: [{ value: 'u9' }] }], []],
    ['RFC path-less replace', userResourceType, [{ op: 'replace', value: { active: false } }], []],
    ['RFC filtered remove', groupResourceType, [{ op: 'remove', path: 'members[value eq "u2"]' }], []],
    ['Entra capitalised op', userResourceType, [{ op: 'Replace', path: 'active', value: false }], ['Entra ID capitalised op names']],
    ['Entra string boolean', userResourceType, [{ op: 'replace', path: 'active', value: 'False' }], ['Entra ID string booleans or manager list']],
    [
      'Entra capitalised op and string boolean',
      userResourceType,
      [{ op: 'Replace', path: 'active', value: 'False' }],
      ['Entra ID capitalised op names', 'Entra ID string booleans or manager list'],
    ],
    ['Entra bare extension path', userResourceType, [{ op: 'replace', path: 'employeeNumber', value: '7' }], ['Entra ID bare extension path']],
    ['Okta rename echoing the id', groupResourceType, [{ op: 'replace', value: { id: ID, displayName: 'Eng' } }], ['Okta group rename echoing the id']],
    [
      'Entra removal by value list',
      groupResourceType,
      [{ op: 'remove', path: 'members', value: [{ value: 'u2' }] }],
      ['Entra ID / JumpCloud member removal by value list'],
    ],
  ])('names the compatibility rules applied: %s', (_name, rt, ops, names) => {
    expect(quirksApplied(parsePatchMessage(body(ops)), rt, { resourceId: ID })).toEqual(names);
  });
});
