// Seeded generators of hostile SCIM input, shared by the fuzz suites: filters, PATCH and JSON bodies, query
// parameters, path segments.
import fc from 'fast-check';
import { MAX_FILTER_LENGTH } from '../../src/scim/filter/limits.js';
import { MAX_IDENTIFIER_LENGTH, MAX_STRING_LENGTH } from '../../src/scim/schema/limits.js';

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

// NUL, lone surrogates and values past the documented limits are refused with a 400 on both engines (issue 12 items
// 3 and 4, docs/decisions/limits.md), so the generators send them too: around each limit, and far past it.
const LENGTHS = [MAX_IDENTIFIER_LENGTH, MAX_IDENTIFIER_LENGTH + 1, 2_800, MAX_FILTER_LENGTH + 1, 12_000, MAX_STRING_LENGTH, MAX_STRING_LENGTH + 1];
const UNSTORABLE = ['\u0000', '\ud800', '\udfff', '\udc00\ud800'];
const plain = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength });
/** A long value built from a few (often multi-byte) characters; slicing may split a pair into a lone surrogate. */
const long = fc.tuple(fc.constantFrom(...LENGTHS), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 })).map(([n, s]) => s.repeat(Math.ceil(n / s.length)).slice(0, n));
export const text = (maxLength = 40) =>
  fc.oneof(
    { weight: 8, arbitrary: plain(maxLength) },
    { weight: 2, arbitrary: fc.tuple(plain(maxLength >> 1), fc.constantFrom(...UNSTORABLE), plain(maxLength >> 1)).map(([a, bad, b]) => `${a}${bad}${b}`) },
    { weight: 1, arbitrary: long },
  );
export const asciiText = (maxLength = 40) => fc.string({ unit: 'grapheme-ascii', maxLength });

/** encodeURIComponent, except that a lone surrogate becomes its generalized UTF-8 bytes (as a careless client sends). */
export function encodeAny(value: string): string {
  return Array.from(value, (ch) => {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
    return encodeURIComponent(ch);
  }).join('');
}

export const ATTRIBUTES = [
  'userName', 'displayName', 'name.givenName', 'name.familyName', 'emails', 'emails.value', 'emails.type', 'emails.primary',
  'active', 'externalId', 'id', 'meta.created', 'meta.lastModified', 'title', 'groups', 'members', 'members.value',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', 'nosuch', 'emails[type eq "work"]', '',
  'meta', 'meta.resourceType', 'meta.location', 'meta.version', 'groups.type', 'groups.$ref', 'members.display', 'members.$ref',
];
const OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'EQ', 'xx'];
const literal = fc.oneof(
  text(20).map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'false', 'null', '1', '-2.5', '1e400', '"2024-01-01T00:00:00Z"', '"', '\\', '""'),
  fc.integer().map(String),
);
const comparison = fc.tuple(fc.constantFrom(...ATTRIBUTES), fc.constantFrom(...OPERATORS), literal).map(([a, op, v]) => (op === 'pr' ? `${a} pr` : `${a} ${op} ${v}`));
export const filter: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.tuple(tie('f'), fc.constantFrom('and', 'or', 'AND', 'nor'), tie('f')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('f').map((f) => `not (${f})`),
    tie('f').map((f) => `(${f})`),
    fc.tuple(fc.constantFrom('emails', 'members', 'groups', 'addresses', 'meta'), comparison).map(([a, c]) => `${a}[${c}]`),
    asciiText(60),
  ),
})).f;

export const json: fc.Arbitrary<unknown> = fc.oneof({ weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) }, { weight: 1, arbitrary: text(20) });
const PATHS = ['userName', 'displayName', 'active', 'emails', 'emails[type eq "work"].value', 'name.givenName', 'members', 'members[value eq "x"]', 'externalId', 'meta', 'id', 'schemas', 'nosuch', '', '[', 'emails[', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value'];
const patchOperation = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'replace', 'remove', 'Add', 'REPLACE', 'move'), json),
    path: fc.oneof(fc.constantFrom(...PATHS), asciiText(30), json),
    value: json,
  },
  { requiredKeys: [] },
);
export const patchBody = fc.oneof(
  fc.array(patchOperation, { maxLength: 5 }).map((Operations) => ({ schemas: [PATCH_OP], Operations })),
  fc.record({ schemas: fc.oneof(fc.constant([PATCH_OP]), json), Operations: json }, { requiredKeys: [] }),
  json,
);
export const userBody = fc.oneof(
  fc.record(
    {
      schemas: fc.oneof(fc.constant(['urn:ietf:params:scim:schemas:core:2.0:User']), json),
      userName: fc.oneof(text(30), json),
      name: json,
      emails: fc.oneof(fc.array(fc.record({ value: fc.oneof(text(30), json), type: json, primary: json }, { requiredKeys: [] }), { maxLength: 4 }), json),
      active: json,
      externalId: fc.oneof(text(20), json),
      groups: json,
      meta: json,
    },
    { requiredKeys: [] },
  ),
  json,
);
const queryValue = fc.oneof(asciiText(20), fc.integer().map(String), fc.constantFrom('0', '-1', '1e9', '999999999999999999999', 'NaN', ''));
export const query = fc
  .record(
    {
      startIndex: queryValue,
      count: queryValue,
      sortBy: fc.oneof(fc.constantFrom(...ATTRIBUTES), asciiText(20)),
      sortOrder: fc.oneof(fc.constantFrom('ascending', 'descending'), asciiText(10)),
      attributes: fc.oneof(fc.constantFrom(...ATTRIBUTES), asciiText(30)),
      excludedAttributes: fc.oneof(fc.constantFrom(...ATTRIBUTES), asciiText(30)),
      filter,
      cursor: asciiText(30),
    },
    { requiredKeys: [] },
  )
  .map((params) => new URLSearchParams(params as Record<string, string>).toString());
export const segment = fc.oneof(
  text(30).map(encodeAny),
  fc.constantFrom('%ff', '%', '%E0%A4%A', '..', '.', '%2e%2e', '%2F', 'a%20b', '.search', '%C0%AF', ';', '*', '~'),
  asciiText(30).map((s) => s.replace(/[^A-Za-z0-9._~!$&'()*+,;=:@-]/g, (c) => encodeURIComponent(c))),
);
