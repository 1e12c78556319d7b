// A known /api/v1 path asked with a method it does not serve answers 405 with Allow and a problem body
// (RFC 9110 section 15.5.6, RFC 9457); an unknown path stays 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, type ApiHarness } from '../support/api-harness.js';

let h: ApiHarness;
let orgId: string;
beforeAll(async () => {
  h = await apiHarness();
  orgId = (await h.scimOrg('Methods')).id;
});
afterAll(() => h.close());

describe('405 Method Not Allowed', () => {
  it.each([
    ['DELETE', '/organizations', 'GET, HEAD, POST'],
    ['PUT', '/organizations/:id', 'DELETE, GET, HEAD, PATCH'],
    ['POST', '/organizations/:id/users', 'GET, HEAD'],
    ['DELETE', '/organizations/:id/setup-links?x=1', 'POST'],
    ['PATCH', '/organizations/:id/groups/some-group/members', 'GET, HEAD'],
  ])('%s %s answers 405 with Allow: %s', async (method, path, allow) => {
    const res = await h.api(method, path.replace(':id', orgId), method === 'DELETE' ? undefined : {});
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toBe(allow);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toEqual({
      type: '/api/v1/problems/method-not-allowed',
      title: 'Method not allowed',
      status: 405,
      detail: `${`/api/v1${path.replace(':id', orgId)}`.split('?')[0]} answers ${allow}, not ${method}`,
    });
  });

  it('an unknown path is still 404, without Allow', async () => {
    for (const [method, path] of [['GET', '/nowhere'], ['DELETE', '/organizations/x/y/z'], ['GET', '/organizations/x/users/y/z']] as const) {
      const res = await h.api(method, path);
      expect([res.statusCode, res.headers['allow'], res.json().type]).toEqual([404, undefined, '/api/v1/problems/not-found']);
    }
  });

  it('without an API key the answer is 401: the route map is not shown to strangers', async () => {
    const res = await h.api('DELETE', '/organizations', undefined, '');
    expect(res.statusCode).toBe(401);
    expect(res.headers['allow']).toBeUndefined();
  });

  it('served methods are unaffected', async () => {
    expect((await h.api('GET', `/organizations/${orgId}`)).statusCode).toBe(200);
  });
});
