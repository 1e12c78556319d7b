// Several real `rollcall serve` processes on one PostgreSQL schema: shared tokens, prompt revocation everywhere,
// one 201 for concurrent creates, and no lost update under If-Match (design.md sections 3, 5 and 6).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/storage/migrations/all-migrations.js';
import { createTestSchema, requirePostgres, type TestSchema } from '../../src/storage/postgres/testing/test-schema.js';
import { cli, serve, type ServeProcess } from '../support/rollcall-process.js';
import { TEST_ENGINE } from '../support/test-store.js';
import { USER_SCHEMA } from '../support/scim-harness.js';

const INSTANCES = 3;

interface UserBody {
  readonly id: string;
  readonly userName: string;
  readonly title?: string;
  readonly meta: { readonly version: string };
}
const body = async (res: Response) => (await res.json()) as UserBody;
const available = TEST_ENGINE === 'postgres' && (await requirePostgres());

describe.skipIf(!available)('many rollcall instances on one PostgreSQL', () => {
  let schema: TestSchema;
  let instances: ServeProcess[] = [];
  let token: string;

  const scim = (instance: ServeProcess, bearer: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${instance.origin}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/scim+json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    schema = await createTestSchema();
    // All start at once on an empty schema: the advisory lock lets one migrate while the others wait.
    instances = await Promise.all(Array.from({ length: INSTANCES }, () => serve(schema.url, { DATABASE_POOL_MAX: '4' })));
    const created = await cli(schema.url, 'org', 'create', '--slug', 'scale', '--name', 'Scale', '--owner-email', 'o@scale.example', '--owner-password', 'a long enough password');
    expect(created.err).toBe('');
    token = (await cli(schema.url, 'token', 'generate', '--org', 'scale')).out.trim();
  }, 60_000);

  afterAll(async () => {
    const codes = await Promise.all(instances.map((i) => i.stop()));
    await schema?.drop();
    // Graceful shutdown: SIGTERM closes Fastify, then the pool, and the process exits 0.
    expect(codes).toEqual(instances.map(() => 0));
  }, 30_000);

  it('applied every migration exactly once although the instances started together', async () => {
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await client.end();
    }
    for (const instance of instances) expect(((await (await fetch(`${instance.origin}/readyz`)).json()) as { database: string }).database).toBe('postgres');
  });

  it('accepts a token generated through one process on every instance', async () => {
    for (const instance of instances) {
      const res = await scim(instance, token, 'GET', '/Users?startIndex=1&count=1');
      expect(res.status).toBe(200);
    }
  });

  it('refuses a replaced token on every instance within one second', async () => {
    const old = token;
    const generated = await cli(schema.url, 'token', 'generate', '--org', 'scale');
    expect(generated.code).toBe(0);
    token = generated.out.trim();
    const replacedAt = Date.now();
    const refusedAfter = await Promise.all(
      instances.map(async (instance) => {
        while (Date.now() - replacedAt < 1_000) {
          if ((await scim(instance, old, 'GET', '/Users?startIndex=1&count=1')).status === 401) return Date.now() - replacedAt;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return Infinity;
      }),
    );
    for (const ms of refusedAfter) expect(ms).toBeLessThan(1_000);
    for (const instance of instances) expect((await scim(instance, token, 'GET', '/Users?startIndex=1&count=1')).status).toBe(200);
  });

  it('gives exactly one 201 to concurrent creates of one userName through different instances', async () => {
    const attempts = Array.from({ length: INSTANCES * 4 }, (_, i) =>
      scim(instances[i % INSTANCES]!, token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: i % 2 ? 'Race@Scale.example' : 'race@scale.EXAMPLE' }),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array.from({ length: INSTANCES * 4 - 1 }, () => 409)]);
  });

  it('answers 412 to the loser of two If-Match writes through different instances', async () => {
    const created = await body(await scim(instances[0]!, token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'ifmatch@scale.example' }));
    const put = (instance: ServeProcess, title: string) =>
      scim(instance, token, 'PUT', `/Users/${created.id}`, { schemas: [USER_SCHEMA], userName: 'ifmatch@scale.example', title }, { 'if-match': 'W/"1"' });
    const statuses = (await Promise.all([put(instances[1]!, 'from 1'), put(instances[2]!, 'from 2')])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412]);
  });

  it('loses no update when many clients read-modify-write one user through every instance, retrying on 412', async () => {
    const created = await body(await scim(instances[0]!, token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'counter@scale.example', title: '0' }));
    const writers = INSTANCES * 3;
    const increment = async (instance: ServeProcess) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const read = await scim(instance, token, 'GET', `/Users/${created.id}`);
        const user = await body(read);
        const res = await scim(
          instance,
          token,
          'PUT',
          `/Users/${created.id}`,
          { schemas: [USER_SCHEMA], userName: user.userName, title: String(Number(user.title) + 1) },
          { 'if-match': read.headers.get('etag')! },
        );
        if (res.status === 200) return attempt;
        expect(res.status).toBe(412);
      }
      throw new Error('no progress after 200 attempts');
    };
    await Promise.all(Array.from({ length: writers }, (_, i) => increment(instances[i % INSTANCES]!)));
    const final = await body(await scim(instances[2]!, token, 'GET', `/Users/${created.id}`));
    expect(final.title).toBe(String(writers));
    expect(final.meta.version).toBe(`W/"${writers + 1}"`);
  });
});
