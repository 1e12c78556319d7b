// Runs the PostgreSQL dialect's SQL on a real server (design.md section 5: 127.0.0.1:5432, database test), when reachable.
// The tables come from the PostgreSQL store's migrations, in a throwaway schema.
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkFilter } from '../../scim/filter/check.js';
import { matchesFilter } from '../../scim/filter/matches.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { resolveAttribute } from '../../scim/schema/resolve.js';
import { groupResourceType, userResourceType } from '../../scim/schema/resource-types.js';
import { MIGRATIONS } from '../migrations/all-migrations.js';
import { compileFilter } from './compile-filter.js';
import { compileSort } from './compile-sort.js';
import { postgresDialect } from './dialect.js';
import { groupSqlTarget, userSqlTarget } from './sql-target.js';
import { FILTER_ROWS, filterText, SORT_ROWS, sortInMemory, type ResourceKind } from './testing/equivalence-cases.js';
import { BASE_URL, generateResources, ORG, versionNumber, type Seeded } from './testing/seed-resources.js';

const SCHEMA = `filter_test_${process.pid}`;
// The PostgreSQL store's own migrations (collations, identity columns, bucket triggers), so the compiler is checked
// against the schema production runs.
const TABLES = [...MIGRATIONS.map((m) => m.postgres), `INSERT INTO orgs (id, slug, name, created_at) VALUES ('${ORG}', '${ORG}', 'Org', now());`].join('\n');

const client = new pg.Client({ host: '127.0.0.1', port: 5432, database: 'test', user: process.env['PGUSER'] ?? 'postgres', connectionTimeoutMillis: 2000 });
const reachable = await client.connect().then(
  () => true,
  () => false,
);
const seeded = generateResources(300, 60);
const kinds = {
  User: { rt: userResourceType, target: userSqlTarget, docs: seeded.users },
  Group: { rt: groupResourceType, target: groupSqlTarget, docs: seeded.groups },
} as const;

beforeAll(async () => {
  if (!reachable) return;
  await client.query(`CREATE SCHEMA ${SCHEMA}; SET search_path TO ${SCHEMA};${TABLES}`);
  await load(seeded);
});
afterAll(async () => {
  if (!reachable) return;
  await client.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  await client.end();
});

interface Meta {
  readonly created: string;
  readonly lastModified: string;
}
type UserDoc = Record<string, unknown> & {
  id: string;
  meta: Meta;
  userName: string;
  externalId?: string;
  displayName?: string;
  active: boolean;
  emails?: { value: string; type?: string; primary?: boolean }[];
};
type GroupDoc = Record<string, unknown> & { id: string; meta: Meta; displayName: string; externalId?: string; members?: { value: string; type: string }[] };

async function load({ users, groups }: Seeded): Promise<void> {
  for (const { id, meta, groups: _derived, ...doc } of users as UserDoc[]) {
    const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : null);
    const { rows } = await client.query<{ seq: string }>(
      `INSERT INTO scim_users (id, org_id, user_name, user_name_ci, external_id, display_name, display_name_ci, active, created_at, updated_at, version, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING seq`,
      [id, ORG, doc.userName, lower(doc.userName), doc.externalId ?? null, doc.displayName ?? null, lower(doc.displayName), doc.active, meta.created, meta.lastModified, versionNumber({ meta }), doc],
    );
    for (const email of doc.emails ?? []) {
      await client.query('INSERT INTO scim_user_emails VALUES ($1, $2, $3, $4, $5)', [rows[0]?.seq, ORG, lower(email.value), email.type ?? null, email.primary === true]);
    }
  }
  for (const { id, meta, members, ...doc } of groups as GroupDoc[]) {
    const { rows } = await client.query<{ seq: string }>(
      `INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, external_id, created_at, updated_at, version, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq`,
      [id, ORG, doc.displayName, doc.displayName.toLowerCase(), doc.externalId ?? null, meta.created, meta.lastModified, versionNumber({ meta }), doc],
    );
    for (const member of members ?? []) {
      await client.query('INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id) VALUES ($1, $2, $3, $4)', [rows[0]?.seq, member.value, member.type, ORG]);
    }
  }
}

async function viaSql(filter: string, kind: ResourceKind, withOrg: boolean): Promise<string[]> {
  const { rt, target } = kinds[kind];
  const options = withOrg ? { paramOffset: 1, orgId: ORG, scimBaseUrl: BASE_URL } : { paramOffset: 1, scimBaseUrl: BASE_URL };
  const { sql, params } = compileFilter(checkFilter(parseFilter(filter), rt), target, postgresDialect, options);
  const { rows } = await client.query(`SELECT ${target.alias}.id FROM ${target.table} ${target.alias} WHERE ${target.alias}.org_id = $1 AND (${sql}) ORDER BY ${target.alias}.seq`, [ORG, ...params]);
  return rows.map((r: { id: string }) => r.id);
}

function inMemory(filter: string, kind: ResourceKind): string[] {
  const { rt, docs } = kinds[kind];
  const checked = checkFilter(parseFilter(filter), rt);
  return docs.filter((doc) => matchesFilter(checked, doc)).map((doc) => doc['id'] as string);
}

describe.skipIf(!reachable)('compiled SQL agrees with matchesFilter on PostgreSQL', () => {
  test.each(FILTER_ROWS)('%s', async (filter, kind) => {
    const expected = inMemory(filter, kind);
    expect(await viaSql(filter, kind, false)).toEqual(expected);
    expect(await viaSql(filter, kind, true)).toEqual(expected);
  });

  test('random valid filters select the same rows in SQL and in memory', async () => {
    const cases = fc.constantFrom<ResourceKind>('User', 'Group').chain((kind) => filterText(kind).map((f) => [kind, f] as const));
    await fc.assert(
      fc.asyncProperty(cases, fc.boolean(), async ([kind, filter], withOrg) => {
        expect(await viaSql(filter, kind, withOrg)).toEqual(inMemory(filter, kind));
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  test.each(SORT_ROWS)('sortBy=%s sortOrder=%s (%s)', async (sortBy, order, kind) => {
    const { rt, target, docs } = kinds[kind];
    const orderBy = compileSort(sortBy === undefined ? undefined : resolveAttribute(rt, sortBy), order, target, postgresDialect);
    const { rows } = await client.query(`SELECT id FROM ${target.table} ${target.alias} WHERE org_id = $1 ORDER BY ${orderBy}`, [ORG]);
    expect(rows.map((r: { id: string }) => r.id)).toEqual(sortInMemory(docs, sortBy, order, rt));
  });
});
