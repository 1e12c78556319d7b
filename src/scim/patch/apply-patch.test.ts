// applyPatch as a table: the examples of RFC 7644 section 3.5.2 as rows, then the RFC's error cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../messages/resource.js';
import { groupResourceType, userResourceType, type ResourceTypeDef } from '../schema/resource-types.js';
import { ENTERPRISE_USER_SCHEMA } from '../schema/urns.js';
import { applyPatch } from './apply-patch.js';
import type { PatchOperation } from './patch-operation.js';

const BABS = '2819c223-7f76-453a-919d-413861904646';
const MANDY = '902c246b-6245-4190-8e05-00816be7344a';

const user: JsonObject = {
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', primary: true }],
  x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
  [ENTERPRISE_USER_SCHEMA]: { department: 'Tour Operations' },
};
const group: JsonObject = { displayName: 'Tour Guides', members: [{ value: BABS, type: 'User' }, { value: MANDY, type: 'User' }] };

interface Row {
  readonly name: string;
  readonly rt: ResourceTypeDef;
  readonly doc: JsonObject;
  readonly ops: PatchOperation[];
  readonly expect: (out: JsonObject) => void;
}

const rows: Row[] = [
  {
    name: '3.5.2.1 add a member to a group',
    rt: groupResourceType,
    doc: group,
    ops: [{ op: 'add', path: 'members', value: [{ display: 'Babs Jensen', $ref: `https://example.com/v2/Users/x`, value: 'x' }] }],
    expect: (out) => expect(out['members']).toHaveLength(3),
  },
  {
    name: '3.5.2.1 path-less add of emails and nickName',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'add', value: { emails: [{ value: 'babs@jensen.net', type: 'home' }], nickname: 'Babs' } }],
    expect: (out) => {
      expect(out['emails']).toHaveLength(3);
      expect(out['nickName']).toBe('Babs');
    },
  },
  {
    name: '3.5.2.1 adding a value already present changes nothing',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'add', path: 'emails', value: [{ value: 'babs@jensen.org', type: 'home' }] }],
    expect: (out) => expect(out['emails']).toEqual(user['emails']),
  },
  {
    name: '3.5.2.1 add on a single-valued attribute replaces it',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'add', path: 'userName', value: 'babs' }],
    expect: (out) => expect(out['userName']).toBe('babs'),
  },
  {
    name: '3.5.2.1 add to a complex attribute merges sub-attributes',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'add', path: 'name', value: { middleName: 'Jane' } }],
    expect: (out) => expect(out['name']).toEqual({ givenName: 'Barbara', familyName: 'Jensen', middleName: 'Jane' }),
  },
  {
    name: '3.5.2.2 remove all members',
    rt: groupResourceType,
    doc: group,
    ops: [{ op: 'remove', path: 'members' }],
    expect: (out) => expect(out['members']).toBeUndefined(),
  },
  {
    name: '3.5.2.2 remove one member by value filter',
    rt: groupResourceType,
    doc: group,
    ops: [{ op: 'remove', path: `members[value eq "${BABS}"]` }],
    expect: (out) => expect(out['members']).toEqual([{ value: MANDY, type: 'User' }]),
  },
  {
    name: '3.5.2.2 remove with a compound filter',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' }],
    expect: (out) => expect(out['emails']).toEqual([{ value: 'babs@jensen.org', type: 'home' }]),
  },
  {
    name: '3.5.2.2 remove two members, then the last: attribute becomes unassigned',
    rt: groupResourceType,
    doc: group,
    ops: [
      { op: 'remove', path: `members[value eq "${BABS}"]` },
      { op: 'remove', path: `members[value eq "${MANDY}"]` },
    ],
    expect: (out) => expect('members' in out).toBe(false),
  },
  {
    name: '3.5.2.2 remove all members and add one (replace-all by two ops)',
    rt: groupResourceType,
    doc: group,
    ops: [
      { op: 'remove', path: 'members' },
      { op: 'add', path: 'members', value: [{ value: 'y' }] },
    ],
    expect: (out) => expect(out['members']).toEqual([{ value: 'y' }]),
  },
  {
    name: '3.5.2.2 remove a certificate by value',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'remove', path: 'x509Certificates[value eq "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx"]' }],
    expect: (out) => expect(out['x509Certificates']).toBeUndefined(),
  },
  {
    name: '3.5.2.2 remove a sub-attribute of a complex attribute',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'remove', path: 'name.givenName' }],
    expect: (out) => expect(out['name']).toEqual({ familyName: 'Jensen' }),
  },
  {
    name: '3.5.2.2 removing a value that is not there changes nothing',
    rt: groupResourceType,
    doc: group,
    ops: [{ op: 'remove', path: 'members[value eq "nobody"]' }],
    expect: (out) => expect(out).toEqual(group),
  },
  {
    name: '3.5.2.3 replace all members',
    rt: groupResourceType,
    doc: group,
    ops: [{ op: 'replace', path: 'members', value: [{ display: 'Babs Jensen', value: BABS }] }],
    expect: (out) => expect(out['members']).toEqual([{ display: 'Babs Jensen', value: BABS }]),
  },
  {
    name: '3.5.2.3 replace members with [] empties the group',
    rt: groupResourceType,
    doc: group,
    ops: [{ op: 'replace', path: 'members', value: [] }],
    expect: (out) => expect('members' in out).toBe(false),
  },
  {
    name: '3.5.2.3 replace a filtered complex value',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'replace', path: 'addresses[type eq "work"]', value: { type: 'work', streetAddress: '911 Universal City Plaza', primary: true } }],
    expect: (out) => expect(out['addresses']).toEqual([{ type: 'work', streetAddress: '911 Universal City Plaza', primary: true }]),
  },
  {
    name: '3.5.2.3 replace a sub-attribute of filtered values',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'replace', path: 'addresses[type eq "work"].streetAddress', value: '1010 Broadway Ave' }],
    expect: (out) => expect((out['addresses'] as JsonObject[])[0]!['streetAddress']).toBe('1010 Broadway Ave'),
  },
  {
    name: '3.5.2.3 path-less replace of several attributes',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'replace', value: { emails: [{ value: 'bjensen@example.com', type: 'work' }], nickName: 'Babs', active: false } }],
    expect: (out) => {
      expect(out['emails']).toEqual([{ value: 'bjensen@example.com', type: 'work' }]);
      expect(out['active']).toBe(false);
    },
  },
  {
    name: '3.5.2.3 replace on an absent attribute adds it',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'replace', path: 'title', value: 'Tour Guide' }],
    expect: (out) => expect(out['title']).toBe('Tour Guide'),
  },
  {
    name: '3.5.2.3 replace of a complex attribute leaves unnamed sub-attributes alone',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'replace', path: 'name', value: { familyName: 'Jensen-Smith' } }],
    expect: (out) => expect(out['name']).toEqual({ givenName: 'Barbara', familyName: 'Jensen-Smith' }),
  },
  {
    name: 'extension attribute by URN-qualified path',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'replace', path: `${ENTERPRISE_USER_SCHEMA}:department`, value: 'Sales' }],
    expect: (out) => expect(out[ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'Sales' }),
  },
  {
    name: 'extension attributes by path-less URN key',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'add', value: { [ENTERPRISE_USER_SCHEMA]: { employeeNumber: '42' } } }],
    expect: (out) => expect(out[ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'Tour Operations', employeeNumber: '42' }),
  },
  {
    name: 'removing the last extension attribute drops the extension',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'remove', path: `${ENTERPRISE_USER_SCHEMA}:department` }],
    expect: (out) => expect(ENTERPRISE_USER_SCHEMA in out).toBe(false),
  },
  {
    name: '3.5.2 adding a primary value clears primary on the others',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'add', path: 'emails', value: [{ value: 'new@example.com', type: 'other', primary: true }] }],
    expect: (out) => expect((out['emails'] as JsonObject[]).map((e) => e['primary'])).toEqual([false, undefined, true]),
  },
  {
    name: '3.5.2 setting primary through a filter clears the others',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'replace', path: 'emails[type eq "home"].primary', value: true }],
    expect: (out) => expect((out['emails'] as JsonObject[]).map((e) => e['primary'])).toEqual([false, true]),
  },
  {
    name: 'attribute names are case-insensitive; stored names keep declared case',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'replace', path: 'NAME.GIVENNAME', value: 'Babs' }],
    expect: (out) => expect(out['name']).toEqual({ givenName: 'Babs', familyName: 'Jensen' }),
  },
  {
    name: 'replace with null removes (RFC 7643 section 2.5)',
    rt: userResourceType,
    doc: user,
    ops: [{ op: 'replace', path: 'name.familyName', value: null }],
    expect: (out) => expect(out['name']).toEqual({ givenName: 'Barbara' }),
  },
];

describe('applyPatch: RFC 7644 section 3.5.2 examples', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const before = structuredClone(row.doc);
    row.expect(applyPatch(row.doc, row.ops, row.rt));
    expect(row.doc).toEqual(before);
  });
});

const errors: [string, ResourceTypeDef, PatchOperation[], string][] = [
  ['replace of readOnly id', userResourceType, [{ op: 'replace', path: 'id', value: 'x' }], 'mutability'],
  ['replace of readOnly meta.created', userResourceType, [{ op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }], 'mutability'],
  ['add to readOnly groups', userResourceType, [{ op: 'add', path: 'groups', value: [{ value: 'g' }] }], 'mutability'],
  ['path-less value with id', userResourceType, [{ op: 'replace', value: { id: 'other' } }], 'mutability'],
  ['change an immutable member value', groupResourceType, [{ op: 'replace', path: `members[value eq "${BABS}"].value`, value: 'x' }], 'mutability'],
  ['unknown attribute', userResourceType, [{ op: 'replace', path: 'shoeSize', value: 1 }], 'invalidPath'],
  ['malformed path', userResourceType, [{ op: 'replace', path: 'emails[type eq', value: 'x' }], 'invalidPath'],
  ['filter on a simple attribute', userResourceType, [{ op: 'replace', path: 'userName[value eq "x"]', value: 'x' }], 'invalidPath'],
  ['unknown sub-attribute after a filter', userResourceType, [{ op: 'replace', path: 'emails[type eq "work"].colour', value: 'x' }], 'invalidPath'],
  ['sub-attribute of a multi-valued attribute without filter', userResourceType, [{ op: 'replace', path: 'emails.value', value: 'x' }], 'invalidPath'],
  ['path-less key that is a path', userResourceType, [{ op: 'replace', value: { 'name.givenName': 'x' } }], 'invalidPath'],
  ['replace: filter matches nothing and is not a plain equality', userResourceType, [{ op: 'replace', path: 'emails[value co "nowhere"].value', value: 'x' }], 'noTarget'],
  ['path-less value that is not an object', userResourceType, [{ op: 'replace', value: 'x' }], 'invalidValue'],
  ['two primaries in one add', userResourceType, [{ op: 'add', path: 'emails', value: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }], 'invalidValue'],
  ['complex attribute with a scalar', userResourceType, [{ op: 'replace', path: 'name', value: 'Babs' }], 'invalidValue'],
];

describe('applyPatch: errors RFC 7644 section 3.12 names', () => {
  it.each(errors)('%s', (_name, rt, ops, scimType) => {
    expect(() => applyPatch(rt === userResourceType ? user : group, ops, rt)).toThrow(expect.objectContaining({ scimType }));
  });

  it('is atomic: a failing second operation leaves the input untouched', () => {
    const before = structuredClone(user);
    expect(() =>
      applyPatch(user, [{ op: 'replace', path: 'userName', value: 'changed' }, { op: 'replace', path: 'id', value: 'x' }], userResourceType),
    ).toThrow();
    expect(user).toEqual(before);
  });

  it('never mutates its input (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (title, active) => {
        const before = structuredClone(user);
        applyPatch(user, [{ op: 'replace', value: { title, active } }, { op: 'remove', path: 'emails[type eq "home"]' }], userResourceType);
        expect(user).toEqual(before);
      }),
    );
  });
});
