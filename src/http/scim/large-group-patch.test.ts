// Design.md section 4: a group with a huge member list is patchable without reading or rewriting that list.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../core/ids.js';
import { patchBody, startScimApp, type ScimTestApp, type TestOrg } from '../../../test/support/scim-app.js';

const SIZE = 20_000;

describe(`PATCH on a group of ${SIZE} members`, () => {
  let scim: ScimTestApp;
  let org: TestOrg;
  let groupId: string;
  let newcomer: string;

  beforeAll(async () => {
    scim = await startScimApp();
    org = await scim.newOrg('big-org');
    const { users, groups } = scim.services.store;
    const change = { at: new Date().toISOString(), client: 'seed' };
    const ids: string[] = [];
    for (let i = 0; i < SIZE + 1; i++) {
      const id = newId();
      await users.create(org.orgId, { id, doc: { userName: `member${i}@example.com` } }, change);
      ids.push(id);
    }
    newcomer = ids.pop()!;
    groupId = newId();
    await groups.create(org.orgId, { id: groupId, doc: { displayName: 'Everyone' }, members: ids.map((id) => ({ id, type: 'User' as const })) }, change);
  }, 60_000);
  afterAll(async () => scim.close());

  it('adds one member (with an Okta-style rename) through row changes, never loading the list', async () => {
    const groups = scim.services.store.groups;
    const get = vi.spyOn(groups, 'get');
    const replace = vi.spyOn(groups, 'replace');
    const modify = vi.spyOn(groups, 'modifyMembers');
    try {
      const response = await org.send(
        'PATCH',
        `/Groups/${groupId}`,
        patchBody({ op: 'replace', value: { id: groupId, displayName: 'Everyone' } }, { op: 'add', path: 'members', value: [{ value: newcomer }] }),
      );
      expect(response.statusCode, response.body).toBe(204);
      expect(get.mock.calls.every(([, , withMembers]) => withMembers === false)).toBe(true);
      expect(replace).not.toHaveBeenCalled();
      expect(modify).toHaveBeenCalledTimes(1);
      expect(modify.mock.calls[0]![2]).toEqual({ add: [{ id: newcomer }], remove: [] });
    } finally {
      vi.restoreAllMocks();
    }
    const memberships = await scim.services.store.users.groupsOf(org.orgId, [newcomer]);
    expect(memberships.get(newcomer)).toEqual([{ id: groupId, displayName: 'Everyone' }]);
    const summary = (await org.send('GET', `/Groups/${groupId}?excludedAttributes=members`)).json();
    expect(summary.meta.version).toBe('W/"2"');
  });

  it('removes one member by filter the same way', async () => {
    const get = vi.spyOn(scim.services.store.groups, 'get');
    try {
      const response = await org.send('PATCH', `/Groups/${groupId}`, patchBody({ op: 'remove', path: `members[value eq "${newcomer}"]` }));
      expect(response.statusCode).toBe(204);
      expect(get.mock.calls.every(([, , withMembers]) => withMembers === false)).toBe(true);
    } finally {
      vi.restoreAllMocks();
    }
    expect((await scim.services.store.users.groupsOf(org.orgId, [newcomer])).get(newcomer)).toEqual([]);
  });
});
