import { describe, expect, it } from 'vitest';
import { checkFilter } from '../../scim/filter/check.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { userResourceType } from '../../scim/schema/resource-types.js';
import { resolveAttribute } from '../../scim/schema/resolve.js';
import type { ListQuery, ListWindow } from '../store.js';
import { userNameLookup } from './user-name-lookup.js';

const first: ListWindow = { kind: 'offset', offset: 0, limit: 100 };
const query = (filter: string, window: ListWindow = first): ListQuery => ({ filter: checkFilter(parseFilter(filter), userResourceType), window });

describe('userNameLookup', () => {
  it.each([
    ['userName eq "Ada@Example.com"', 'ada@example.com'],
    ['USERNAME eq "bob"', 'bob'],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "Cy"', 'cy'],
    ['userName eq "ÅSA"', 'åsa'],
  ])('%s looks up %s', (filter, folded) => {
    expect(userNameLookup(query(filter))).toBe(folded);
  });

  it.each([
    'userName ne "a"',
    'userName sw "a"',
    'externalId eq "a"',
    'displayName eq "a"',
    'emails.value eq "a"',
    'userName eq "a" and active eq true',
    'userName eq "a" or userName eq "b"',
    'not (userName eq "a")',
    'userName pr',
  ])('%s is not a lookup', (filter) => {
    expect(userNameLookup(query(filter))).toBeUndefined();
  });

  it('is not a lookup past the first row, with no room for a row, sorted, on a cursor, or without a filter', () => {
    expect(userNameLookup(query('userName eq "a"', { kind: 'offset', offset: 1, limit: 10 }))).toBeUndefined();
    expect(userNameLookup(query('userName eq "a"', { kind: 'offset', offset: 0, limit: 0 }))).toBeUndefined();
    expect(userNameLookup(query('userName eq "a"', { kind: 'after', seq: 0, limit: 10 }))).toBeUndefined();
    const sort = { attribute: resolveAttribute(userResourceType, 'userName')!, order: 'ascending' as const };
    expect(userNameLookup({ ...query('userName eq "a"'), sort })).toBeUndefined();
    expect(userNameLookup({ window: first })).toBeUndefined();
  });
});
