// Table tests for parseFilter and parsePath: RFC 7644 section 3.4.2.2 examples, precedence, invalid input, limits.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ScimError } from '../errors.js';
import { formatAttrPath, type FilterNode } from './ast.js';
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, MAX_FILTER_TERMS, parseFilter, parsePath } from './parse.js';

/** A compact, fully parenthesised rendering of the AST so rows stay readable. */
function show(node: FilterNode): string {
  switch (node.kind) {
    case 'compare':
      return `(${formatAttrPath(node.path)} ${node.op} ${JSON.stringify(node.value)})`;
    case 'present':
      return `(${formatAttrPath(node.path)} pr)`;
    case 'and':
    case 'or':
      return `(${node.kind} ${node.filters.map(show).join(' ')})`;
    case 'not':
      return `(not ${show(node.filter)})`;
    case 'valuePath':
      return `${formatAttrPath(node.path)}[${show(node.filter)}]`;
  }
}

// Every filter example in RFC 7644 section 3.4.2.2 (the "filter=" lines), in order.
const rfcExamples: [string, string][] = [
  ['userName eq "bjensen"', '(userName eq "bjensen")'],
  [`name.familyName co "O'Malley"`, `(name.familyName co "O'Malley")`],
  ['userName sw "J"', '(userName sw "J")'],
  ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', '(urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J")'],
  ['title pr', '(title pr)'],
  ['meta.lastModified gt "2011-05-13T04:42:34Z"', '(meta.lastModified gt "2011-05-13T04:42:34Z")'],
  ['meta.lastModified ge "2011-05-13T04:42:34Z"', '(meta.lastModified ge "2011-05-13T04:42:34Z")'],
  ['meta.lastModified lt "2011-05-13T04:42:34Z"', '(meta.lastModified lt "2011-05-13T04:42:34Z")'],
  ['meta.lastModified le "2011-05-13T04:42:34Z"', '(meta.lastModified le "2011-05-13T04:42:34Z")'],
  ['title pr and userType eq "Employee"', '(and (title pr) (userType eq "Employee"))'],
  ['title pr or userType eq "Intern"', '(or (title pr) (userType eq "Intern"))'],
  [
    'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
    '(schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")',
  ],
  [
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    '(and (userType eq "Employee") (or (emails co "example.com") (emails.value co "example.org")))',
  ],
  [
    'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    '(and (userType ne "Employee") (not (or (emails co "example.com") (emails.value co "example.org"))))',
  ],
  ['userType eq "Employee" and (emails.type eq "work")', '(and (userType eq "Employee") (emails.type eq "work"))'],
  [
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    '(and (userType eq "Employee") emails[(and (type eq "work") (value co "@example.com"))])',
  ],
  [
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    '(or emails[(and (type eq "work") (value co "@example.com"))] ims[(and (type eq "xmpp") (value co "@foo.com"))])',
  ],
];

const precedence: [string, string][] = [
  ['a pr or b pr and c pr', '(or (a pr) (and (b pr) (c pr)))'],
  ['a pr and b pr or c pr', '(or (and (a pr) (b pr)) (c pr))'],
  ['(a pr or b pr) and c pr', '(and (or (a pr) (b pr)) (c pr))'],
  ['not (a pr) and b pr', '(and (not (a pr)) (b pr))'],
  ['not (a pr and b pr) or c pr', '(or (not (and (a pr) (b pr))) (c pr))'],
  ['not a pr and b pr', '(and (not (a pr)) (b pr))'],
  ['a pr and b pr and c pr', '(and (a pr) (b pr) (c pr))'],
  ['a pr or b pr or c pr and d pr', '(or (a pr) (b pr) (and (c pr) (d pr)))'],
  ['((a pr))', '(a pr)'],
  ['a pr and (b pr or (c pr and not (d pr)))', '(and (a pr) (or (b pr) (and (c pr) (not (d pr)))))'],
  // Microsoft Entra ID's matching filter (test/fixtures/idp/entra/06): read as one value filter.
  ['emails[type eq "work"].value eq "x"', 'emails[(and (type eq "work") (value eq "x"))]'],
];

const lexical: [string, string][] = [
  ['userName EQ "x"', '(userName eq "x")'],
  ['USERNAME Eq "x" AND Title PR', '(and (USERNAME eq "x") (Title pr))'],
  ['active eq TRUE', '(active eq true)'],
  ['active ne False', '(active ne false)'],
  ['title eq null', '(title eq null)'],
  ['x eq 42', '(x eq 42)'],
  ['x gt -1.5e3', '(x gt -1500)'],
  ['x eq 0', '(x eq 0)'],
  ['userName eq "a\\"b\\\\c\\u00e9\\n"', '(userName eq "a\\"b\\\\cé\\n")'],
  ['userName eq ""', '(userName eq "")'],
  ['userName eq "semi;colon and or not ( ) [ ]"', '(userName eq "semi;colon and or not ( ) [ ]")'],
  ['  userName   eq\t"x"  ', '(userName eq "x")'],
  ['(userName eq "x")and(title pr)', '(and (userName eq "x") (title pr))'],
  ['members[value eq "2819c223"]', 'members[(value eq "2819c223")]'],
  ['manager.$ref pr', '(manager.$ref pr)'],
  [
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"',
    '(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales")',
  ],
  [
    'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "B"',
    '(urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "B")',
  ],
  ['emails[not (type eq "work")]', 'emails[(not (type eq "work"))]'],
];

describe('parseFilter', () => {
  test.each(rfcExamples)('RFC 7644 example: %s', (text, expected) => {
    expect(show(parseFilter(text))).toBe(expected);
  });
  test.each(precedence)('precedence: %s', (text, expected) => {
    expect(show(parseFilter(text))).toBe(expected);
  });
  test.each(lexical)('lexical: %s', (text, expected) => {
    expect(show(parseFilter(text))).toBe(expected);
  });

  test('keeps the URN, attribute and sub-attribute apart', () => {
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName pr')).toEqual({
      kind: 'present',
      path: { urn: 'urn:ietf:params:scim:schemas:core:2.0:User', attr: 'name', sub: 'givenName' },
    });
  });

  const nest = (n: number) => `${'('.repeat(n)}a pr${')'.repeat(n)}`;
  const terms = (n: number) => Array.from({ length: n }, (_, i) => `a${i} pr`).join(' and ');

  // [input, a fragment the detail must contain]
  const invalid: [string, string][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['userName eq "bjensen', 'unterminated string "\\"bjensen" at character 13'],
    ['userName eq bjensen', 'expected a value'],
    ['userName eq', 'end of input'],
    ['userName', 'expected an operator'],
    ['userName equals "x"', '"equals"'],
    ['userName eq "x" and', 'expected an attribute path'],
    ['userName eq "x" userName eq "y"', 'unexpected "userName"'],
    ['(userName eq "x"', 'expected ")"'],
    ['userName eq "x")', 'unexpected ")"'],
    ['emails[type eq "work"', 'expected "]"'],
    ['emails[type eq "work"].value', 'expected an operator'],
    ['emails[type[value eq "x"] pr]', 'cannot be nested'],
    ['emails.value[type eq "x"]', 'not the sub-attribute'],
    ['name.familyName.x eq "y"', 'invalid attribute path'],
    ['foo:bar eq "y"', 'only a schema URN'],
    ['urn: eq "x"', 'invalid URN'],
    ['userName eq "\\x41"', 'invalid string literal'],
    ['userName eq "tab\there"', 'invalid string literal'],
    ['x eq 01', 'invalid number'],
    ['x eq 1.', 'invalid number'],
    ['x eq 1e999', 'out of range'],
    ['x eq 12abc', 'invalid number'],
    ['userName eq \'single\'', 'unexpected character "\'"'],
    ['userName eq "x" && title pr', 'unexpected character "&"'],
    ['userName eq "x"; DROP TABLE scim_users', 'unexpected character ";"'],
    ['not', 'end of input'],
    ['()', 'expected an attribute path'],
    ['[type eq "x"]', 'expected an attribute path'],
    ['1 eq 1', 'expected an attribute path'],
    [nest(MAX_FILTER_DEPTH + 1), `deeper than ${MAX_FILTER_DEPTH}`],
    [`${'not '.repeat(MAX_FILTER_DEPTH + 1)}a pr`, `deeper than ${MAX_FILTER_DEPTH}`],
    [terms(MAX_FILTER_TERMS + 1), `more than ${MAX_FILTER_TERMS}`],
    [`userName eq "${'x'.repeat(MAX_FILTER_LENGTH)}"`, `limit is ${MAX_FILTER_LENGTH}`],
  ];
  test.each(invalid)('invalid: %s', (text, fragment) => {
    const error = catchError(() => parseFilter(text));
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).scimType).toBe('invalidFilter');
    expect((error as ScimError).status).toBe(400);
    expect((error as ScimError).detail).toContain(fragment);
  });

  test('accepts input right at the limits', () => {
    expect(() => parseFilter(nest(MAX_FILTER_DEPTH))).not.toThrow();
    expect(() => parseFilter(terms(MAX_FILTER_TERMS))).not.toThrow();
    const pad = MAX_FILTER_LENGTH - 'userName eq ""'.length;
    expect(() => parseFilter(`userName eq "${'x'.repeat(pad)}"`)).not.toThrow();
  });

  test('a filter that is not a string gives invalidFilter', () => {
    expect(catchError(() => parseFilter(42 as unknown as string))).toBeInstanceOf(ScimError);
  });

  const fragments = ['userName', ' eq ', ' pr', ' and ', ' or ', 'not ', '(', ')', '[', ']', '"x"', '"', '\\', '.', ':', 'urn:a:b', '1', '-', 'true', 'emails', ' ', '\u0000', '\ud800', 'é'];
  // Termination is what matters here (a hang fails on the test timeout); speed belongs to `npm run bench`.
  test('random strings throw nothing but ScimError', () => {
    const text = fc.oneof(fc.string({ maxLength: 300 }), fc.array(fc.constantFrom(...fragments), { maxLength: 200 }).map((a) => a.join('')));
    fc.assert(
      fc.property(text, (input) => {
        const error = catchError(() => parseFilter(input));
        const pathError = catchError(() => parsePath(input));
        if (error !== undefined) expect(error).toBeInstanceOf(ScimError);
        if (pathError !== undefined) expect(pathError).toBeInstanceOf(ScimError);
      }),
      { numRuns: 2000 },
    );
  });

  test('the largest and most nested allowed inputs end in a result or a ScimError', () => {
    const big = Array.from({ length: MAX_FILTER_TERMS }, (_, i) => `(emails[value co "${'%'.repeat(40)}${i}"])`).join(' or ').slice(0, MAX_FILTER_LENGTH);
    for (const input of [big, '('.repeat(MAX_FILTER_LENGTH), '"'.padEnd(MAX_FILTER_LENGTH, '\\')]) {
      const error = catchError(() => parseFilter(input));
      if (error !== undefined) expect(error).toBeInstanceOf(ScimError);
    }
  });
});

describe('parsePath', () => {
  const rows: [string, unknown][] = [
    ['userName', { path: { attr: 'userName' } }],
    ['name.familyName', { path: { attr: 'name', sub: 'familyName' } }],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
      { path: { urn: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', attr: 'manager' } },
    ],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName',
      { path: { urn: 'urn:ietf:params:scim:schemas:core:2.0:User', attr: 'name', sub: 'givenName' } },
    ],
    [
      'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
      { path: { attr: 'members' }, filter: { kind: 'compare', path: { attr: 'value' }, op: 'eq', value: '2819c223-7f76-453a-919d-413861904646' } },
    ],
    [
      'emails[type eq "work"].value',
      { path: { attr: 'emails' }, filter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' }, subAttr: 'value' },
    ],
    [
      'addresses[type eq "work" and primary eq true].streetAddress',
      {
        path: { attr: 'addresses' },
        filter: {
          kind: 'and',
          filters: [
            { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
            { kind: 'compare', path: { attr: 'primary' }, op: 'eq', value: true },
          ],
        },
        subAttr: 'streetAddress',
      },
    ],
  ];
  test.each(rows)('%s', (text, expected) => {
    expect(parsePath(text)).toEqual(expected);
  });

  const invalid = ['', 'emails[', 'emails[type eq "work"', 'emails[type eq "work"].', 'emails[type eq "work"].value.x', 'a b', 'a.b.c', 'emails.value[type eq "x"]', 'emails[type eq "w"]x', 'a eq "x"'];
  test.each(invalid)('invalid path: %s', (text) => {
    const error = catchError(() => parsePath(text));
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).scimType).toBe('invalidPath');
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}
