// Reading attribute-mapping paths from stored User documents, and checking mappings as they are set.
import { describe, expect, it } from 'vitest';
import { checkAttributeMapping, readPath } from './attribute-mapping.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const doc = {
  userName: 'ada@example.com',
  title: 'Engineer',
  name: { givenName: 'Ada' },
  emails: [{ value: 'a@work.example', type: 'work' }, { value: 'a@home.example', primary: true }],
  [ENTERPRISE]: { department: 'R&D', manager: { value: 'm-1', displayName: 'Grace' } },
  'urn:ietf:params:scim:schemas:extension:acme:2.0:User': { level: 3 },
};

describe('readPath', () => {
  it.each([
    ['title', 'Engineer'],
    ['TITLE', 'Engineer'],
    ['name.givenName', 'Ada'],
    ['name.familyName', null],
    ['emails.value', 'a@home.example'],
    [`${ENTERPRISE}:department`, 'R&D'],
    [`${ENTERPRISE.toUpperCase()}:MANAGER.VALUE`, 'm-1'],
    ['urn:ietf:params:scim:schemas:extension:acme:2.0:User:level', 3],
    ['urn:ietf:params:scim:schemas:extension:other:2.0:User:level', null],
    ['nickName', null],
  ])('%s -> %j', (path, expected) => {
    expect(readPath(doc, path)).toEqual(expected);
  });
});

describe('checkAttributeMapping', () => {
  const known = (path: string) => path !== 'unknown';
  it('accepts keys in lower_snake_case naming known paths', () => {
    expect(checkAttributeMapping({ cost_code: 'title' }, known)).toEqual({ cost_code: 'title' });
  });
  it.each([
    [{ CostCode: 'title' }, /not a valid key/],
    [{ a: 'unknown' }, /no attribute "unknown"/],
    [{ a: 'emails[type eq "work"].value' }, /not a SCIM attribute path/],
    [{ a: 42 }, /not a SCIM attribute path/],
    [{ a: 'name.givenName.extra' }, /not a SCIM attribute path/],
  ])('refuses %j', (input, message) => {
    expect(() => checkAttributeMapping(input, known)).toThrow(message);
  });
});
