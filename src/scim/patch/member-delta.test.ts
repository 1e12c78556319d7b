// splitMemberOperations: which Group PATCH requests storage applies as row changes, and the net delta.
import { describe, expect, it } from 'vitest';
import { MAX_MEMBERS_PER_PATCH, splitMemberOperations } from './member-delta.js';
import type { PatchOperation } from './patch-operation.js';

describe('splitMemberOperations', () => {
  it.each<[string, PatchOperation[], unknown]>([
    ['add by value array', [{ op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'b', type: 'Group' }] }], { add: [{ id: 'a' }, { id: 'b', type: 'Group' }], remove: [] }],
    ['remove by value filter', [{ op: 'remove', path: 'members[value eq "a"]' }], { add: [], remove: ['a'] }],
    ['add then remove of one id removes it', [{ op: 'add', path: 'members', value: [{ value: 'a' }] }, { op: 'remove', path: 'members[value eq "a"]' }], { add: [], remove: ['a'] }],
    ['remove then add of one id adds it', [{ op: 'remove', path: 'members[VALUE eq "a"]' }, { op: 'add', path: 'Members', value: [{ value: 'a' }] }], { add: [{ id: 'a' }], remove: [] }],
    ['replace all', [{ op: 'replace', path: 'members', value: [{ value: 'a' }] }], { replaceAll: [{ id: 'a' }], add: [], remove: [] }],
    ['replace with []', [{ op: 'replace', path: 'members', value: [] }], { replaceAll: [], add: [], remove: [] }],
    ['remove all then add one', [{ op: 'remove', path: 'members' }, { op: 'add', path: 'members', value: [{ value: 'b' }] }], { replaceAll: [{ id: 'b' }], add: [], remove: [] }],
  ])('%s', (_name, ops, expected) => {
    expect(splitMemberOperations(ops)?.members).toEqual(expected);
  });

  it('keeps a displayName replace beside the member delta (Okta group push)', () => {
    const split = splitMemberOperations([
      { op: 'replace', value: { displayName: 'Eng' } },
      { op: 'remove', path: 'members[value eq "a"]' },
      { op: 'add', path: 'members', value: [{ value: 'b', display: 'b@example.com' }] },
    ]);
    expect(split?.other).toEqual([{ op: 'replace', value: { displayName: 'Eng' } }]);
    expect(split?.members).toEqual({ add: [{ id: 'b' }], remove: ['a'] });
  });

  it.each<[string, PatchOperation]>([
    ['a filter on display', { op: 'remove', path: 'members[display eq "x"]' }],
    ['a sub-attribute path', { op: 'replace', path: 'members[value eq "a"].display', value: 'x' }],
    ['a path-less value holding members', { op: 'add', value: { members: [{ value: 'a' }] } }],
  ])('falls back to the full document for %s', (_name, op) => {
    expect(splitMemberOperations([op])).toBeUndefined();
  });

  it('refuses more than the advertised member count with 413 tooLarge, never truncating', () => {
    const value = Array.from({ length: MAX_MEMBERS_PER_PATCH + 1 }, (_, i) => ({ value: `u${i}` }));
    expect(() => splitMemberOperations([{ op: 'add', path: 'members', value }])).toThrow(expect.objectContaining({ status: 413, scimType: 'tooLarge' }));
  });

  it('refuses a member without a value', () => {
    expect(() => splitMemberOperations([{ op: 'add', path: 'members', value: [{ display: 'x' }] }])).toThrow(
      expect.objectContaining({ scimType: 'invalidValue' }),
    );
  });
});
