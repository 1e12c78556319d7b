import { describe, expect, it } from 'vitest';
import { checkFilter } from '../../scim/filter/check.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { userResourceType } from '../../scim/schema/resource-types.js';
import { resolveAttribute } from '../../scim/schema/resolve.js';
import type { ListQuery, ListWindow } from '../store.js';
import { userLookup } from './user-lookup.js';

const first: ListWindow = { kind: 'offset', offset: 0, limit: 100 };
const query = (filter: string, window: ListWindow = first): ListQuery => ({ filter: checkFilter(parseFilter(filter), userResourceType), window });

describe('userLookup', () => {
  it.each([
    ['userName eq "Ada@Example.com"', 'user_name_ci', 'ada@example.com'],
    ['USERNAME eq "bob"', 'user_name_ci', 'bob'],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "Cy"', 'user_name_ci', 'cy'],
    ['userName eq "ÅSA"', 'user_name_ci', 'åsa'],
    ['externalId eq "00uAbC"', 'external_id', '00uAbC'],
    ['EXTERNALID eq "x"', 'external_id', 'x'],
  ])('%s looks up %s %s', (filter, column, value) => {
    expect(userLookup(query(filter))).toEqual({ column, value });
  });

  it.each([
    'userName ne "a"',
    'userName sw "a"',
    'externalId sw "a"',
    'displayName eq "a"',
    'emails.value eq "a"',
    'userName eq "a" and active eq true',
    'userName eq "a" or userName eq "b"',
    'not (userName eq "a")',
    'userName pr',
  ])('%s is not a lookup', (filter) => {
    expect(userLookup(query(filter))).toBeUndefined();
  });

  it('is not a lookup past the first row, with no room for a row, sorted, on a cursor, or without a filter', () => {
    expect(userLookup(query('userName eq "a"', { kind: 'offset', offset: 1, limit: 10 }))).toBeUndefined();
    expect(userLookup(query('userName eq "a"', { kind: 'offset', offset: 0, limit: 0 }))).toBeUndefined();
    expect(userLookup(query('userName eq "a"', { kind: 'after', seq: 0, limit: 10 }))).toBeUndefined();
    const sort = { attribute: resolveAttribute(userResourceType, 'userName')!, order: 'ascending' as const };
    expect(userLookup({ ...query('userName eq "a"'), sort })).toBeUndefined();
    expect(userLookup({ window: first })).toBeUndefined();
  });
});
