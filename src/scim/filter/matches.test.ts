// Table tests for matchesFilter over wire-form documents: multi-valued, value paths, case, dateTime, extensions.
import { describe, expect, test } from 'vitest';
import { groupResourceType, userResourceType, type ResourceTypeDef } from '../schema/resource-types.js';
import { checkFilter } from './check.js';
import { matchesFilter } from './matches.js';
import { parseFilter } from './parse.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// Close to the full User example of RFC 7643 section 8.2.
const bjensen = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'BJensen-Ext',
  userName: 'bjensen@example.com',
  name: { formatted: 'Ms. Barbara J Jensen III', familyName: "O'Malley", givenName: 'Barbara' },
  displayName: 'Babs Jensen',
  title: 'Tour Guide',
  userType: 'Employee',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  ims: [{ value: 'someaimhandle', type: 'aim' }],
  meta: { resourceType: 'User', created: '2010-01-23T04:56:22.000Z', lastModified: '2011-05-13T04:42:34.000Z' },
  [ENTERPRISE]: { department: 'Tour Operations', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } },
};

const sparse = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u2', userName: 'Ünïcode', emails: [], name: {} };

const group = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: 'g1',
  displayName: 'Tour Guides',
  members: [
    { value: '2819c223-7f76-453a-919d-413861904646', type: 'User', display: 'Babs Jensen' },
    { value: 'g2', type: 'Group' },
  ],
};

const matches = (text: string, doc: Record<string, unknown>, rt: ResourceTypeDef = userResourceType) =>
  matchesFilter(checkFilter(parseFilter(text), rt), doc);

describe('matchesFilter', () => {
  const rows: [string, Record<string, unknown>, boolean, ResourceTypeDef?][] = [
    ['userName eq "BJENSEN@example.com"', bjensen, true],
    ['userName ne "bjensen@example.com"', bjensen, false],
    ['userName sw "BJ"', bjensen, true],
    ['userName ew ".COM"', bjensen, true],
    ['userName co "@EXAMPLE"', bjensen, true],
    ['userName eq "ünïcode"', sparse, true],
    ['externalId eq "bjensen-ext"', bjensen, false], // externalId is caseExact
    ['externalId eq "BJensen-Ext"', bjensen, true],
    ['id eq "2819C223-7F76-453A-919D-413861904646"', bjensen, false],
    [`name.familyName co "o'malley"`, bjensen, true],
    ['title pr', bjensen, true],
    ['title pr', sparse, false],
    ['name pr', sparse, false], // an empty complex value is not present
    ['emails pr', sparse, false],
    ['emails pr', bjensen, true],
    ['title eq null', sparse, true],
    ['title ne "Tour Guide"', sparse, true], // ne is "not eq", so an absent attribute matches
    ['title gt "Tour"', bjensen, true],
    ['title lt "tour guide z"', bjensen, true],
    ['title ge "TOUR GUIDE"', bjensen, true],
    ['title gt "TOUR GUIDE"', bjensen, false],
    ['active eq true', bjensen, true],
    ['active ne true', bjensen, false],
    ['active eq false', sparse, false],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', bjensen, false],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', bjensen, true],
    ['meta.lastModified eq "2011-05-13T06:42:34+02:00"', bjensen, true],
    ['meta.lastModified lt "2011-05-13T04:42:34.001Z"', bjensen, true],
    ['meta.created le "2010-01-23T04:56:21.999Z"', bjensen, false],
    // Multi-valued: any value may match.
    ['emails co "jensen.org"', bjensen, true],
    ['emails.value co "example.org"', bjensen, false],
    ['emails.type eq "HOME"', bjensen, true],
    ['emails.type ne "home"', bjensen, false],
    // Value paths: one element must satisfy the whole inner filter.
    ['emails[type eq "work" and value co "@example.com"]', bjensen, true],
    ['emails[type eq "home" and value co "@example.com"]', bjensen, false],
    ['emails.type eq "home" and emails.value co "@example.com"', bjensen, true],
    ['emails[primary eq true]', bjensen, true],
    ['emails[not (primary eq true)]', bjensen, true],
    ['emails[type eq "work"]', sparse, false],
    ['ims[type eq "aim" and value co "aim"]', bjensen, true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "tour operations"', bjensen, true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr', sparse, false],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"', bjensen, true],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', bjensen, true],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', sparse, false],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', bjensen, true],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', bjensen, false],
    ['not (userName eq "nobody") and not (title pr)', sparse, true],
    ['members[value eq "g2" and type eq "group"]', group, true, groupResourceType],
    ['members.display co "babs"', group, true, groupResourceType],
    ['members[value eq "G2"]', group, false, groupResourceType], // members.value is caseExact
    ['displayName eq "tour guides"', group, true, groupResourceType],
  ];
  test.each(rows)('%s', (text, doc, expected, rt) => {
    expect(matches(text, doc, rt)).toBe(expected);
  });

  test('attribute names in the document are matched case-insensitively', () => {
    expect(matches('username eq "a"', { UserName: 'A' })).toBe(true);
    expect(matches('emails[type eq "work"]', { EMAILS: [{ Type: 'Work' }] })).toBe(true);
  });

  test('values of the wrong JSON type never match', () => {
    expect(matches('userName eq "1"', { userName: 1 })).toBe(false);
    expect(matches('active eq true', { active: 'true' })).toBe(false);
    expect(matches('meta.created gt "2000-01-01T00:00:00Z"', { meta: { created: 'not a date' } })).toBe(false);
    expect(matches('emails[type eq "work"]', { emails: ['work'] })).toBe(false);
  });

  test('strings order by code point, as SQL does', () => {
    // UTF-16 puts U+1F600 (a surrogate pair) before U+FF5E; code point order puts it after.
    expect(matches('title gt "\uff5e"', { title: '\u{1f600}' })).toBe(true);
  });
});
