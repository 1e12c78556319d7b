// /Groups over HTTP: members with value/display/type/$ref, User.groups kept in step, bad member references refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_SCHEMA, harness, newGroup, newUser, type Harness } from '../support/scim-harness.js';

let h: Harness;
let token: string;
let alice: { id: string };
let bob: { id: string };
beforeAll(async () => {
  h = await harness();
  token = (await h.org('groups-co')).token;
  alice = (await h.scim(token, 'POST', '/Users', newUser('alice@example.com', { displayName: 'Alice A' }))).json();
  bob = (await h.scim(token, 'POST', '/Users', newUser('bob@example.com'))).json();
});
afterAll(() => h.close());

describe('Groups', () => {
  it('creates a group whose members carry value, display, type and $ref', async () => {
    const res = await h.scim(token, 'POST', '/Groups', newGroup('Engineering', [alice.id, bob.id]));
    expect(res.statusCode).toBe(201);
    const group = res.json();
    expect(group.schemas).toEqual([GROUP_SCHEMA]);
    expect(group.meta).toMatchObject({ resourceType: 'Group', version: 'W/"1"', location: `https://rollcall.test/scim/v2/Groups/${group.id}` });
    const byId = Object.fromEntries(group.members.map((m: { value: string }) => [m.value, m]));
    expect(byId[alice.id]).toEqual({ value: alice.id, display: 'Alice A', type: 'User', $ref: `https://rollcall.test/scim/v2/Users/${alice.id}` });
    expect(byId[bob.id]).toMatchObject({ display: 'bob@example.com', type: 'User' });
  });

  it("keeps each member's read-only groups attribute in step", async () => {
    const group = (await h.scim(token, 'GET', '/Groups?filter=displayName%20eq%20%22engineering%22')).json().Resources[0];
    const user = (await h.scim(token, 'GET', `/Users/${alice.id}`)).json();
    expect(user.groups).toEqual([{ value: group.id, display: 'Engineering', type: 'direct', $ref: `https://rollcall.test/scim/v2/Groups/${group.id}` }]);
    await h.scim(token, 'PUT', `/Groups/${group.id}`, newGroup('Engineering', [bob.id]));
    expect((await h.scim(token, 'GET', `/Users/${alice.id}`)).json().groups).toBeUndefined();
    expect((await h.scim(token, 'GET', `/Users/${bob.id}`)).json().groups).toHaveLength(1);
  });

  it('omits members when asked with excludedAttributes=members', async () => {
    const list = (await h.scim(token, 'GET', '/Groups?excludedAttributes=members')).json();
    expect(list.totalResults).toBe(1);
    expect(list.Resources[0].members).toBeUndefined();
  });

  it('refuses a member id that does not exist, writing nothing', async () => {
    const res = await h.scim(token, 'POST', '/Groups', newGroup('Ghosts', [alice.id, 'no-such-user']));
    expect(res.statusCode).toBe(400);
    expect(res.json().scimType).toBe('invalidValue');
    expect((await h.scim(token, 'GET', '/Groups?filter=displayName%20eq%20%22Ghosts%22')).json().totalResults).toBe(0);
  });

  it('refuses a group without displayName', async () => {
    const res = await h.scim(token, 'POST', '/Groups', { schemas: [GROUP_SCHEMA] });
    expect(res.statusCode).toBe(400);
    expect(res.json().scimType).toBe('invalidValue');
  });

  it("accepts Entra's legacy group schema URI", async () => {
    const res = await h.scim(token, 'POST', '/Groups', {
      schemas: ['http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      displayName: 'Legacy',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().schemas).toEqual([GROUP_SCHEMA]);
  });

  it('deleting a user removes it from every group', async () => {
    const carol = (await h.scim(token, 'POST', '/Users', newUser('carol@example.com'))).json();
    const g1 = (await h.scim(token, 'POST', '/Groups', newGroup('G1', [carol.id, bob.id]))).json();
    const g2 = (await h.scim(token, 'POST', '/Groups', newGroup('G2', [carol.id]))).json();
    expect((await h.scim(token, 'DELETE', `/Users/${carol.id}`)).statusCode).toBe(204);
    expect((await h.scim(token, 'GET', `/Groups/${g1.id}`)).json().members.map((m: { value: string }) => m.value)).toEqual([bob.id]);
    expect((await h.scim(token, 'GET', `/Groups/${g2.id}`)).json().members).toEqual([]);
  });

  it('filters groups by externalId and deletes them', async () => {
    const g = (await h.scim(token, 'POST', '/Groups', { ...newGroup('Ext'), externalId: 'grp-ext-1' })).json();
    expect((await h.scim(token, 'GET', '/Groups?filter=externalId%20eq%20%22grp-ext-1%22')).json().Resources[0].id).toBe(g.id);
    expect((await h.scim(token, 'DELETE', `/Groups/${g.id}`)).statusCode).toBe(204);
    expect((await h.scim(token, 'GET', `/Groups/${g.id}`)).statusCode).toBe(404);
  });
});

describe('group lists with huge member lists', () => {
  it('stop a page early at the member budget, say so in itemsPerPage, and continue where they stopped', async () => {
    const { MEMBERS_PER_LIST_PAGE } = await import('../../src/core/scim/group-service.js');
    const org = await h.org('budget-co');
    const store = h.services.store;
    const users: string[] = [];
    for (let i = 0; i < 6; i++) users.push((await h.scim(org.token, 'POST', '/Users', newUser(`u${i}@budget.example`))).json().id);
    const groupIds: string[] = [];
    for (let g = 0; g < 3; g++) groupIds.push((await h.scim(org.token, 'POST', '/Groups', newGroup(`G${g}`, users))).json().id);
    // Make the first group heavier than the budget without thousands of requests: rows straight into storage.
    const change = { at: new Date().toISOString(), client: 'test' };
    const extra: string[] = [];
    for (let i = 0; i < MEMBERS_PER_LIST_PAGE; i++) extra.push((await store.users.create(org.id, { id: `bulk-${i}`, doc: { userName: `bulk${i}@budget.example` } }, change)).id);
    await store.groups.modifyMembers(org.id, groupIds[0]!, { add: extra.map((id) => ({ id, type: 'User' as const })), remove: [] }, undefined, undefined, change);

    const first = (await h.scim(org.token, 'GET', '/Groups?startIndex=1&count=3')).json();
    expect(first.totalResults).toBe(3);
    expect(first.itemsPerPage).toBe(1);
    expect(first.Resources[0].members).toHaveLength(MEMBERS_PER_LIST_PAGE + 6);
    const rest = (await h.scim(org.token, 'GET', '/Groups?startIndex=2&count=3')).json();
    expect(rest.Resources.map((g: { id: string }) => g.id)).toEqual(groupIds.slice(1));
    const cursor = (await h.scim(org.token, 'GET', '/Groups?cursor=&count=3')).json();
    expect(cursor.itemsPerPage).toBe(1);
    const next = (await h.scim(org.token, 'GET', `/Groups?cursor=${cursor.nextCursor}&count=3`)).json();
    expect(next.Resources.map((g: { id: string }) => g.id)).toEqual(groupIds.slice(1));
  }, 120_000);
});
