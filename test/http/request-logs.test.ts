// What the app logs: JSON lines with ISO-8601 times, one line per request (method, route, status, duration,
// organization, and for errors the SCIM scimType and detail), token and member events, and never a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, newUser, type Harness } from '../support/scim-harness.js';

let h: Harness;
let org: Awaited<ReturnType<Harness['org']>>;
beforeAll(async () => {
  h = await harness();
  org = await h.org('logs');
});
afterAll(() => h.close());

type Line = Record<string, unknown>;
const lines = (): Line[] => h.logs.join('').trim().split('\n').map((l) => JSON.parse(l) as Line);
const requestLines = () => lines().filter((l) => l['msg'] === 'request');

describe('request logs', () => {
  it('writes one JSON line per request with an ISO-8601 time, the route, status, duration and organization', async () => {
    const before = requestLines().length;
    const created = await h.scim(org.token, 'POST', '/Users', newUser('ada@logs.example'));
    expect(created.statusCode).toBe(201);
    const after = requestLines();
    expect(after).toHaveLength(before + 1);
    const line = after.at(-1)!;
    expect(line).toMatchObject({ method: 'POST', route: '/scim/v2/Users', status: 201, org: org.id, level: 30 });
    expect(line['time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof line['durationMs']).toBe('number');
    expect(lines().some((l) => l['msg'] === 'incoming request' || l['msg'] === 'request completed')).toBe(false);
  });

  it('adds the SCIM scimType and detail to a refused request', async () => {
    await h.scim(org.token, 'GET', '/Users?filter=userName%20zz%20%22x%22');
    const line = requestLines().at(-1)!;
    expect(line).toMatchObject({ method: 'GET', route: '/scim/v2/Users', status: 400, org: org.id, scimType: 'invalidFilter' });
    expect(String(line['detail'])).not.toBe('');
  });

  it('logs a refused token without an organization it cannot know, and never the token', async () => {
    const wrong = `${org.token.slice(0, -1)}${org.token.endsWith('A') ? 'B' : 'A'}`;
    await h.scim(wrong, 'GET', '/Users');
    const line = requestLines().at(-1)!;
    expect(line).toMatchObject({ status: 401, route: '/scim/v2/Users' });
    expect(String(line['detail'])).toMatch(/invalid, revoked or expired/);
    expect(h.logs.join('')).not.toContain(wrong);
  });

  it('logs token and member events without secrets', async () => {
    const { token } = await h.services.tokens.generate(org.id, { name: 'owner@logs.example', ip: '127.0.0.1' });
    const o = await h.services.orgs.requireOrg(org.slug);
    await h.services.team.add(o, { email: 'new@logs.example', password: 'a member password 42', role: 'admin' }, { name: 'cli', ip: null });
    const events = lines().filter((l) => l['msg'] === 'audit event');
    expect(events.map((e) => e['action'])).toEqual(expect.arrayContaining(['token.generated', 'member.added']));
    expect(events.find((e) => e['action'] === 'member.added')).toMatchObject({ org: org.id, actor: 'cli' });
    const all = h.logs.join('');
    for (const secret of [token, org.token, 'a member password 42', 'a long enough password']) expect(all).not.toContain(secret);
  });
});
