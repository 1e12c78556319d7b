// Where each SCIM attribute lives in the tables, as data, so the SQLite and PostgreSQL stores share one mapping.
import type { ResourceTypeName } from '../../scim/schema/resource-types.js';
import { sqlString, type SqlDialect } from './dialect.js';

/**
 * - `text`: the value as sent; case-insensitive attributes are compared through the dialect's fold().
 * - `folded`: the store writes `value.toLowerCase()` here, so case-insensitive comparisons use it as is.
 * - `boolean`, `timestamp`: the dialect decides the bound form (0/1 or boolean; ISO text or timestamptz).
 */
export type ColumnKind = 'text' | 'folded' | 'boolean' | 'timestamp';

export interface ColumnMapping {
  readonly column: string;
  readonly kind: ColumnKind;
  /** The column is NOT NULL: comparisons need no NULL guard. */
  readonly notNull?: boolean;
  /**
   * The column cannot tell "absent" from its default (active defaults to 1), so `pr` asks the document instead.
   */
  readonly presenceFromDoc?: boolean;
}

/**
 * A value the responses compute rather than store (src/scim/messages/render-resource.ts): `sql` rebuilds it from
 * the row's columns, so filters on it compile to SQL like any column. It must stay in step with the renderer.
 */
export interface ComputedMapping {
  /**
   * The value as SQL text. `row` is the alias of the row it reads (the joined row when `fromJoin`); `baseUrl` is the
   * SCIM base URL as an SQL string literal (configuration, never request input).
   */
  readonly sql: (row: string, baseUrl: () => string) => string;
  readonly notNull: boolean;
  readonly fromJoin?: boolean;
  /**
   * The value is `{baseUrl}{prefix}{row.column}` and compares case-exactly, so `eq` can compare the column (and use
   * its index) instead of the concatenation.
   */
  readonly urlOf?: { readonly prefix: string; readonly column: string };
  /**
   * For case-insensitive `eq` and `sw`: the same test reached through indexed folded columns. `test(column)` is
   * the comparison on one folded column; `org()` the tenant of the row.
   */
  readonly foldedLookup?: (row: string, org: () => string, test: (column: string) => string, engine: SqlDialect['name']) => string;
}

/** A multi-valued attribute with rows in a child table, read with EXISTS (design.md section 4: filters use indexes). */
export interface ChildTableMapping {
  readonly table: string;
  /** The (child column, parent column) pair that ties a child row to its resource row. */
  readonly key: readonly [child: string, parent: string];
  /** The child's tenant column; it equals the resource row's `orgColumn`. */
  readonly orgColumn: string;
  /** An optional table joined to the child rows: (joined table, child column, joined column). */
  readonly join?: { readonly table: string; readonly child: string; readonly joined: string };
  /** Sub-attribute name -> column; `fromJoin` reads the joined table. Sub-attributes not listed use the document. */
  readonly columns: Readonly<Record<string, ColumnMapping & { readonly fromJoin?: boolean }>>;
  /** Sub-attribute name -> value computed from the child (or joined) row. */
  readonly computed?: Readonly<Record<string, ComputedMapping>>;
}

export interface SqlTarget {
  readonly resourceType: ResourceTypeName;
  readonly table: string;
  readonly alias: string;
  readonly seqColumn: string;
  /** The tenant column; every row and child row carries it. */
  readonly orgColumn: string;
  /** JSON column holding the resource without id and meta; extension attributes under their URN key. */
  readonly docColumn: string;
  /** Canonical core paths (`userName`, `meta.created`) held in their own columns. */
  readonly columns: Readonly<Record<string, ColumnMapping>>;
  /** Canonical core paths (`meta.location`) whose value the responses compute from the row. */
  readonly computed: Readonly<Record<string, ComputedMapping>>;
  /** Top-level multi-valued attribute name -> child table. */
  readonly children: Readonly<Record<string, ChildTableMapping>>;
  /** Top-level attributes the document does not hold: only their mapped columns can be filtered. */
  readonly notInDoc: readonly string[];
}

const META_COLUMNS: Readonly<Record<string, ColumnMapping>> = {
  'meta.created': { column: 'created_at', kind: 'timestamp', notNull: true },
  'meta.lastModified': { column: 'updated_at', kind: 'timestamp', notNull: true },
};


/** `{baseUrl}{prefix}{row.column}`, as render-resource.ts builds meta.location and $ref. */
function url(prefix: string, column: string, options: { fromJoin?: boolean } = {}): ComputedMapping {
  return { sql: (row, baseUrl) => `(${baseUrl()} || ${sqlString(prefix)} || ${row}.${column})`, notNull: true, urlOf: { prefix, column }, ...options };
}

/** meta.resourceType, meta.location and meta.version (the ETag of etagOf: W/"<version>"). */
function metaComputed(resourceType: 'User' | 'Group'): Readonly<Record<string, ComputedMapping>> {
  return {
    'meta.resourceType': { sql: () => sqlString(resourceType), notNull: true },
    'meta.location': url(`/${resourceType}s/`, 'id'),
    'meta.version': { sql: (row) => `('W/"' || CAST(${row}.version AS TEXT) || '"')`, notNull: true },
  };
}

export const userSqlTarget: SqlTarget = {
  resourceType: 'User',
  table: 'scim_users',
  alias: 'u',
  seqColumn: 'seq',
  orgColumn: 'org_id',
  docColumn: 'doc',
  columns: {
    id: { column: 'id', kind: 'text', notNull: true },
    externalId: { column: 'external_id', kind: 'text' },
    userName: { column: 'user_name_ci', kind: 'folded', notNull: true },
    displayName: { column: 'display_name_ci', kind: 'folded' },
    active: { column: 'active', kind: 'boolean', notNull: true, presenceFromDoc: true },
    ...META_COLUMNS,
  },
  computed: metaComputed('User'),
  children: {
    emails: {
      table: 'scim_user_emails',
      key: ['user_seq', 'seq'],
      orgColumn: 'org_id',
      columns: {
        value: { column: 'value_ci', kind: 'folded', notNull: true },
        type: { column: 'type', kind: 'text' },
        primary: { column: 'is_primary', kind: 'boolean', notNull: true },
      },
    },
    // A user's groups are the group rows that list the user as a member (RFC 7643 section 4.1.2: read-only, derived).
    groups: {
      table: 'scim_group_members',
      key: ['member_id', 'id'],
      orgColumn: 'org_id',
      join: { table: 'scim_groups', child: 'group_seq', joined: 'seq' },
      columns: {
        value: { column: 'id', kind: 'text', notNull: true, fromJoin: true },
        display: { column: 'display_name_ci', kind: 'folded', notNull: true, fromJoin: true },
      },
      computed: {
        $ref: url('/Groups/', 'id', { fromJoin: true }),
        // Rollcall has no nested-group expansion: every membership it reports is direct.
        type: { sql: () => sqlString('direct'), notNull: true },
      },
    },
  },
  notInDoc: ['id', 'meta', 'groups'],
};

export const groupSqlTarget: SqlTarget = {
  resourceType: 'Group',
  table: 'scim_groups',
  alias: 'g',
  seqColumn: 'seq',
  orgColumn: 'org_id',
  docColumn: 'doc',
  columns: {
    id: { column: 'id', kind: 'text', notNull: true },
    externalId: { column: 'external_id', kind: 'text' },
    displayName: { column: 'display_name_ci', kind: 'folded', notNull: true },
    ...META_COLUMNS,
  },
  computed: metaComputed('Group'),
  children: {
    members: {
      table: 'scim_group_members',
      key: ['group_seq', 'seq'],
      orgColumn: 'org_id',
      columns: {
        value: { column: 'member_id', kind: 'text', notNull: true },
        type: { column: 'member_type', kind: 'text', notNull: true },
      },
      computed: {
        // The member's name as membersOf reads it: a user's displayName, else its userName; a group's displayName.
        display: {
          sql: (row) =>
            `(CASE ${row}.member_type WHEN 'User' THEN (SELECT COALESCE(${row}u.display_name, ${row}u.user_name) FROM scim_users ${row}u WHERE ${row}u.id = ${row}.member_id)` +
            ` ELSE (SELECT ${row}g.display_name FROM scim_groups ${row}g WHERE ${row}g.id = ${row}.member_id) END)`,
          notNull: false,
          // The members that carry the name, from the (org_id, display_name_ci) and (org_id, user_name_ci) indexes. The
          // planners want different shapes to start there: SQLite one IN per type (each probes the member index),
          // PostgreSQL one (type, id) IN over a UNION, which it turns into a semi-join.
          foldedLookup: (row, org, test, engine) => {
            const users = (select: string) =>
              `SELECT ${select}${row}u.id FROM scim_users ${row}u WHERE ${row}u.org_id = ${org()} AND ` +
              `(${test(`${row}u.display_name_ci`)} OR (${row}u.display_name_ci IS NULL AND ${test(`${row}u.user_name_ci`)}))`;
            const groups = (select: string) => `SELECT ${select}${row}g.id FROM scim_groups ${row}g WHERE ${row}g.org_id = ${org()} AND ${test(`${row}g.display_name_ci`)}`;
            if (engine === 'postgres') return `(${row}.member_type, ${row}.member_id) IN (${users("'User', ")} UNION ALL ${groups("'Group', ")})`;
            return `((${row}.member_type = 'User' AND ${row}.member_id IN (${users('')})) OR (${row}.member_type = 'Group' AND ${row}.member_id IN (${groups('')})))`;
          },
        },
        $ref: { sql: (row, baseUrl) => `(${baseUrl()} || '/' || ${row}.member_type || 's/' || ${row}.member_id)`, notNull: true },
      },
    },
  },
  // Members live only in scim_group_members, so 100,000-member groups patch without rewriting the document.
  notInDoc: ['id', 'meta', 'members'],
};
