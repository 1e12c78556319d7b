// Test support: the filters and sorts both SQL engines must answer exactly as matchesFilter does.
import fc from 'fast-check';
import { resolveAttribute } from '../../../scim/schema/resolve.js';
import type { ResourceTypeDef } from '../../../scim/schema/resource-types.js';
import type { SortOrder } from '../compile-sort.js';
import { BASE_URL, ENTERPRISE, INSTANTS, TYPES, WORDS } from './seed-resources.js';

export type ResourceKind = 'User' | 'Group';

export const FILTER_ROWS: [string, ResourceKind][] = [
  ['userName eq "alpha.0"', 'User'],
  ['userName sw "ünï"', 'User'],
  ['userName co "%"', 'User'],
  ['userName co "_"', 'User'],
  ['userName co "\\\\\"', 'User'],
  ['displayName eq "straße"', 'User'],
  ['displayName gt "m"', 'User'],
  ['externalId sw "E*[x]"', 'User'],
  ['externalId co "?_%"', 'User'],
  ['externalId eq "ext-3"', 'User'],
  ['id eq "u-17"', 'User'],
  ['active eq false', 'User'],
  ['active ne true', 'User'],
  ['active pr', 'User'],
  ['title pr', 'User'],
  ['title eq null', 'User'],
  ['title ne "alpha"', 'User'],
  ['title co "a%b"', 'User'],
  ['title ew "Y"', 'User'],
  [`name.familyName eq "O'MALLEY"`, 'User'],
  ['name pr', 'User'],
  ['not (name pr)', 'User'],
  ['meta.created gt "2020-06-01T00:00:00Z"', 'User'],
  ['meta.lastModified le "2020-06-07T06:18:30.042+00:00"', 'User'],
  ['meta.created eq "2020-03-04T04:06:10.021Z"', 'User'],
  ['emails co "example.org"', 'User'],
  ['emails.value sw "a%b"', 'User'],
  ['emails.type eq "work"', 'User'],
  ['emails.type ne "work"', 'User'],
  ['emails.primary eq true', 'User'],
  ['emails pr', 'User'],
  ['emails.display pr', 'User'],
  ['emails[type eq "work" and value co "@example.com"]', 'User'],
  ['emails[type eq "work" and display pr]', 'User'],
  ['emails[not (primary eq true)]', 'User'],
  ['phoneNumbers[type eq "mobile" and value co "55"]', 'User'],
  ['phoneNumbers.value pr', 'User'],
  [`${ENTERPRISE}:department eq "GAMMA"`, 'User'],
  [`${ENTERPRISE}:manager.value eq "u-3"`, 'User'],
  [`${ENTERPRISE}:manager pr`, 'User'],
  [`schemas eq "${ENTERPRISE}"`, 'User'],
  ['groups.value eq "g-3"', 'User'],
  ['groups[display sw "alpha"]', 'User'],
  ['groups pr', 'User'],
  ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', 'User'],
  ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', 'User'],
  ['displayName co "beta"', 'Group'],
  ['members[value eq "u-5"]', 'Group'],
  ['members.type eq "group"', 'Group'],
  ['members pr', 'Group'],
  ['not (members pr) or externalId sw "G*1"', 'Group'],
  ['meta.lastModified lt "2020-05-01T00:00:00Z"', 'Group'],
  // Computed attributes (issue 12, item 10): values the responses build from columns, never stored.
  ['meta.resourceType eq "User"', 'User'],
  ['meta.resourceType ne "User" or id eq "u-4"', 'User'],
  ['meta.resourceType sw "Us" and meta.resourceType ew "er" and meta.resourceType co "se"', 'User'],
  ['meta.resourceType eq "Group"', 'Group'],
  [`meta.location eq ${q(`${BASE_URL}/Users/u-17`)}`, 'User'],
  [`meta.location ne ${q(`${BASE_URL}/Users/u-17`)}`, 'User'],
  [`meta.location eq ${q(`${BASE_URL}/users/u-17`)} or meta.location eq "u-17"`, 'User'],
  ['meta.location ew "/Users/u-1"', 'User'],
  ['meta.location co "s/u-2"', 'User'],
  [`meta.location sw ${q(`${BASE_URL}/Users/u-1`)}`, 'User'],
  [`meta.location gt ${q(`${BASE_URL}/Users/u-2`)}`, 'User'],
  [`meta.location le ${q(`${BASE_URL}/Groups/g-3`)}`, 'Group'],
  ['meta.location pr and meta.version pr and meta.resourceType pr', 'User'],
  ['meta.version eq "W/\\"3\\""', 'User'],
  ['meta.version ne "W/\\"3\\""', 'Group'],
  ['meta.version gt "W/\\"5\\""', 'User'],
  ['meta.version le "W/\\"10\\""', 'Group'],
  ['meta.version co "1" and not (meta.version sw "W/\\"1\\"")', 'User'],
  ['meta.version ew "2\\""', 'Group'],
  ['meta.created ne "2020-03-04T04:06:10.021Z"', 'User'],
  ['meta.created ge "2020-03-04T04:06:10.021Z"', 'User'],
  ['meta.created lt "2020-03-04T04:06:10.021Z"', 'User'],
  ['meta.created le "2020-03-04T04:06:10.021Z" and meta.created pr', 'Group'],
  ['meta.lastModified gt "2020-06-07T06:18:30.042Z"', 'User'],
  ['meta.lastModified ge "2020-06-07T08:18:30.042+02:00"', 'Group'],
  ['meta.lastModified eq "2020-06-07T06:18:30.042Z" or meta.lastModified eq "2020-01-01T00:00:00Z"', 'User'],
  ['meta pr', 'Group'],
  ['meta[resourceType eq "User" and version eq "W/\\"2\\""]', 'User'],
  ['meta[not (created lt "2020-06-01T00:00:00Z") and location ew "0"]', 'Group'],
  ['groups.type eq "direct"', 'User'],
  ['groups.type eq "DIRECT"', 'User'],
  ['not (groups.type eq "direct") and groups.type ne "indirect"', 'User'],
  ['groups[type eq "direct" and display sw "alpha"]', 'User'],
  ['groups.type co "ire" or groups.type pr', 'User'],
  ['groups.$ref ew "/Groups/g-3"', 'User'],
  [`groups.$ref eq ${q(`${BASE_URL}/GROUPS/G-3`)}`, 'User'],
  ['groups.$ref co "g-1"', 'User'],
  ['groups[$ref sw "HTTPS://" and not (value eq "g-1")]', 'User'],
  ['groups.value ne "g-3"', 'User'],
  ['groups.value sw "g-1"', 'User'],
  ['groups.display co "beta"', 'User'],
  ['groups.display gt "m"', 'User'],
  ['groups.display ew "1"', 'User'],
  ['members.display sw "a"', 'Group'],
  ['members[display sw "A"]', 'Group'],
  ['members.display eq "straße"', 'Group'],
  ['members.display ne "alpha"', 'Group'],
  ['members.display co "." and members.display pr', 'Group'],
  ['members.display gt "m"', 'Group'],
  ['members.display le "beta 3"', 'Group'],
  ['members.display ew "9"', 'Group'],
  ['members.$ref co "/Groups/"', 'Group'],
  [`members.$ref eq ${q(`${BASE_URL}/Users/u-5`)}`, 'Group'],
  [`members[$ref sw ${q(`${BASE_URL}/Users/`)} and display co "a"]`, 'Group'],
  ['members.$ref ew "u-1" or members.$ref pr', 'Group'],
  ['members[type eq "Group" and value sw "g-1"]', 'Group'],
  ['members.value co "-1" and not (members.type eq "User")', 'Group'],
  ['members.type ne "User"', 'Group'],
];

function q(value: string): string {
  return JSON.stringify(value);
}

// --- random filters over the attributes the SQL mapping can answer -----------------------------------------

type AttrKind = 'string' | 'boolean' | 'dateTime' | 'complex';
const USER_ATTRS: [string, AttrKind][] = [
  ['userName', 'string'], ['displayName', 'string'], ['externalId', 'string'], ['id', 'string'], ['title', 'string'],
  ['userType', 'string'], ['nickName', 'string'], ['name.givenName', 'string'], ['name.familyName', 'string'],
  ['emails', 'string'], ['emails.value', 'string'], ['emails.type', 'string'], ['emails.display', 'string'],
  ['phoneNumbers.value', 'string'], ['phoneNumbers.type', 'string'], [`${ENTERPRISE}:department`, 'string'],
  [`${ENTERPRISE}:manager.value`, 'string'], ['groups.value', 'string'], ['groups.display', 'string'], ['schemas', 'string'],
  ['groups.type', 'string'], ['groups.$ref', 'string'], ['meta.resourceType', 'string'], ['meta.location', 'string'], ['meta.version', 'string'], ['meta', 'complex'],
  ['active', 'boolean'], ['emails.primary', 'boolean'], ['meta.created', 'dateTime'], ['meta.lastModified', 'dateTime'],
  ['name', 'complex'], ['emails', 'complex'], ['phoneNumbers', 'complex'], [`${ENTERPRISE}:manager`, 'complex'], ['groups', 'complex'],
];
const GROUP_ATTRS: [string, AttrKind][] = [
  ['displayName', 'string'], ['externalId', 'string'], ['id', 'string'], ['members', 'string'], ['members.value', 'string'],
  ['members.type', 'string'], ['schemas', 'string'], ['meta.created', 'dateTime'], ['meta.lastModified', 'dateTime'], ['members', 'complex'],
  ['members.display', 'string'], ['members.$ref', 'string'], ['meta.resourceType', 'string'], ['meta.location', 'string'], ['meta.version', 'string'], ['meta', 'complex'],
];
const VALUE_PATHS: Record<ResourceKind, [string, [string, AttrKind][]][]> = {
  User: [
    ['emails', [['value', 'string'], ['type', 'string'], ['display', 'string'], ['primary', 'boolean']]],
    ['phoneNumbers', [['value', 'string'], ['type', 'string']]],
    ['groups', [['value', 'string'], ['display', 'string'], ['type', 'string'], ['$ref', 'string']]],
    ['meta', [['resourceType', 'string'], ['location', 'string'], ['version', 'string'], ['created', 'dateTime']]],
    ['name', [['givenName', 'string'], ['familyName', 'string']]],
    [`${ENTERPRISE}:manager`, [['value', 'string']]],
  ],
  Group: [
    ['members', [['value', 'string'], ['type', 'string'], ['display', 'string'], ['$ref', 'string']]],
    ['meta', [['resourceType', 'string'], ['location', 'string'], ['version', 'string'], ['lastModified', 'dateTime']]],
  ],
};

const stringLiteral = fc.oneof(
  fc.constantFrom(...WORDS, ...TYPES, 'a', 'ALP', '%', '_', '\\', '*', '[', '?', '.1', 'example', 'u-1', 'g-2', 'User', 'group', ENTERPRISE, 'ü', 'direct', 'W/"1', 'W/"12"', '/Users/u-1', `${BASE_URL}/Users/u-2`, `${BASE_URL}/Groups/`, 'HTTPS://ROLLCALL'),
  fc.string({ maxLength: 4 }),
);
const dateLiteral = fc.oneof(fc.constantFrom(...INSTANTS), fc.date({ min: new Date('2019-06-01Z'), max: new Date('2021-06-01Z'), noInvalidDate: true }).map((d) => d.toISOString()));

function attrExp([path, kind]: [string, AttrKind]): fc.Arbitrary<string> {
  const nul = fc.constantFrom(`${path} eq null`, `${path} ne null`);
  switch (kind) {
    case 'complex':
      return fc.constant(`${path} pr`);
    case 'boolean':
      return fc.oneof(fc.tuple(fc.constantFrom('eq', 'ne'), fc.boolean()).map(([op, b]) => `${path} ${op} ${b}`), fc.constant(`${path} pr`), nul);
    case 'dateTime':
      return fc.oneof(fc.tuple(fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le'), dateLiteral).map(([op, d]) => `${path} ${op} "${d}"`), fc.constant(`${path} pr`));
    case 'string':
      return fc.oneof(
        fc.tuple(fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'), stringLiteral).map(([op, s]) => `${path} ${op} ${JSON.stringify(s)}`),
        fc.constant(`${path} pr`),
        nul,
      );
  }
}

function logical(leaf: fc.Arbitrary<string>, depth: number): fc.Arbitrary<string> {
  if (depth === 0) return leaf;
  const sub = logical(leaf, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: fc.tuple(sub, fc.constantFrom('and', 'or'), sub).map(([a, op, b]) => `(${a}) ${op} (${b})`) },
    { weight: 1, arbitrary: sub.map((a) => `not (${a})`) },
  );
}

export function filterText(kind: ResourceKind): fc.Arbitrary<string> {
  const attrs = kind === 'User' ? USER_ATTRS : GROUP_ATTRS;
  const valuePath = fc.constantFrom(...VALUE_PATHS[kind]).chain(([attr, subs]) => logical(fc.constantFrom(...subs).chain(attrExp), 2).map((inner) => `${attr}[${inner}]`));
  const leaf = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...attrs).chain(attrExp) }, { weight: 1, arbitrary: valuePath });
  return logical(leaf, 3);
}

// --- sorting ---------------------------------------------------------------------------------------------

export const SORT_ROWS: [string | undefined, SortOrder, ResourceKind][] = [
  [undefined, 'ascending', 'User'],
  ['userName', 'ascending', 'User'],
  ['userName', 'descending', 'User'],
  ['displayName', 'ascending', 'User'],
  ['externalId', 'descending', 'User'],
  ['title', 'ascending', 'User'],
  ['name.familyName', 'descending', 'User'],
  ['emails', 'ascending', 'User'],
  ['emails.type', 'descending', 'User'],
  ['meta.created', 'descending', 'User'],
  ['active', 'ascending', 'User'],
  [`${ENTERPRISE}:department`, 'ascending', 'User'],
  ['displayName', 'descending', 'Group'],
  ['meta.lastModified', 'ascending', 'Group'],
];

/** The reference: primary-or-first value of multi-valued attributes, case folded unless caseExact, unassigned last. */
export function sortInMemory(docs: readonly Record<string, unknown>[], sortBy: string | undefined, order: SortOrder, rt: ResourceTypeDef): string[] {
  const resolved = sortBy === undefined ? undefined : resolveAttribute(rt, sortBy);
  const key = (doc: Record<string, unknown>): string | number | undefined => {
    if (!resolved) return undefined;
    const container = (resolved.inExtension ? doc[resolved.schemaId] : doc) as Record<string, unknown> | undefined;
    let value = container?.[resolved.attribute.name];
    const subName = resolved.subAttribute?.name ?? (resolved.attribute.type === 'complex' ? 'value' : undefined);
    if (Array.isArray(value)) value = (value as Record<string, unknown>[]).find((v) => v['primary'] === true) ?? value[0];
    if (subName !== undefined) value = (value as Record<string, unknown> | undefined)?.[subName];
    if (typeof value === 'boolean') return value ? 1 : 0;
    const caseExact = (resolved.subAttribute ?? resolved.attribute).caseExact;
    return typeof value === 'string' ? (caseExact ? value : value.toLowerCase()) : undefined;
  };
  const keyed = docs.map((doc, seq) => ({ id: doc['id'] as string, seq, key: key(doc) }));
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) return a.key === b.key ? a.seq - b.seq : a.key === undefined ? 1 : -1;
    const diff = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return (order === 'descending' ? -diff : diff) || a.seq - b.seq;
  });
  return keyed.map((k) => k.id);
}
