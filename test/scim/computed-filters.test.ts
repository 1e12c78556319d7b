// Filters on attributes the responses compute (issue 12, item 10): meta.resourceType/location/version, User groups
// (type, $ref) and Group members (display, $ref). Each filter must select exactly the resources whose response
// shows a matching value, so every row is checked against matchesFilter over the listed responses too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFilter } from '../../src/scim/filter/check.js';
import { matchesFilter } from '../../src/scim/filter/matches.js';
import { parseFilter } from '../../src/scim/filter/parse.js';
import { groupResourceType, userResourceType } from '../../src/scim/schema/resource-types.js';
import { harness, newGroup, newUser, SCIM_BASE, type Harness } from '../support/scim-harness.js';

type Resource = Record<string, unknown> & { id: string; meta: Record<string, string> };

let h: Harness;
let token: string;
let otherToken: string;
const users: Record<string, Resource> = {};
const groups: Record<string, Resource> = {};
let start = Date.UTC(2025, 0, 1);

const list = async (path: string, filter?: string): Promise<Resource[]> => {
  const res = await h.scim(token, 'GET', `${path}?count=200${filter === undefined ? '' : `&filter=${encodeURIComponent(filter)}`}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().Resources as Resource[];
};
const names = (found: Resource[]) => found.map((r) => String(r['userName'] ?? r['displayName'])).sort();
const q = (value: string) => JSON.stringify(value);

beforeAll(async () => {
  // Each read of the clock is a second later, so every resource has its own created and lastModified.
  h = await harness({ now: () => new Date((start += 1000)) });
  token = (await h.org('computed-co')).token;
  otherToken = (await h.org('computed-other')).token;
  for (const [userName, extra] of [
    ['alice@example.com', { displayName: 'Alice Adams' }],
    ['bob@example.com', {}],
    ['carol@example.com', { displayName: 'carol C' }],
    ['dave@example.com', { displayName: 'Dave' }],
  ] as const) {
    const res = await h.scim(token, 'POST', '/Users', newUser(userName, extra));
    expect(res.statusCode).toBe(201);
    users[userName.split('@')[0]!] = res.json();
  }
  // Alice is written twice, so her version is W/"2".
  const patched = await h.scim(token, 'PATCH', `/Users/${users['alice']!.id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'title', value: 'Lead' }],
  });
  expect(patched.headers.etag).toBe('W/"2"');
  const nested = await h.scim(token, 'POST', '/Groups', newGroup('Nested', [users['dave']!.id]));
  groups['nested'] = nested.json();
  const admins = newGroup('Admins', [users['alice']!.id, users['bob']!.id]);
  admins.members.push({ value: groups['nested']!.id, type: 'Group' } as { value: string });
  expect((await h.scim(token, 'POST', '/Groups', admins)).statusCode).toBe(201);
  groups['readers'] = (await h.scim(token, 'POST', '/Groups', newGroup('Readers', [users['carol']!.id, users['alice']!.id]))).json();
  groups['empty'] = (await h.scim(token, 'POST', '/Groups', newGroup('Empty'))).json();
  // Another organization with look-alike names: none of it may show up.
  const stranger = (await h.scim(otherToken, 'POST', '/Users', newUser('alice@example.com', { displayName: 'Alice Adams' }))).json();
  await h.scim(otherToken, 'POST', '/Groups', newGroup('Admins', [stranger.id]));
  for (const user of await list('/Users')) users[String(user['userName']).split('@')[0]!] = user;
  for (const group of await list('/Groups')) groups[String(group['displayName']).toLowerCase()] = group;
});
afterAll(() => h.close());

const loc = (r: () => Resource | undefined) => () => r()!.meta['location']!;
const alice = () => users['alice']!;

describe('computed attributes in filters answer what the responses show', () => {
  // [filter, endpoint, expected names]; the expectation is also recomputed from the listed responses.
  const rows: [string | (() => string), '/Users' | '/Groups', string[]][] = [
    ['meta.resourceType eq "User"', '/Users', ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']],
    ['meta.resourceType ne "User"', '/Users', []],
    ['meta.resourceType eq "user"', '/Users', []], // caseExact (RFC 7643 section 3.1)
    ['meta.resourceType sw "Gr" and displayName sw "e"', '/Groups', ['Empty']],
    [() => `meta.location eq ${q(loc(alice)())}`, '/Users', ['alice@example.com']],
    [() => `meta.location ne ${q(loc(alice)())}`, '/Users', ['bob@example.com', 'carol@example.com', 'dave@example.com']],
    [() => `meta.location eq ${q(loc(alice)().toUpperCase())}`, '/Users', []],
    [() => `meta.location co ${q(alice().id)}`, '/Users', ['alice@example.com']],
    [() => `meta.location ew ${q(`/${users['bob']!.id}`)}`, '/Users', ['bob@example.com']],
    [`meta.location sw ${q(`${SCIM_BASE}/Groups/`)}`, '/Groups', ['Admins', 'Empty', 'Nested', 'Readers']],
    [`meta.location sw ${q(`${SCIM_BASE}/Users/`)}`, '/Groups', []],
    [`meta.location gt ${q(`${SCIM_BASE}/Users/`)}`, '/Users', ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']],
    [`meta.location lt ${q(`${SCIM_BASE}/Users/`)} or meta.location le ${q(SCIM_BASE)}`, '/Users', []],
    ['meta.location pr', '/Users', ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']],
    ['meta.version eq "W/\\"2\\""', '/Users', ['alice@example.com']],
    ['meta.version ne "W/\\"1\\""', '/Users', ['alice@example.com']],
    ['meta.version gt "W/\\"1\\"" or meta.version lt "W/\\"1"', '/Users', ['alice@example.com']],
    ['meta.version co "2" and meta.version ew "\\""', '/Users', ['alice@example.com']],
    ['meta[resourceType eq "User" and version eq "W/\\"1\\""]', '/Users', ['bob@example.com', 'carol@example.com', 'dave@example.com']],
    ['not (meta pr)', '/Users', []],
    [() => `meta.created eq ${q(users['carol']!.meta['created']!)}`, '/Users', ['carol@example.com']],
    [() => `meta.created ne ${q(users['carol']!.meta['created']!)}`, '/Users', ['alice@example.com', 'bob@example.com', 'dave@example.com']],
    [() => `meta.created gt ${q(users['bob']!.meta['created']!)}`, '/Users', ['carol@example.com', 'dave@example.com']],
    [() => `meta.created ge ${q(users['bob']!.meta['created']!)}`, '/Users', ['bob@example.com', 'carol@example.com', 'dave@example.com']],
    [() => `meta.created lt ${q(users['bob']!.meta['created']!)}`, '/Users', ['alice@example.com']],
    [() => `meta.created le ${q(users['bob']!.meta['created']!)}`, '/Users', ['alice@example.com', 'bob@example.com']],
    ['meta.created pr', '/Groups', ['Admins', 'Empty', 'Nested', 'Readers']],
    // Alice was written after Dave was created, so her lastModified is the latest of the users'.
    [() => `meta.lastModified gt ${q(users['dave']!.meta['lastModified']!)}`, '/Users', ['alice@example.com']],
    [() => `meta.lastModified eq ${q(alice().meta['lastModified']!)}`, '/Users', ['alice@example.com']],
    [() => `meta.lastModified le ${q(users['bob']!.meta['lastModified']!)} and not (meta.lastModified lt ${q(users['bob']!.meta['lastModified']!)})`, '/Users', ['bob@example.com']],
    ['meta.created co "2025"', '/Users', ['invalidFilter']], // co, sw and ew apply to strings
    ['groups.type eq "direct"', '/Users', ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']],
    ['groups.type eq "indirect"', '/Users', []],
    ['groups[type eq "direct"]', '/Users', ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']],
    ['groups[type eq "direct" and display sw "adm"]', '/Users', ['alice@example.com', 'bob@example.com']],
    ['groups.type ne "direct"', '/Users', []],
    [() => `groups.$ref eq ${q(loc(() => groups['readers'])())}`, '/Users', ['alice@example.com', 'carol@example.com']],
    [() => `groups.$ref eq ${q(loc(() => groups['readers'])().toUpperCase())}`, '/Users', ['alice@example.com', 'carol@example.com']], // caseExact false
    [() => `groups.$ref co ${q(groups['nested']!.id)}`, '/Users', ['dave@example.com']],
    [() => `groups.$ref sw ${q(`${SCIM_BASE}/Groups/`)} and not (groups.$ref ew ${q(groups['admins']!.id)})`, '/Users', ['carol@example.com', 'dave@example.com']],
    ['groups.$ref pr', '/Users', ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']],
    [() => `groups.value eq ${q(groups['admins']!.id)}`, '/Users', ['alice@example.com', 'bob@example.com']],
    [() => `groups[value ne ${q(groups['admins']!.id)}]`, '/Users', ['alice@example.com', 'carol@example.com', 'dave@example.com']],
    ['groups.display eq "READERS"', '/Users', ['alice@example.com', 'carol@example.com']],
    ['groups.display co "e" and not (groups.display sw "r")', '/Users', ['dave@example.com']],
    ['members.display eq "Alice Adams"', '/Groups', ['Admins', 'Readers']],
    ['members.display eq "alice adams"', '/Groups', ['Admins', 'Readers']], // caseExact false
    ['members.display eq "bob@example.com"', '/Groups', ['Admins']], // no displayName: the userName
    ['members.display eq "Nested"', '/Groups', ['Admins']], // a group member: its displayName
    ['members[display sw "A"]', '/Groups', ['Admins', 'Readers']],
    ['members[display sw "C" and type eq "User"]', '/Groups', ['Readers']],
    ['members.display ew "e"', '/Groups', ['Nested']],
    ['members.display co "@"', '/Groups', ['Admins']],
    ['members.display gt "d"', '/Groups', ['Admins', 'Nested']],
    ['members.display ne "Alice Adams"', '/Groups', ['Empty', 'Nested']],
    ['not (members.display pr)', '/Groups', ['Empty']],
    [() => `members.$ref eq ${q(loc(() => users['bob'])())}`, '/Groups', ['Admins']],
    ['members.$ref co "/Groups/"', '/Groups', ['Admins']],
    [`members[$ref sw ${q(`${SCIM_BASE}/Users/`)} and display co "dave"]`, '/Groups', ['Nested']],
    [() => `members.value eq ${q(users['carol']!.id)}`, '/Groups', ['Readers']],
    ['members.type eq "Group"', '/Groups', ['Admins']],
    ['members[type eq "user"] and not (members.type eq "group")', '/Groups', ['Nested', 'Readers']],
  ];

  it.each(rows.map(([filter, path, expected]) => [typeof filter === 'string' ? filter : filter.toString().replace(/^\(\) => /, ''), path, expected, filter] as const))(
    '%s on %s',
    async (_label, path, expected, filter) => {
      const text = typeof filter === 'string' ? filter : filter();
      if (expected[0] === 'invalidFilter') {
        const res = await h.scim(token, 'GET', `${path}?filter=${encodeURIComponent(text)}`);
        expect([res.statusCode, res.json().scimType]).toEqual([400, 'invalidFilter']);
        return;
      }
      const found = await list(path, text);
      expect(names(found)).toEqual(expected);
      // The same selection, in memory, over the responses themselves.
      const checked = checkFilter(parseFilter(text), path === '/Users' ? userResourceType : groupResourceType);
      expect(names((await list(path)).filter((r) => matchesFilter(checked, r)))).toEqual(expected);
    },
  );

  it('POST .search takes the same filters', async () => {
    const res = await h.scim(token, 'POST', '/Groups/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: `members[display sw "A"] and meta.location sw ${q(SCIM_BASE)}`,
    });
    expect(res.statusCode).toBe(200);
    expect(names(res.json().Resources)).toEqual(['Admins', 'Readers']);
  });

  it('a member renamed is found under the new name at once (display is computed, not copied)', async () => {
    const bob = users['bob']!.id;
    await h.scim(token, 'PATCH', `/Users/${bob}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'displayName', value: 'Bobby' }] });
    expect(names(await list('/Groups', 'members.display eq "Bobby"'))).toEqual(['Admins']);
    expect(names(await list('/Groups', 'members.display eq "bob@example.com"'))).toEqual([]);
    expect(names(await list('/Users', `meta.version eq "W/\\"2\\"" and meta.location ew ${q(bob)}`))).toEqual(['bob@example.com']);
  });

  it("org A's filters never reach org B's look-alike resources", async () => {
    const theirs = await h.scim(otherToken, 'GET', `/Groups?filter=${encodeURIComponent('members.display eq "Alice Adams"')}`);
    expect(theirs.json().Resources.map((g: Resource) => g['displayName'])).toEqual(['Admins']);
    const mine = await h.scim(otherToken, 'GET', `/Users?filter=${encodeURIComponent(`meta.location eq ${q(loc(alice)())}`)}`);
    expect(mine.json().totalResults).toBe(0);
  });
});
