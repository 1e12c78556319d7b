// Bearer tokens at the SCIM door: 401 with WWW-Authenticate for every bad token, rotation takes effect at once,
// tokens in URLs refused, and no token ever written to the logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/scim-harness.js';

let h: Harness;
let org: { id: string; token: string };
beforeAll(async () => {
  h = await harness();
  org = await h.org('auth-co');
});
afterAll(() => h.close());

const flipLastChar = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

describe('bearer authentication', () => {
  it('accepts the current token', async () => {
    expect((await h.scim(org.token, 'GET', '/Users?startIndex=1&count=1')).statusCode).toBe(200);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a Basic credential', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
    ['a malformed token', 'Bearer not-a-token'],
    ['a token with a bad checksum', 'mistyped'],
    ['a well-formed token nobody issued', 'forged'],
  ])('answers %s with 401, WWW-Authenticate and a SCIM error', async (_label, header) => {
    let authorization = header;
    if (header === 'mistyped') authorization = `Bearer ${flipLastChar(org.token)}`;
    if (header === 'forged') {
      const { generateToken } = await import('../../src/core/tokens/token-format.js');
      authorization = `Bearer ${generateToken().token}`;
    }
    const res = await h.app.inject({
      method: 'GET',
      url: '/scim/v2/Users',
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(res.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
  });

  it('refuses a token in the query string even when it is valid', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/scim/v2/Users?access_token=${org.token}` });
    expect(res.statusCode).toBe(401);
  });

  it('generating a new token makes the previous one fail at once; the new one identifies the org', async () => {
    const old = org.token;
    const { token: fresh } = await h.services.tokens.generate(org.id, { name: 'admin@auth-co', ip: '127.0.0.1' });
    expect((await h.scim(old, 'GET', '/Users')).statusCode).toBe(401);
    expect((await h.scim(fresh, 'GET', '/Users')).statusCode).toBe(200);
    org = { ...org, token: fresh };
  });

  it('an explicit overlap keeps the previous token until the new one is first used', async () => {
    const old = org.token;
    const { token: fresh } = await h.services.tokens.generate(org.id, { name: 'admin', ip: null }, { minutes: 60, untilNewTokenUsed: true });
    expect((await h.scim(old, 'GET', '/Users')).statusCode).toBe(200);
    expect((await h.scim(fresh, 'GET', '/Users')).statusCode).toBe(200);
    expect((await h.scim(old, 'GET', '/Users')).statusCode).toBe(401);
    org = { ...org, token: fresh };
  });

  it('revoking disables SCIM: the token gets 401', async () => {
    const other = await h.org('revoke-co');
    await h.services.tokens.revoke(other.id, { name: 'cli', ip: null });
    expect((await h.scim(other.token, 'GET', '/Users')).statusCode).toBe(401);
    expect((await h.services.tokens.status(other.id)).enabled).toBe(false);
  });

  it('records last use with the client user agent', async () => {
    await h.scim(org.token, 'GET', '/Users', undefined, { 'user-agent': 'Okta SCIM Client 1.0.0' });
    const status = await h.services.tokens.status(org.id);
    expect(status.current?.lastUsedAt).toEqual(expect.any(String));
  });

  it('answers a flood of refused tokens from one address with 429 while the valid token still works', async () => {
    const bad = `Bearer ${flipLastChar(org.token)}`;
    let last = 0;
    for (let i = 0; i < 40; i++) last = (await h.app.inject({ method: 'GET', url: '/scim/v2/Users', headers: { authorization: bad } })).statusCode;
    expect(last).toBe(429);
    expect((await h.scim(org.token, 'GET', '/Users')).statusCode).toBe(200);
  });

  it('never writes a token to the logs', async () => {
    await h.app.inject({ method: 'GET', url: `/scim/v2/Users?access_token=${org.token}`, headers: { authorization: `Bearer ${org.token}` } });
    const log = h.logs.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(org.token);
    expect(log).not.toMatch(/rcs_[0-9A-Za-z]{20,}/);
  });
});
