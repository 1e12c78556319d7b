// The real server's output: stdout is JSON lines only (ISO-8601 times, one line per request, the start-up line), the
// operator's text (with the one-time setup address) is on stderr, and no secret this test created reaches stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../../src/storage/postgres/testing/test-schema.js';
import { run, serve } from '../support/rollcall-process.js';
import { TEST_ENGINE } from '../support/test-store.js';

const dir = mkdtempSync(join(tmpdir(), 'rollcall-serve-logs-'));
const schema = TEST_ENGINE === 'postgres' ? await createTestSchema() : undefined;
const databaseUrl = schema ? schema.url : `sqlite:${join(dir, 'logs.db')}`;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await schema?.drop();
});

const PASSWORD = 'owner password for the log test';

describe('rollcall serve output', () => {
  it('prints JSON lines on stdout, text on stderr, and never a secret in the logs', async () => {
    const server = await serve(databaseUrl, { LOG_LEVEL: 'info' });
    let stdout = '';
    const secrets: string[] = [PASSWORD];
    try {
      const setupToken = /\/setup\?token=([^\s]+)/.exec(server.stderr())?.[1];
      expect(setupToken).toBeDefined();
      secrets.push(setupToken!);
      expect(server.stderr()).toMatch(/Stop with Ctrl\+C/);

      const created = await run(['org', 'create', '--slug', 'logs', '--name', 'Logs', '--owner-email', 'owner@logs.example', '--password-stdin', '--database-url', databaseUrl], {
        input: `${PASSWORD}\n`,
      });
      expect(created.code).toBe(0);
      const token = (await run(['token', 'generate', '--org', 'logs', '--database-url', databaseUrl])).out.trim();
      secrets.push(token);

      const scim = (path: string, init: RequestInit = {}, bearer = token) =>
        fetch(`${server.origin}/scim/v2${path}`, { ...init, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' } });
      const posted = await scim('/Users', { method: 'POST', body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@logs.example' }) });
      expect(posted.status).toBe(201);
      // PORT=0: the default public URL names the port the server actually listens on.
      expect(((await posted.json()) as { meta: { location: string } }).meta.location.startsWith(`${server.origin}/scim/v2/Users/`)).toBe(true);
      expect(server.stderr()).toContain(`SCIM base URL: ${server.origin}/scim/v2 `);
      expect((await scim('/Users?filter=userName%20zz%20%22x%22')).status).toBe(400);
      const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      secrets.push(wrong);
      expect((await scim('/Users', {}, wrong)).status).toBe(401);
      expect((await fetch(`${server.origin}/scim/v2/Users?access_token=${token}`)).status).toBe(401);
    } finally {
      const code = await server.stop();
      stdout = server.stdout();
      expect(code, server.output()).toBe(0);
    }

    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const line of lines) expect(line['time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const started = lines.find((l) => String(l['msg']).startsWith('Rollcall is listening on'));
    expect(started).toMatchObject({ msg: expect.stringMatching(/^Rollcall is listening on http:\/\/127\.0\.0\.1:\d+$/), database: TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite' });
    const requests = lines.filter((l) => l['msg'] === 'request');
    expect(requests.find((l) => l['status'] === 201)).toMatchObject({ method: 'POST', route: '/scim/v2/Users', org: expect.any(String) });
    expect(requests.find((l) => l['status'] === 400)).toMatchObject({ scimType: 'invalidFilter', detail: expect.any(String) });
    for (const secret of secrets) expect(stdout).not.toContain(secret);
  });
});
