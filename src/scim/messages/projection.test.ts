import { describe, expect, it } from 'vitest';
import { userResourceType, groupResourceType } from '../schema/resource-types.js';
import { parseAttributeList, projector } from './projection.js';
import type { JsonObject } from './resource.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const user: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
  id: 'u1',
  externalId: 'e1',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@example.org', type: 'home' },
  ],
  [ENT]: { department: 'Tour Operations', employeeNumber: '701984' },
  meta: { resourceType: 'User', version: 'W/"1"' },
};

describe('projection (RFC 7644 section 3.4.2.5)', () => {
  it.each<[string, { attributes?: string[]; excludedAttributes?: string[] }, JsonObject]>([
    ['attributes=userName keeps id and schemas (returned: always)', { attributes: ['userName'] }, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1', userName: 'bjensen' }],
    [
      'attributes=name.familyName,emails.value picks sub-attributes',
      { attributes: ['name.familyName', 'emails.value'] },
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1', name: { familyName: 'Jensen' }, emails: [{ value: 'bjensen@example.com' }, { value: 'babs@example.org' }] },
    ],
    [
      'a URN-qualified extension attribute',
      { attributes: [`${ENT}:department`] },
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT], id: 'u1', [ENT]: { department: 'Tour Operations' } },
    ],
    [
      'case-insensitive names',
      { attributes: ['USERNAME', 'Meta.Version'] },
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1', userName: 'bjensen', meta: { version: 'W/"1"' } },
    ],
  ])('%s', (_label, projection, expected) => {
    expect(projector(userResourceType, projection)(user)).toEqual(expected);
  });

  it('excludedAttributes drops what is named but never id', () => {
    const out = projector(userResourceType, { excludedAttributes: ['emails', 'id', 'name.givenName', ENT] })(user);
    expect(out['id']).toBe('u1');
    expect(out['emails']).toBeUndefined();
    expect(out['name']).toEqual({ familyName: 'Jensen' });
    expect(out[ENT]).toBeUndefined();
    expect(out['schemas']).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User']);
    expect(out['meta']).toEqual(user['meta']);
  });

  it('never returns password, even when asked', () => {
    const out = projector(userResourceType, { attributes: ['password', 'userName'] })({ ...user, password: 'secret' });
    expect(out['password']).toBeUndefined();
  });

  it('excludedAttributes=members on a group', () => {
    const group = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g', displayName: 'G', members: [{ value: 'u1' }] };
    expect(projector(groupResourceType, { excludedAttributes: ['members'] })(group)).toEqual({ schemas: group.schemas, id: 'g', displayName: 'G' });
  });

  it('refuses unknown attribute names with invalidValue', () => {
    expect(() => projector(userResourceType, { attributes: ['shoeSize'] })).toThrowError(/shoeSize/);
  });

  it('parses comma-separated lists', () => {
    expect(parseAttributeList('userName, name.givenName,,')).toEqual(['userName', 'name.givenName']);
    expect(parseAttributeList(undefined)).toBeUndefined();
  });
});
