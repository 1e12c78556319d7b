// A database that stops answering (PostgreSQL unreachable) or stops taking writes (SQLite disk full) gets 503 with
// Retry-After, one log line per cause, /readyz says so, and everything recovers without a restart.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/core/services.js';
import { buildApp } from '../../src/http/build-app.js';
import { openBreakableStore, type BreakableStore } from '../support/breakable-store.js';
import { newUser } from '../support/scim-harness.js';
import { TEST_ENGINE } from '../support/test-store.js';

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

let db: BreakableStore;
let services: Services;
let app: FastifyInstance;
let logs: string[];
let token: string;
let now: Date;

beforeEach(async () => {
  db = await openBreakableStore();
  now = new Date();
  services = createServices(db.store, { publicUrl: 'https://rollcall.test', clock: () => now });
  logs = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  app = await buildApp(services, { logLevel: 'info', logStream });
  const org = await services.orgs.createOrg({ slug: 'down', name: 'Down', ownerEmail: 'owner@down.test', ownerPassword: 'a long enough password' });
  ({ token } = await services.tokens.generate(org.id, { name: 'test', ip: null }));
});

afterEach(async () => {
  await db.recover();
  await app.close();
  await db.dispose();
});

const scim = (method: 'GET' | 'POST', url: string, body?: unknown) =>
  app.inject({
    method,
    url: `/scim/v2${url}`,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

// A value large enough that storing it needs new database pages.
// About 20 KB per user, within the per-string limit (docs/decisions/limits.md), so a few writes fill the capped file.
const bigUser = (userName: string) => newUser(userName, { title: 'x'.repeat(16_000), nickName: 'y'.repeat(4_000) });

describe(`database unavailable (${TEST_ENGINE})`, () => {
  it('writes get 503 with Retry-After and a SCIM error body, never a 500', async () => {
    expect((await scim('POST', '/Users', newUser('before'))).statusCode).toBe(201);
    await db.fail();
    for (let i = 0; i < 3; i++) {
      const res = await scim('POST', '/Users', bigUser(`during-${i}`));
      expect(res.statusCode).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.json()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '503' });
    }
  });

  it('reads answer 503 only where the engine cannot read (PostgreSQL down; SQLite full still reads)', async () => {
    expect((await scim('GET', '/Users')).statusCode).toBe(200);
    await db.fail();
    expect((await scim('POST', '/Users', bigUser('needs-pages'))).statusCode).toBe(503);
    const res = await scim('GET', '/Users');
    expect(res.statusCode).toBe(TEST_ENGINE === 'postgres' ? 503 : 200);
  });

  it('a read still answers when the minute-ly last-use write of its token cannot be stored (SQLite full)', async () => {
    expect((await scim('GET', '/Users')).statusCode).toBe(200);
    await db.fail();
    expect((await scim('POST', '/Users', bigUser('fills-the-disk'))).statusCode).toBe(503);
    // A minute later the token's last use is due to be written again.
    now = new Date(now.getTime() + 61_000);
    for (let i = 0; i < 3; i++) expect((await scim('GET', '/Users')).statusCode).toBe(TEST_ENGINE === 'postgres' ? 503 : 200);
  });

  it('logs one line per cause, without a stack', async () => {
    await db.fail();
    for (let i = 0; i < 6; i++) expect((await scim('POST', '/Users', bigUser(`log-${i}`))).statusCode).toBe(503);
    const errorLines = logs.map((line) => JSON.parse(line) as { level: number; cause?: string; msg: string }).filter((line) => line.level >= 50);
    // Besides the one access line per request (msg "request", issue 14), each cause is logged once.
    errorLines.splice(0, errorLines.length, ...errorLines.filter((line) => line.msg !== 'request'));
    // PostgreSQL may see two causes: the open connection reset, then every new one refused.
    const causes = errorLines.map((line) => line.cause);
    expect(new Set(causes).size).toBe(causes.length);
    expect(errorLines.length).toBeGreaterThanOrEqual(1);
    expect(errorLines.length).toBeLessThanOrEqual(2);
    for (const line of errorLines) expect(line.msg).toMatch(/^database unavailable/);
    expect(logs.join('\n')).not.toMatch(/"stack"|\n\s+at /);
  });

  it('/readyz reports failing writes, and both recover without a restart', async () => {
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await db.fail();
    expect((await scim('POST', '/Users', bigUser('fails'))).statusCode).toBe(503);
    const down = await app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'unavailable', database: TEST_ENGINE });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    await db.recover();
    const created = await scim('POST', '/Users', bigUser('after'));
    expect(created.statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect((await scim('GET', `/Users/${created.json().id}`)).statusCode).toBe(200);
  });
});
