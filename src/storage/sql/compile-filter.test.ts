// Per-dialect SQL text for representative filters, injection-shaped values, and refusals of unmapped attributes.
import Database from 'better-sqlite3';
import { registerScimFunctions } from '../sqlite/sql-functions.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ScimError } from '../../scim/errors.js';
import { checkFilter } from '../../scim/filter/check.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { resolveAttribute } from '../../scim/schema/resolve.js';
import { groupResourceType, userResourceType } from '../../scim/schema/resource-types.js';
import { compileFilter } from './compile-filter.js';
import { compileSort } from './compile-sort.js';
import { escapeGlob, escapeLike, postgresDialect, sqliteDialect } from './dialect.js';
import { prefixUpperBound } from './prefix-range.js';
import { groupSqlTarget, userSqlTarget } from './sql-target.js';
import { BASE_URL, generateResources, loadSqlite, ORG } from './testing/seed-resources.js';

const compileUser = (filter: string, dialect = sqliteDialect) =>
  compileFilter(checkFilter(parseFilter(filter), userResourceType), userSqlTarget, dialect, { scimBaseUrl: BASE_URL });
const compileGroup = (filter: string, dialect = sqliteDialect) =>
  compileFilter(checkFilter(parseFilter(filter), groupResourceType), groupSqlTarget, dialect, { scimBaseUrl: BASE_URL });

describe('SQL text per dialect', () => {
  // [filter, SQLite, PostgreSQL, SQLite params, PostgreSQL params when they differ]
  const rows: [string, string, string, unknown[], unknown[]?][] = [
    ['userName eq "BJensen"', 'u.user_name_ci = ?', 'u.user_name_ci = $1', ['bjensen']],
    ['userName ne "x"', 'NOT (u.user_name_ci = ?)', 'NOT (u.user_name_ci = $1)', ['x']],
    ['userName sw "J_"', '(u.user_name_ci >= ? AND u.user_name_ci < ?)', '(u.user_name_ci COLLATE "C" >= $1 AND u.user_name_ci COLLATE "C" < $2)', ['j_', 'j`']],
    ['displayName sw "é"', '(u.display_name_ci IS NOT NULL AND (u.display_name_ci >= ? AND u.display_name_ci < ?))', '(u.display_name_ci IS NOT NULL AND (u.display_name_ci COLLATE "C" >= $1 AND u.display_name_ci COLLATE "C" < $2))', ['é', 'ê']],
    ['userName ew "J_"', "u.user_name_ci LIKE ? ESCAPE '\\'", "u.user_name_ci LIKE $1 ESCAPE '\\'", ['%j\\_']],
    ['externalId eq "Ext-1"', '(u.external_id IS NOT NULL AND u.external_id = ?)', '(u.external_id IS NOT NULL AND u.external_id = $1)', ['Ext-1']],
    ['externalId co "A*"', '(u.external_id IS NOT NULL AND u.external_id GLOB ?)', "(u.external_id IS NOT NULL AND u.external_id LIKE $1 ESCAPE '\\')", ['*A[*]*'], ['%A*%']],
    ['displayName gt "M"', '(u.display_name_ci IS NOT NULL AND u.display_name_ci > ?)', '(u.display_name_ci IS NOT NULL AND u.display_name_ci COLLATE "C" > $1)', ['m']],
    ['active eq false', 'u.active = ?', 'u.active = $1', [0], [false]],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', 'u.updated_at >= ?', 'u.updated_at >= $1::timestamptz', ['2011-05-13T04:42:34.000Z']],
    [
      'name.familyName co "O\'Malley"',
      `(json_extract(u.doc, '$."name"."familyName"') IS NOT NULL AND scim_fold(json_extract(u.doc, '$."name"."familyName"')) LIKE ? ESCAPE '\\')`,
      `(u.doc->'name'->>'familyName' IS NOT NULL AND lower(u.doc->'name'->>'familyName') LIKE $1 ESCAPE '\\')`,
      ["%o'malley%"],
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"',
      `(json_extract(u.doc, '$."urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"."department"') IS NOT NULL AND scim_fold(json_extract(u.doc, '$."urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"."department"')) = ?)`,
      `(u.doc->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->>'department' IS NOT NULL AND lower(u.doc->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->>'department') = $1)`,
      ['sales'],
    ],
    [
      'emails[type eq "work" and value co "@example.com"]',
      "EXISTS (SELECT 1 FROM scim_user_emails c1 WHERE c1.user_seq = u.seq AND c1.org_id = u.org_id AND ((c1.type IS NOT NULL AND scim_fold(c1.type) = ?) AND c1.value_ci LIKE ? ESCAPE '\\'))",
      "EXISTS (SELECT 1 FROM scim_user_emails c1 WHERE c1.user_seq = u.seq AND c1.org_id = u.org_id AND ((c1.type IS NOT NULL AND lower(c1.type) = $1) AND c1.value_ci LIKE $2 ESCAPE '\\'))",
      ['work', '%@example.com%'],
    ],
    [
      'emails.primary eq true',
      'EXISTS (SELECT 1 FROM scim_user_emails c1 WHERE c1.user_seq = u.seq AND c1.org_id = u.org_id AND c1.is_primary = ?)',
      'EXISTS (SELECT 1 FROM scim_user_emails c1 WHERE c1.user_seq = u.seq AND c1.org_id = u.org_id AND c1.is_primary = $1)',
      [1],
      [true],
    ],
    [
      'ims[type eq "xmpp"]',
      `EXISTS (SELECT 1 FROM json_each(u.doc, '$."ims"') AS j1 WHERE COALESCE(j1.type, 'null') = 'object' AND (json_extract(j1.value, '$."type"') IS NOT NULL AND scim_fold(json_extract(j1.value, '$."type"')) = ?))`,
      `EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(u.doc->'ims') = 'array' THEN u.doc->'ims' ELSE '[]'::jsonb END) WITH ORDINALITY AS j1(value, ord) WHERE COALESCE(jsonb_typeof(j1.value) = 'object', false) AND (j1.value->>'type' IS NOT NULL AND lower(j1.value->>'type') = $1))`,
      ['xmpp'],
    ],
    [
      'title pr and not (userType eq "Intern")',
      `((json_extract(u.doc, '$."title"') IS NOT NULL AND json_extract(u.doc, '$."title"') <> '') AND NOT ((json_extract(u.doc, '$."userType"') IS NOT NULL AND scim_fold(json_extract(u.doc, '$."userType"')) = ?)))`,
      `((u.doc->>'title' IS NOT NULL AND u.doc->>'title' <> '') AND NOT ((u.doc->>'userType' IS NOT NULL AND lower(u.doc->>'userType') = $1)))`,
      ['intern'],
    ],
  ];
  test.each(rows)('%s', (filter, sqlite, postgres, params, pgParams) => {
    const lite = compileUser(filter, sqliteDialect);
    const pg = compileUser(filter, postgresDialect);
    expect(lite.sql).toBe(sqlite);
    expect(pg.sql).toBe(postgres);
    expect(lite.params).toEqual(params);
    expect(pg.params).toEqual(pgParams ?? params);
  });

  test('groups: members through scim_group_members', () => {
    expect(compileGroup('members[value eq "u1"] or members.type eq "Group"', postgresDialect)).toEqual({
      sql: '(EXISTS (SELECT 1 FROM scim_group_members c1 WHERE c1.group_seq = g.seq AND c1.org_id = g.org_id AND c1.member_id = $1) OR EXISTS (SELECT 1 FROM scim_group_members c2 WHERE c2.group_seq = g.seq AND c2.org_id = g.org_id AND lower(c2.member_type) = $2))',
      params: ['u1', 'group'],
    });
  });

  test('with the organization given, child tables are entered through their own index', () => {
    const checked = checkFilter(parseFilter('emails.value eq "A@x.org" and not (emails[type eq "home"])'), userResourceType);
    expect(compileFilter(checked, userSqlTarget, postgresDialect, { paramOffset: 1, orgId: 'org-1' })).toEqual({
      sql: '(u.seq IN (SELECT c1.user_seq FROM scim_user_emails c1 WHERE c1.org_id = $2 AND c1.value_ci = $3) AND NOT (u.seq IN (SELECT c2.user_seq FROM scim_user_emails c2 WHERE c2.org_id = $4 AND (c2.type IS NOT NULL AND lower(c2.type) = $5))))',
      params: ['org-1', 'a@x.org', 'org-1', 'home'],
    });
  });

  test('prefix upper bounds', () => {
    expect(prefixUpperBound('ab')).toBe('ac');
    expect(prefixUpperBound('a\u{1F600}')).toBe('a\u{1F601}');
    expect(prefixUpperBound('a\u{10FFFF}')).toBeUndefined();
    expect(prefixUpperBound('a\uD7FF')).toBeUndefined();
    expect(prefixUpperBound('a\uD800')).toBeUndefined();
  });

  test('PostgreSQL placeholders continue after a parameter offset', () => {
    const checked = checkFilter(parseFilter('userName eq "a" or displayName eq "b"'), userResourceType);
    expect(compileFilter(checked, userSqlTarget, postgresDialect, { paramOffset: 2 }).sql).toBe(
      '(u.user_name_ci = $3 OR (u.display_name_ci IS NOT NULL AND u.display_name_ci = $4))',
    );
  });

  test('sort text per dialect', () => {
    const userName = resolveAttribute(userResourceType, 'userName');
    const title = resolveAttribute(userResourceType, 'title');
    expect(compileSort(undefined, 'descending', userSqlTarget, sqliteDialect)).toBe('u.seq ASC');
    expect(compileSort(userName, 'descending', userSqlTarget, sqliteDialect)).toBe('u.user_name_ci DESC NULLS LAST, u.seq ASC');
    expect(compileSort(userName, 'ascending', userSqlTarget, postgresDialect)).toBe('u.user_name_ci COLLATE "C" ASC NULLS LAST, u.seq ASC');
    expect(compileSort(title, 'ascending', userSqlTarget, postgresDialect)).toBe(`lower(u.doc->>'title') COLLATE "C" ASC NULLS LAST, u.seq ASC`);
  });
});

describe('injection-shaped values are bound, never spliced', () => {
  const hostile = [
    `x" or "1" eq "1`,
    `'; DROP TABLE scim_users; --`,
    `' OR '1'='1`,
    `\\'; SELECT * FROM scim_tokens; --`,
    `%' OR 1=1 --`,
    `*]) OR 1=1 --`,
    `$1; DELETE FROM orgs`,
    `?); DELETE FROM orgs; --`,
    `\u0001'--`, // U+0000 never reaches SQL: the lexer refuses it (test/scim/hardening-text.test.ts)
    `Robert'); DROP TABLE Students;--`,
  ];
  const templates = [
    (v: string) => `userName eq ${JSON.stringify(v)}`,
    (v: string) => `externalId co ${JSON.stringify(v)}`,
    (v: string) => `title sw ${JSON.stringify(v)}`,
    (v: string) => `emails[type eq ${JSON.stringify(v)} or value ew ${JSON.stringify(v)}]`,
    (v: string) => `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department gt ${JSON.stringify(v)}`,
    (v: string) => `phoneNumbers co ${JSON.stringify(v)}`,
  ];
  const db = new Database(':memory:');
  registerScimFunctions(db);
  loadSqlite(db, generateResources(20, 3));
  const rows = hostile.flatMap((value) => templates.map((template) => [template(value), value] as const));

  test.each(rows)('%s', (filter, value) => {
    for (const dialect of [sqliteDialect, postgresDialect]) {
      const { sql, params } = compileUser(filter, dialect);
      expect(sql).not.toContain(value);
      expect(sql).not.toContain(value.toLowerCase());
      expect(sql).not.toMatch(/DROP|DELETE|scim_tokens|1=1/);
      // The value arrives intact in a parameter, once LIKE and GLOB escapes are undone.
      const bound = params.map((p) => String(p).replace(/\\([%_\\])/g, '$1').replace(/\[(.)\]/g, '$1'));
      expect(bound.some((p) => p.includes(value) || p.includes(value.toLowerCase()))).toBe(true);
    }
    // It runs as a query and leaves the database intact.
    const { sql, params } = compileUser(filter);
    db.prepare(`SELECT u.id FROM scim_users u WHERE u.org_id = ? AND (${sql})`).all(ORG, ...params);
    expect(db.prepare('SELECT count(*) AS n FROM scim_users').get()).toEqual({ n: 20 });
    expect(db.prepare('SELECT count(*) AS n FROM orgs').get()).toEqual({ n: 1 });
  });

  test('wildcards are escaped for LIKE and GLOB', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
    expect(escapeGlob('a*b?c[d]')).toBe('a[*]b[?]c[[]d]');
  });
});

describe('computed attributes (render-resource.ts) compile to the values the responses show', () => {
  // The base URL holds a quote: it reaches SQL as a literal, doubled, never as a parameter that could repeat.
  const base = "'https://rollcall.test/o''k/scim/v2'";
  test('meta.location eq compares the id column (its index), or nothing when the URL is not ours', () => {
    expect(compileUser(`meta.location eq ${JSON.stringify(`${BASE_URL}/Users/u-1`)}`, postgresDialect)).toEqual({ sql: 'u.id = $1', params: ['u-1'] });
    expect(compileUser(`meta.location ne ${JSON.stringify(`${BASE_URL}/Groups/u-1`)}`)).toEqual({ sql: 'NOT (1 = 0)', params: [] });
    expect(compileGroup(`meta.location co "/Groups/"`, postgresDialect)).toEqual({ sql: `(${base} || '/Groups/' || g.id) LIKE $1 ESCAPE '\\'`, params: ['%/Groups/%'] });
  });

  test('meta.version is the weak ETag W/"<version>", meta.resourceType a constant', () => {
    expect(compileUser('meta.version eq "W/\\"3\\"" and meta.resourceType eq "User"')).toEqual({
      sql: `(('W/"' || CAST(u.version AS TEXT) || '"') = ? AND 'User' = ?)`,
      params: ['W/"3"', 'User'],
    });
  });

  test('groups.type and groups.$ref come from the membership row and its group', () => {
    expect(compileUser('groups[type eq "direct" and $ref ew "/g1"]', postgresDialect).sql).toBe(
      `EXISTS (SELECT 1 FROM scim_group_members c1 JOIN scim_groups c1j ON c1j.seq = c1.group_seq WHERE c1.member_id = u.id AND c1.org_id = u.org_id AND (lower('direct') = $1 AND lower((${base} || '/Groups/' || c1j.id)) LIKE $2 ESCAPE '\\'))`,
    );
  });

  test('members.display is the member\'s name as membersOf reads it', () => {
    expect(compileGroup('members[display co "A"]', postgresDialect).sql).toBe(
      "EXISTS (SELECT 1 FROM scim_group_members c1 WHERE c1.group_seq = g.seq AND c1.org_id = g.org_id AND " +
        "((CASE c1.member_type WHEN 'User' THEN (SELECT COALESCE(c1u.display_name, c1u.user_name) FROM scim_users c1u WHERE c1u.id = c1.member_id) " +
        "ELSE (SELECT c1g.display_name FROM scim_groups c1g WHERE c1g.id = c1.member_id) END) IS NOT NULL AND " +
        "lower((CASE c1.member_type WHEN 'User' THEN (SELECT COALESCE(c1u.display_name, c1u.user_name) FROM scim_users c1u WHERE c1u.id = c1.member_id) " +
        "ELSE (SELECT c1g.display_name FROM scim_groups c1g WHERE c1g.id = c1.member_id) END)) LIKE $1 ESCAPE '\\'))",
    );
  });

  test('members.display eq and sw read the member ids through the folded name indexes', () => {
    const checked = checkFilter(parseFilter('members.display eq "Ann"'), groupResourceType);
    expect(compileFilter(checked, groupSqlTarget, sqliteDialect, { orgId: 'o1' })).toEqual({
      sql:
        'g.seq IN (SELECT c1.group_seq FROM scim_group_members c1 WHERE c1.org_id = ? AND ' +
        "((c1.member_type = 'User' AND c1.member_id IN (SELECT c1u.id FROM scim_users c1u WHERE c1u.org_id = ? AND (c1u.display_name_ci = ? OR (c1u.display_name_ci IS NULL AND c1u.user_name_ci = ?)))) OR " +
        "(c1.member_type = 'Group' AND c1.member_id IN (SELECT c1g.id FROM scim_groups c1g WHERE c1g.org_id = ? AND c1g.display_name_ci = ?))))",
      params: ['o1', 'o1', 'ann', 'ann', 'o1', 'ann'],
    });
    expect(compileGroup('members.display sw "An"', postgresDialect).sql).toContain(`c1u.org_id = c1.org_id AND ((c1u.display_name_ci COLLATE "C" >= $1 AND c1u.display_name_ci COLLATE "C" < $2) OR`);
  });

  test('without the base URL, a filter on a URL is a programming error, not a wrong answer', () => {
    const checked = checkFilter(parseFilter('members.$ref pr'), groupResourceType);
    expect(() => compileFilter(checked, groupSqlTarget, sqliteDialect)).toThrow(/base URL/);
  });
});

describe('attributes the tables cannot answer', () => {
  test('a filter checked for one resource type cannot run on the other table', () => {
    const checked = checkFilter(parseFilter('displayName eq "x"'), groupResourceType);
    expect(() => compileFilter(checked, userSqlTarget, sqliteDialect)).toThrow(/Group filter/);
  });

  test('sorting by a never-returned or complex attribute is refused', () => {
    expect(() => compileSort(resolveAttribute(userResourceType, 'password'), 'ascending', userSqlTarget, sqliteDialect)).toThrow(ScimError);
    expect(() => compileSort(resolveAttribute(userResourceType, 'name'), 'ascending', userSqlTarget, sqliteDialect)).toThrow(ScimError);
    expect(() => compileSort(resolveAttribute(groupResourceType, 'members'), 'ascending', groupSqlTarget, sqliteDialect)).toThrow(ScimError);
  });
});

describe('robustness', () => {
  const words = ['userName', 'emails', 'emails.value', 'members', 'members.display', 'name', 'active', 'meta.created', 'meta.version', 'password', 'meta', 'meta.location', '$ref',
    'groups.type', 'schemas', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', 'eq', 'ne', 'co', 'gt', 'pr', 'and', 'or', 'not',
    '(', ')', '[', ']', '"x"', '""', 'true', 'null', '1', '"2011-05-13T04:42:34Z"', 'value', 'type', 'display', 'primary'];
  test('parse, check and compile throw nothing but ScimError for any token soup', () => {
    const soup = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 12 }).map((a) => a.join(' '));
    fc.assert(
      fc.property(soup, fc.constantFrom('User', 'Group'), (text, kind) => {
        try {
          if (kind === 'User') compileUser(text, postgresDialect);
          else compileGroup(text, postgresDialect);
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
