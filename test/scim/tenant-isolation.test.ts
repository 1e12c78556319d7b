// Org A's token against org B's resources: every read, list, filter, change and delete stays inside the token's org.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, newGroup, newUser, type Harness } from '../support/scim-harness.js';

let h: Harness;
let a: { token: string };
let b: { token: string };
let bUser: { id: string; userName: string };
let bGroup: { id: string };
let aGroup: { id: string };

beforeAll(async () => {
  h = await harness();
  a = await h.org('org-a');
  b = await h.org('org-b');
  bUser = (await h.scim(b.token, 'POST', '/Users', newUser('shared@example.com', { externalId: 'b-ext' }))).json();
  bGroup = (await h.scim(b.token, 'POST', '/Groups', newGroup('B team', [bUser.id]))).json();
  aGroup = (await h.scim(a.token, 'POST', '/Groups', newGroup('A team'))).json();
});
afterAll(() => h.close());

describe("org A's token against org B", () => {
  it.each([
    ['read B user', 'GET', () => `/Users/${bUser.id}`, undefined],
    ['read B group', 'GET', () => `/Groups/${bGroup.id}`, undefined],
    ['replace B user', 'PUT', () => `/Users/${bUser.id}`, () => newUser('stolen@example.com')],
    ['replace B group', 'PUT', () => `/Groups/${bGroup.id}`, () => newGroup('stolen')],
    ['delete B user', 'DELETE', () => `/Users/${bUser.id}`, undefined],
    ['delete B group', 'DELETE', () => `/Groups/${bGroup.id}`, undefined],
  ])('cannot %s (404)', async (_label, method, path, body) => {
    const res = await h.scim(a.token, method, path(), body?.());
    expect(res.statusCode).toBe(404);
  });

  it.each([
    ['list users', '/Users'],
    ['filter users by userName', '/Users?filter=userName%20eq%20%22shared@example.com%22'],
    ['filter users by externalId', '/Users?filter=externalId%20eq%20%22b-ext%22'],
    ['filter users by id', () => `/Users?filter=id%20eq%20%22${bUser.id}%22`],
    ['list groups', '/Groups'],
  ])('sees none of B when it tries to %s', async (_label, path) => {
    const res = await h.scim(a.token, 'GET', typeof path === 'string' ? path : path());
    expect(res.statusCode).toBe(200);
    const ids = res.json().Resources.map((r: { id: string }) => r.id);
    expect(ids).not.toContain(bUser.id);
    expect(ids).not.toContain(bGroup.id);
  });

  it("cannot add B's user to its own group", async () => {
    const create = await h.scim(a.token, 'POST', '/Groups', newGroup('Poach', [bUser.id]));
    expect(create.statusCode).toBe(400);
    const replace = await h.scim(a.token, 'PUT', `/Groups/${aGroup.id}`, newGroup('A team', [bUser.id]));
    expect(replace.statusCode).toBe(400);
  });

  it('may use the same userName as B, since uniqueness is per organization', async () => {
    expect((await h.scim(a.token, 'POST', '/Users', newUser('shared@example.com'))).statusCode).toBe(201);
  });

  it("left B's data untouched", async () => {
    const user = (await h.scim(b.token, 'GET', `/Users/${bUser.id}`)).json();
    expect(user.userName).toBe('shared@example.com');
    expect(user.meta.version).toBe('W/"1"');
    const group = (await h.scim(b.token, 'GET', `/Groups/${bGroup.id}`)).json();
    expect(group.members.map((m: { value: string }) => m.value)).toEqual([bUser.id]);
  });
});
