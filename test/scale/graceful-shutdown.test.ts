// SIGTERM during a long request: the instance finishes it (every operation answered and stored), then exits 0.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, requirePostgres, type TestSchema } from '../../src/storage/postgres/testing/test-schema.js';
import { cli, serve, type ServeProcess } from '../support/rollcall-process.js';
import { USER_SCHEMA } from '../support/scim-harness.js';
import { TEST_ENGINE } from '../support/test-store.js';

const OPERATIONS = 1000;
const available = TEST_ENGINE === 'postgres' && (await requirePostgres());

describe.skipIf(!available)('graceful shutdown of rollcall serve', () => {
  let schema: TestSchema;
  let instance: ServeProcess | undefined;
  let db: pg.Client;

  beforeAll(async () => {
    schema = await createTestSchema();
    instance = await serve(schema.url);
    db = new pg.Client({ connectionString: schema.url });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await instance?.stop();
    await db?.end();
    await schema?.drop();
  });

  it('finishes the request in flight when SIGTERM arrives, then exits 0', async () => {
    await cli(schema.url, 'org', 'create', '--slug', 'drain', '--name', 'Drain', '--owner-email', 'o@drain.example', '--owner-password', 'a long enough password');
    const token = (await cli(schema.url, 'token', 'generate', '--org', 'drain')).out.trim();
    const Operations = Array.from({ length: OPERATIONS }, (_, i) => ({
      method: 'POST',
      path: '/Users',
      bulkId: `u${i}`,
      data: { schemas: [USER_SCHEMA], userName: `drain${i}@example.com` },
    }));
    const pending = fetch(`${instance!.origin}/scim/v2/Bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations }),
    });
    // The request is in flight once its first user is stored.
    for (let polls = 0; ; polls++) {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scim_users');
      if (rows[0]!.n > 0) break;
      if (polls > 2_000) throw new Error('the bulk request never started');
    }
    const exited = instance!.stop();
    const response = await pending;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { Operations: { status: string }[] };
    expect(body.Operations.filter((op) => op.status === '201')).toHaveLength(OPERATIONS);
    expect(await exited).toBe(0);
    instance = undefined;
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scim_users');
    expect(rows[0]!.n).toBe(OPERATIONS);
  });
});
