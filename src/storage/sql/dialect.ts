// The few places SQLite and PostgreSQL differ when a checked filter becomes SQL: placeholders, JSON, LIKE, types.

/** A JSON value inside a row: under the document column, or inside one element of a JSON array being iterated. */
export type JsonRef =
  | { readonly kind: 'doc'; readonly column: string; readonly keys: readonly string[] }
  | { readonly kind: 'element'; readonly alias: string; readonly keys: readonly string[] };

export type TextMatchOp = 'co' | 'sw' | 'ew';

/** Binds a value and returns its placeholder; the only way a value enters SQL text. */
export type Bind = (value: unknown) => string;

export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** The placeholder for the 1-based parameter `index`. */
  placeholder(index: number): string;
  /** A JSON scalar as an SQL value (text for strings), NULL when missing or JSON null. */
  jsonScalar(ref: JsonRef): string;
  /** A JSON number as an SQL number, NULL when missing or not a number. */
  jsonNumber(ref: JsonRef): string;
  /** A never-NULL predicate: the JSON value at `ref` is the boolean `value`. */
  jsonBooleanIs(ref: JsonRef, value: boolean, bind: Bind): string;
  /** A never-NULL predicate: the JSON value at `ref` is `true` (for ordering, where nothing is bound). */
  jsonIsTrue(ref: JsonRef): string;
  /** A never-NULL predicate: the JSON value at `ref` is an object. */
  jsonIsObject(ref: JsonRef): string;
  /** A FROM item iterating the JSON array at `ref` as `alias`, whose elements are `{ kind: 'element', alias }`. */
  jsonArrayElements(ref: JsonRef, alias: string): string;
  /** The position of the current element of `jsonArrayElements(_, alias)`, for "first element" ordering. */
  jsonArrayIndex(alias: string): string;
  /** The bound form of a boolean column value. */
  booleanParam(value: boolean): unknown;
  /**
   * The groups of the user row `alias` as a JSON array of [id, displayName] pairs in group order (`[]` for none):
   * the User `groups` attribute read in the same statement as the user.
   */
  userGroupsJson(alias: string): string;
  /** A timestamp placeholder, cast as the timestamp column's type needs. */
  timestamp(placeholder: string): string;
  /** Case folding for case-insensitive comparison of a text expression. */
  fold(expr: string): string;
  /** A text expression ordered by code point (matching the in-memory evaluator). */
  ordered(expr: string): string;
  /**
   * A never-NULL predicate (given non-NULL `expr`) for co/sw/ew. When `folded`, both `expr` and `literal`
   * are already lower-cased; otherwise the match must be case-sensitive.
   */
  textMatch(expr: string, op: TextMatchOp, literal: string, folded: boolean, bind: Bind): string;
}

/**
 * A string as an SQL literal, the same in both dialects (PostgreSQL's standard_conforming_strings is on by default
 * since 9.1). For the mapping's constants and configuration only; request values are always bound.
 */
export function sqlString(value: string): string {
  if (value.includes('\0')) throw new Error('NUL in an SQL string literal');
  return `'${value.replace(/'/g, "''")}'`;
}

/** Escapes LIKE wildcards so a literal matches itself; pairs with ESCAPE '\'. */
export function escapeLike(literal: string): string {
  return literal.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Escapes GLOB wildcards with bracket classes; GLOB has no escape character. */
export function escapeGlob(literal: string): string {
  return literal.replace(/[*?[]/g, (ch) => `[${ch}]`);
}

function likePattern(op: TextMatchOp, literal: string): string {
  const escaped = escapeLike(literal);
  return op === 'co' ? `%${escaped}%` : op === 'sw' ? `${escaped}%` : `%${escaped}`;
}

// JSON keys come from the schema registry, never from the request; this guards that promise.
const SAFE_KEY = /^[A-Za-z0-9:._$-]+$/;
function safeKeys(keys: readonly string[]): readonly string[] {
  for (const key of keys) if (!SAFE_KEY.test(key)) throw new Error(`unsafe JSON key in SQL: ${key}`);
  return keys;
}

function sqlitePath(keys: readonly string[]): string {
  return `'$${safeKeys(keys)
    .map((k) => `."${k}"`)
    .join('')}'`;
}

/** SQLite: json_extract/json_type/json_each (JSON1, built in), 0/1 booleans, ISO-8601 text timestamps. */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  placeholder: () => '?',
  jsonScalar(ref) {
    if (ref.kind === 'element' && ref.keys.length === 0) return `${ref.alias}.value`;
    const base = ref.kind === 'doc' ? ref.column : `${ref.alias}.value`;
    return `json_extract(${base}, ${sqlitePath(ref.keys)})`;
  },
  jsonNumber(ref) {
    return `(CASE WHEN ${sqliteType(ref)} IN ('integer', 'real') THEN ${this.jsonScalar(ref)} END)`;
  },
  jsonBooleanIs(ref, value, bind) {
    return `COALESCE(${sqliteType(ref)}, 'null') = ${bind(value ? 'true' : 'false')}`;
  },
  jsonIsTrue(ref) {
    return `COALESCE(${sqliteType(ref)}, 'null') = 'true'`;
  },
  jsonIsObject(ref) {
    return `COALESCE(${sqliteType(ref)}, 'null') = 'object'`;
  },
  jsonArrayElements(ref, alias) {
    const base = ref.kind === 'doc' ? ref.column : `${ref.alias}.value`;
    return `json_each(${base}, ${sqlitePath(ref.keys)}) AS ${alias}`;
  },
  jsonArrayIndex: (alias) => `${alias}.key`,
  userGroupsJson: (alias) =>
    `(SELECT json_group_array(json_array(g.id, g.display_name) ORDER BY g.seq) FROM scim_group_members m JOIN scim_groups g ON g.seq = m.group_seq
      WHERE m.org_id = ${alias}.org_id AND m.member_id = ${alias}.id)`,
  booleanParam: (value) => (value ? 1 : 0),
  timestamp: (placeholder) => placeholder,
  fold: (expr) => `scim_fold(${expr})`, // Unicode folding: registered by src/storage/sqlite/sql-functions.ts
  // BINARY collation compares UTF-8 bytes, which is code point order.
  ordered: (expr) => expr,
  textMatch(expr, op, literal, folded, bind) {
    // SQLite's LIKE ignores ASCII case, so it only serves folded comparisons; GLOB is case-sensitive.
    if (folded) return `${expr} LIKE ${bind(likePattern(op, literal))} ESCAPE '\\'`;
    const escaped = escapeGlob(literal);
    const pattern = op === 'co' ? `*${escaped}*` : op === 'sw' ? `${escaped}*` : `*${escaped}`;
    return `${expr} GLOB ${bind(pattern)}`;
  },
};

function sqliteType(ref: JsonRef): string {
  if (ref.kind === 'element' && ref.keys.length === 0) return `${ref.alias}.type`;
  const base = ref.kind === 'doc' ? ref.column : `${ref.alias}.value`;
  return `json_type(${base}, ${sqlitePath(ref.keys)})`;
}

/** PostgreSQL: jsonb operators, native booleans, timestamptz columns, "C" collation for ordering. */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  placeholder: (index) => `$${index}`,
  jsonScalar(ref) {
    const keys = safeKeys(ref.keys);
    const base = pgBase(ref);
    if (keys.length === 0) return `(${base} #>> '{}')`;
    return `${[base, ...keys.slice(0, -1).map((k) => `'${k}'`)].join('->')}->>'${keys[keys.length - 1]}'`;
  },
  jsonNumber(ref) {
    const value = pgJson(ref);
    return `(CASE WHEN jsonb_typeof(${value}) = 'number' THEN (${value} #>> '{}')::numeric END)`;
  },
  jsonBooleanIs(ref, value, bind) {
    return `COALESCE(${pgJson(ref)} = ${bind(value ? 'true' : 'false')}::jsonb, false)`;
  },
  jsonIsTrue(ref) {
    return `COALESCE(${pgJson(ref)} = 'true'::jsonb, false)`;
  },
  jsonIsObject(ref) {
    return `COALESCE(jsonb_typeof(${pgJson(ref)}) = 'object', false)`;
  },
  jsonArrayElements(ref, alias) {
    const value = pgJson(ref);
    // jsonb_array_elements raises on a non-array; iterate nothing instead.
    return `jsonb_array_elements(CASE WHEN jsonb_typeof(${value}) = 'array' THEN ${value} ELSE '[]'::jsonb END) WITH ORDINALITY AS ${alias}(value, ord)`;
  },
  jsonArrayIndex: (alias) => `${alias}.ord`,
  userGroupsJson: (alias) =>
    `COALESCE((SELECT json_agg(json_build_array(g.id, g.display_name) ORDER BY g.seq) FROM scim_group_members m JOIN scim_groups g ON g.seq = m.group_seq
      WHERE m.org_id = ${alias}.org_id AND m.member_id = ${alias}.id), '[]')`,
  booleanParam: (value) => value,
  timestamp: (placeholder) => `${placeholder}::timestamptz`,
  fold: (expr) => `lower(${expr})`,
  // The database's default collation may be locale-aware; "C" orders by code point like SQLite and matchesFilter.
  ordered: (expr) => `${expr} COLLATE "C"`,
  textMatch(expr, op, literal, _folded, bind) {
    // PostgreSQL's LIKE is case-sensitive, so one form serves both; folded input was lower-cased by the caller.
    return `${expr} LIKE ${bind(likePattern(op, literal))} ESCAPE '\\'`;
  },
};

function pgBase(ref: JsonRef): string {
  return ref.kind === 'doc' ? ref.column : `${ref.alias}.value`;
}

function pgJson(ref: JsonRef): string {
  const keys = safeKeys(ref.keys);
  return [pgBase(ref), ...keys.map((k) => `'${k}'`)].join('->');
}
