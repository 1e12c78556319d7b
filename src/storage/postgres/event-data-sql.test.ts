// The SQL builders of event payloads give exactly the JSON of event-drafts.ts for the same rows, including the edge
// values (missing, null or non-string attributes, active false, emails null).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { JsonObject } from '../../scim/messages/resource.js';
import { groupData, userData } from '../event-drafts.js';
import { groupDataSql, userDataSql } from './event-data-sql.js';
import { toResource, type PgResourceRow } from './resource-row.js';
import { testPool } from './testing/test-pool.js';
import { requirePostgres } from './testing/test-schema.js';

const available = await requirePostgres();

const docs: JsonObject[] = [
  { userName: 'ada@x.com', externalId: 'e-1', name: { givenName: 'Ada' }, emails: [{ value: 'ada@x.com', primary: true }], active: true, displayName: 'Ada' },
  {},
  { userName: 42, externalId: null, name: null, emails: null, active: false },
  { userName: 'b', active: 'false', emails: [], displayName: ['x'], members: [{ value: 'm' }], 'urn:x:ext': { a: [1, 'two', null] } },
];

describe.skipIf(!available)('event payloads built in SQL', () => {
  let pool: pg.Pool;
  let close = async () => {};
  beforeAll(async () => {
    ({ pool, close } = await testPool({ migrate: false }));
    await pool.query('CREATE TABLE rows (seq bigint, id text, org_id text, doc jsonb, created_at timestamptz, updated_at timestamptz, version integer)');
    await pool.query(
      `INSERT INTO rows SELECT n, 'id-' || n, 'org', d, '2026-01-02T03:04:05.678Z', '2026-02-03T04:05:06.007Z', n + 1
       FROM unnest($1::jsonb[]) WITH ORDINALITY AS t(d, n)`,
      [docs.map((d) => JSON.stringify(d))],
    );
  });
  afterAll(() => close());

  it.each([null, 'admin'])('userData with role %s', async (role) => {
    const found = await pool.query<PgResourceRow & { data: JsonObject }>(`SELECT r.*, ${userDataSql('r', '$1::text')} AS data FROM rows r ORDER BY seq`, [role]);
    expect(found.rows).toHaveLength(docs.length);
    for (const row of found.rows) expect(row.data).toEqual(userData(toResource(row), role));
  });

  it('groupData', async () => {
    const found = await pool.query<PgResourceRow & { data: JsonObject }>(`SELECT r.*, ${groupDataSql('r')} AS data FROM rows r ORDER BY seq`);
    for (const row of found.rows) expect(row.data).toEqual(groupData(toResource(row)));
  });
});
