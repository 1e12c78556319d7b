// The event payloads of event-drafts.ts (userData, groupData) as PostgreSQL jsonb expressions, for writes that append
// their events in the statement that changes the rows (so no row lock is held while the process builds them).
// event-data-sql.test.ts checks that both builders give the same JSON for the same rows.

/** toISOString() of a timestamptz: UTC, milliseconds, `Z` (what pg-pool.ts makes every timestamp column read as). */
export const isoSql = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** textOrNull(doc[key]): the value when it is a JSON string, else null. */
const textOrNullSql = (doc: string, key: string): string =>
  `CASE WHEN jsonb_typeof(${doc} -> '${key}') = 'string' THEN ${doc} -> '${key}' ELSE 'null'::jsonb END`;

/** userData(user, role) for the scim_users row `alias`; `role` is a text expression. */
export const userDataSql = (alias: string, role: string): string => {
  const doc = `${alias}.doc`;
  return `jsonb_build_object('object', 'user', 'id', ${alias}.id, 'external_id', ${textOrNullSql(doc, 'externalId')},
    'user_name', ${textOrNullSql(doc, 'userName')}, 'name', COALESCE(${doc} -> 'name', 'null'::jsonb),
    'emails', COALESCE(NULLIF(${doc} -> 'emails', 'null'::jsonb), '[]'::jsonb), 'active', (${doc} -> 'active') IS DISTINCT FROM 'false'::jsonb,
    'role', ${role}, 'version', ${alias}.version, 'created_at', ${isoSql(`${alias}.created_at`)}, 'updated_at', ${isoSql(`${alias}.updated_at`)},
    'scim', ${doc})`;
};

/** groupData(group) for the scim_groups row (or RETURNING row) `alias`: the document without its members. */
export const groupDataSql = (alias: string): string => {
  const doc = `${alias}.doc`;
  return `jsonb_build_object('object', 'group', 'id', ${alias}.id, 'external_id', ${textOrNullSql(doc, 'externalId')},
    'display_name', ${textOrNullSql(doc, 'displayName')}, 'version', ${alias}.version, 'created_at', ${isoSql(`${alias}.created_at`)},
    'updated_at', ${isoSql(`${alias}.updated_at`)}, 'scim', ${doc} - 'members')`;
};
