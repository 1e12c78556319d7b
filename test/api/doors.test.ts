// API keys and SCIM tokens never open each other's doors: every registered route of /api/v1 refuses a SCIM token,
// and every registered route of /scim/v2 refuses an API key. The routes come from Fastify, not from a list kept here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, type ApiHarness } from '../support/api-harness.js';

let h: ApiHarness;
let org: { id: string; slug: string; token: string };
beforeAll(async () => {
  h = await apiHarness();
  org = await h.scimOrg('Doors');
});
afterAll(() => h.close());

/** Path parameters filled with the real org id (so a wrong credential, not a missing org, is what is refused). */
const concrete = (url: string) => url.replace(/:id(?=\/|$)/, org.id).replace(/:[A-Za-z_]+/g, 'x');
// Each request from its own loopback address, so the per-address limit on refused tokens never answers 429 instead.
let client = 0;
const send = (method: string, url: string, token: string) =>
  h.app.inject({
    method: method as 'GET',
    url,
    remoteAddress: `127.0.${Math.floor(++client / 250)}.${(client % 250) + 1}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(['POST', 'PUT', 'PATCH'].includes(method) ? { payload: '{}' } : {}),
  });
const routesUnder = (prefix: string) => h.routes.filter((r) => r.url.startsWith(prefix));

/** Routes anyone may read. */
const PUBLIC_API_ROUTES = ['GET /api/v1/openapi.json', 'HEAD /api/v1/openapi.json'];

describe('credentials stay behind their own doors', () => {
  it('finds the routes of both front doors', () => {
    expect(routesUnder('/api/v1/').length).toBeGreaterThanOrEqual(5);
    expect(routesUnder('/scim/v2/').length).toBeGreaterThanOrEqual(20);
  });

  it('every /api/v1 route refuses a valid SCIM token with 401 and opens for an API key', async () => {
    for (const route of routesUnder('/api/v1/')) {
      const name = `${route.method} ${route.url}`;
      if (PUBLIC_API_ROUTES.includes(name)) continue;
      const refused = await send(route.method, concrete(route.url), org.token);
      expect(refused.statusCode, name).toBe(401);
      const opened = await send(route.method, concrete(route.url), h.key);
      expect(opened.statusCode, name).not.toBe(401);
    }
    // The SCIM token still works where it belongs.
    expect((await h.scim(org.token, 'GET', '/Users')).statusCode).toBe(200);
  });

  it('every /scim/v2 route refuses a valid API key with 401', async () => {
    for (const route of routesUnder('/scim/v2/')) {
      if (route.method === 'OPTIONS') continue;
      const refused = await send(route.method, concrete(route.url), h.key);
      expect(refused.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
    expect((await h.api('GET', `/organizations/${org.id}`)).statusCode).toBe(200);
  });

  it('refuses a missing, malformed or revoked key', async () => {
    expect((await h.api('GET', '/organizations', undefined, '')).statusCode).toBe(401);
    expect((await h.api('GET', '/organizations', undefined, 'rck_nonsense')).statusCode).toBe(401);
    const { key, record } = await h.services.apiKeys.create('short-lived');
    expect((await h.api('GET', '/organizations', undefined, key)).statusCode).toBe(200);
    await h.services.apiKeys.revoke(record.id);
    const revoked = await h.api('GET', '/organizations', undefined, key);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.headers['www-authenticate']).toContain('Bearer');
    expect(revoked.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('secrets in logs', () => {
  it('never writes an API key, a SCIM token or a setup link to the log', async () => {
    const { Writable } = await import('node:stream');
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logged = await apiHarness({ logStream });
    try {
      const target = await logged.scimOrg('Logged');
      const link = (await logged.api('POST', `/organizations/${target.id}/setup-links`, {})).json() as { url: string };
      await logged.app.inject({ method: 'GET', url: new URL(link.url).pathname + new URL(link.url).search });
      await logged.api('GET', '/organizations?limit=bad');
      await logged.api('GET', '/organizations', undefined, target.token);
      const secret = new URL(link.url).searchParams.get('token')!;
      const text = lines.join('');
      expect(text).toContain('/api/v1/organizations');
      for (const value of [logged.key, target.token, secret]) expect(text).not.toContain(value.slice(4, 40));
    } finally {
      await logged.close();
    }
  });
});
