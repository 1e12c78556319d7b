// User rows as the PostgreSQL user statements return them, and what the store makes of them.
import type { JsonObject } from '../../scim/messages/resource.js';
import type { GroupRef, ListedUser, NewUser, StoredResource, UserJson, UserWriteResult } from '../store.js';
import { unparsedUser } from '../row-mappers.js';
import { toResource, type PgResourceRow } from './resource-row.js';

/** The User `groups` read by `userGroupsJson`: [id, displayName] pairs. */
export type GroupPairs = [string, string][];

export const groupRefs = (pairs: GroupPairs): GroupRef[] => pairs.map(([id, displayName]) => ({ id, displayName }));

/** A user row with the groups its statement read (the GET path). */
export const toUserWithGroups = (row: PgResourceRow & { groups: GroupPairs }): StoredResource & { readonly groups: GroupRef[] } => ({
  ...toResource(row),
  groups: groupRefs(row.groups),
});

/** A user row with its groups, when the statement read them. */
export const toListedUser = (row: PgResourceRow & { groups?: GroupPairs }): ListedUser =>
  row.groups === undefined ? toResource(row) : toUserWithGroups({ ...row, groups: row.groups });

/** A user row read with `jsonbAsText`: its document is PostgreSQL's jsonb text. */
export type PgResourceTextRow = Omit<PgResourceRow, 'doc'> & { doc: string; groups?: GroupPairs };

/** The row as a user whose document stays text (UserJson), with its groups when the statement read them. */
export const toUserJson = (row: PgResourceTextRow): UserJson =>
  row.groups === undefined ? unparsedUser(row) : { ...unparsedUser(row), groups: groupRefs(row.groups) };

/** A user row read with `jsonbAsText` and the groups its statement read (the GET path). */
export const toUserJsonWithGroups = (row: PgResourceTextRow & { groups: GroupPairs }): UserJson & { readonly groups: GroupRef[] } => ({
  ...unparsedUser(row),
  groups: groupRefs(row.groups),
});

/**
 * What a create or replace statement answers: its row without the document, which the server sent and need not read
 * back (PostgreSQL would write the jsonb out as text and the driver parse it again), and what it read besides.
 */
export const WRITTEN_COLUMNS = (alias: string): string => ['seq', 'id', 'org_id', 'created_at', 'updated_at', 'version'].map((c) => `${alias}.${c}`).join(', ');
export type WrittenRow = Omit<PgResourceRow, 'doc'> & { console_member: boolean; groups?: GroupPairs };

/** The written user: its row, and `doc`, the document the statement wrote. */
export const toWritten = (row: WrittenRow, doc: JsonObject): UserWriteResult => ({
  ...toResource({ ...row, doc }),
  consoleMember: row.console_member,
  ...(row.groups ? { groups: groupRefs(row.groups) } : {}),
});

/** A row of the many-creates statement: the document is the one sent. */
export interface CreatedRow {
  seq: number;
  id: string;
  org_id: string;
  created_at: string;
  updated_at: string;
  version: number;
  console_member: boolean;
}

export const createdUser = (row: CreatedRow, user: NewUser): StoredResource => ({
  seq: row.seq,
  id: row.id,
  orgId: row.org_id,
  doc: user.doc,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});
