// The benchmark's scenarios: what an identity provider sends, per request kind, with the target ratio of each.
import { randomUUID } from 'node:crypto';
import type { LoadRequest } from './load.js';

export interface Scenario {
  readonly name: string;
  readonly kind: 'read' | 'list' | 'write' | 'mixed';
  readonly target: number;
  readonly next: (i: number) => LoadRequest;
}

export function scenarios(users: number, ids: string[], groups: { bigId: string; smallId: string; outsiders: string[] }): Scenario[] {
  const addMember = (groupId: string) => (i: number): LoadRequest => ({
    method: 'PATCH',
    path: `/scim/v2/Groups/${groupId}`,
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: groups.outsiders[i % groups.outsiders.length] }] }],
    }),
  });
  const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length]!;
  // PUT gives a sampled user a userName of its own (stable across passes), so replaces never collide.
  const replaceUser = (i: number): LoadRequest => {
    const id = pick(ids, i);
    return {
      method: 'PUT',
      path: `/scim/v2/Users/${id}`,
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `put-${id}@bench.example.com`,
        name: { givenName: 'Put', familyName: `User ${i}` },
        emails: [{ value: `put-${id}@bench.example.com`, type: 'work', primary: true }],
        active: true,
      }),
    };
  };
  // Okta deactivates and reactivates with PATCH replace of `active` (no path, a value object).
  const setActive = (i: number): LoadRequest => ({
    method: 'PATCH',
    path: `/scim/v2/Users/${pick(ids, i)}`,
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: i % 2 === 1 } }] }),
  });
  const randomUser = (i: number) => (i * 104_729) % users;
  let created = 0;
  // Fresh names on every call: a later pass over the same database must create, not collide.
  const tag = randomUUID().slice(0, 8);
  const createUser = (): LoadRequest => {
    const n = created++;
    return {
      method: 'POST',
      path: '/scim/v2/Users',
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `new${n}-${tag}@bench.example.com`,
        name: { givenName: 'New', familyName: `User ${n}` },
        emails: [{ value: `new${n}@bench.example.com`, type: 'work', primary: true }],
        active: true,
      }),
    };
  };
  return [
    { name: 'GET /Users/{id}', kind: 'read', target: 0.5, next: (i) => ({ method: 'GET', path: `/scim/v2/Users/${pick(ids, i)}` }) },
    {
      name: 'GET /Users?filter=userName eq',
      kind: 'read',
      target: 0.5,
      next: (i) => ({ method: 'GET', path: `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "user${randomUser(i)}@bench.example.com"`)}` }),
    },
    {
      name: 'GET /Users?filter=externalId eq',
      kind: 'read',
      target: 0.5,
      next: (i) => ({ method: 'GET', path: `/scim/v2/Users?filter=${encodeURIComponent(`externalId eq "ext-${randomUser(i)}"`)}` }),
    },
    {
      name: 'GET /Users?startIndex=1&count=100',
      kind: 'list',
      target: 1 / 3,
      next: () => ({ method: 'GET', path: '/scim/v2/Users?startIndex=1&count=100' }),
    },
    {
      name: `GET /Users?startIndex=${Math.floor(users / 2)}&count=100`,
      kind: 'list',
      target: 1 / 3,
      next: () => ({ method: 'GET', path: `/scim/v2/Users?startIndex=${Math.floor(users / 2)}&count=100` }),
    },
    { name: 'PATCH add member, 10-member group', kind: 'write', target: 0.25, next: addMember(groups.smallId) },
    { name: `PATCH add member, ${Math.floor(users / 10).toLocaleString('en-US')}-member group`, kind: 'write', target: 0.25, next: addMember(groups.bigId) },
    { name: 'POST /Users', kind: 'write', target: 0.25, next: () => createUser() },
    { name: 'PUT /Users/{id}', kind: 'write', target: 0.25, next: replaceUser },
    { name: 'PATCH active (Okta deactivate)', kind: 'write', target: 0.25, next: setActive },
    {
      // What an IdP's provisioning run sends, per ten requests: four userName lookups, two reads by id, a replace,
      // an active toggle, a create and a group member add.
      name: 'Okta-like mixed loop',
      kind: 'mixed',
      target: 0.3,
      next: (i) => {
        const step = i % 10;
        if (step < 4) return { method: 'GET', path: `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "user${randomUser(i)}@bench.example.com"`)}` };
        if (step < 6) return { method: 'GET', path: `/scim/v2/Users/${pick(ids, i)}` };
        if (step === 6) return replaceUser(i);
        if (step === 7) return setActive(i);
        if (step === 8) return createUser();
        return addMember(groups.smallId)(i);
      },
    },
  ];
}
