// Contract: SCIM Users: tenant scoping, case-insensitive userName uniqueness, version checks, lists, change log.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { JsonObject } from '../../scim/messages/resource.js';
import { ScimError } from '../../scim/errors.js';
import type { Store, StoredEvent, StoredResource, UserJson } from '../store.js';
import { change, listQuery, newOrg, T0, T1, thrown, type ContractContext } from './context.js';
import { readFeed } from './events.contract.js';

const userDoc = (userName: string, extra: JsonObject = {}): JsonObject => ({ userName, ...extra });

async function addUser(store: Store, orgId: string, userName: string, extra: JsonObject = {}) {
  return store.users.create(orgId, { id: randomUUID(), doc: userDoc(userName, extra) }, change());
}

export function usersContract(ctx: ContractContext): void {
  it('creates and reads a user with its document, instants and version unchanged', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const doc: JsonObject = {
      userName: 'Carol@Example.com',
      name: { givenName: 'Carol', familyName: 'Díaz' },
      emails: [{ value: 'Carol@Example.com', type: 'work', primary: true }],
      active: true,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Sales', employeeNumber: '42' },
    };
    const id = randomUUID();
    const created = await store.users.create(org.id, { id, doc }, change(T0));
    expect(created).toMatchObject({ id, orgId: org.id, doc, createdAt: T0, updatedAt: T0, version: 1 });
    expect(typeof created.seq).toBe('number');
    // A write may answer more than the stored user (UserWriteResult); the stored fields are the same.
    expect(created).toMatchObject({ ...(await store.users.get(org.id, id))! });
  });

  it('answers, when a write says, the groups and whether a non-owner console member is named, as the reads give them', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const other = await newOrg(store);
    const account = async (email: string, orgId: string, role: 'owner' | 'admin' | 'member') => {
      const id = randomUUID();
      await store.accounts.create({ id, email, passwordHash: 'x', createdAt: T0 });
      await store.accounts.setMembership({ orgId, accountId: id, role }, T0);
    };
    await account('Ann@Example.com', org.id, 'member');
    await account('own@example.com', org.id, 'owner');
    await account('else@example.com', other.id, 'admin');
    const cases: [string, boolean][] = [['ann@EXAMPLE.com', true], ['own@example.com', false], ['else@example.com', false], ['nobody@example.com', false], ['no-at-sign', false]];
    for (const [userName, member] of cases) {
      const created = await addUser(store, org.id, userName);
      const group = await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: `G ${userName}` }, members: [{ id: created.id, type: 'User' }] }, change());
      const replaced = (await store.users.replace(org.id, created.id, userDoc(userName, { active: false }), undefined, change(T1)))!;
      const patched = (await store.users.replace(org.id, created.id, (u) => ({ ...u.doc, active: true }), undefined, change(T1)))!;
      for (const written of [created, replaced, patched]) {
        // PostgreSQL reads both in the write's statement, which saves the service two round trips.
        if (ctx.engine === 'postgres') expect(written.consoleMember, userName).toBe(member);
        else expect([member, undefined]).toContain(written.consoleMember);
      }
      expect(created.groups ?? []).toEqual([]);
      for (const written of [replaced, patched]) {
        if (ctx.engine === 'postgres' || written.groups !== undefined) expect(written.groups).toEqual([{ id: group.id, displayName: `G ${userName}` }]);
      }
    }
  });

  it('scopes every read and write by organization', async () => {
    const store = ctx.store();
    const a = await newOrg(store);
    const b = await newOrg(store);
    const user = await addUser(store, a.id, 'ada@example.com');
    expect(await store.users.get(b.id, user.id)).toBeUndefined();
    expect(await store.users.replace(b.id, user.id, userDoc('x@example.com'), undefined, change())).toBeUndefined();
    expect(await store.users.delete(b.id, user.id, undefined, change())).toBe(false);
    expect((await store.users.list(b.id, listQuery('User'))).totalResults).toBe(0);
    expect((await store.users.get(a.id, user.id))?.doc).toEqual(userDoc('ada@example.com'));
  });

  it('refuses a userName taken in the org case-insensitively (409 uniqueness) and writes nothing', async () => {
    const store = ctx.store();
    const a = await newOrg(store);
    const b = await newOrg(store);
    await addUser(store, a.id, 'Ada@Example.com');
    const error = await thrown(() => addUser(store, a.id, 'ADA@example.COM'));
    expect(error).toMatchObject({ status: 409, scimType: 'uniqueness' });
    expect(error.detail).toContain('ADA@example.COM');
    expect((await store.users.list(a.id, listQuery('User'))).totalResults).toBe(1);
    expect((await store.changes.list(a.id, 10)).map((c) => c.action)).toEqual(['create']);
    await expect(addUser(store, b.id, 'ada@example.com')).resolves.toMatchObject({ version: 1 });
    const other = await addUser(store, a.id, 'bob@example.com');
    expect(await thrown(() => store.users.replace(a.id, other.id, userDoc('ada@EXAMPLE.com'), undefined, change()))).toMatchObject({
      status: 409,
      scimType: 'uniqueness',
    });
  });

  it('gives exactly one success to concurrent creates of one userName', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => addUser(store, org.id, i % 2 ? 'Race@x.com' : 'race@X.com')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409 });
  });

  it('replaces under a version check: a stale expected version gets 412 and changes nothing', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const user = await addUser(store, org.id, 'ada@example.com');
    const updated = await store.users.replace(org.id, user.id, userDoc('ada@example.com', { title: 'CTO' }), 1, change(T1));
    expect(updated).toMatchObject({ version: 2, createdAt: T0, updatedAt: T1, doc: { title: 'CTO' } });
    expect(await thrown(() => store.users.replace(org.id, user.id, userDoc('ada@example.com'), 1, change()))).toMatchObject({ status: 412 });
    expect(await thrown(() => store.users.delete(org.id, user.id, 1, change()))).toMatchObject({ status: 412 });
    expect((await store.users.get(org.id, user.id))?.version).toBe(2);
  });

  it('lets exactly one of several concurrent writers with the same If-Match version win', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const user = await addUser(store, org.id, 'ada@example.com');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => store.users.replace(org.id, user.id, userDoc('ada@example.com', { title: `t${i}` }), 1, change())),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 412 });
    expect((await store.users.get(org.id, user.id))?.version).toBe(2);
  });

  it('lists a page in creation order with the total, and filters on indexed attributes', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const other = await newOrg(store);
    for (let i = 0; i < 5; i++) await addUser(store, org.id, `User${i}@x.com`, { externalId: `ext-${i}`, displayName: `User ${i}` });
    await addUser(store, other.id, 'user1@x.com');
    const page = await store.users.list(org.id, listQuery('User', undefined, 1, 2));
    expect(page.totalResults).toBe(5);
    expect(page.resources.map((r) => r.doc['userName'])).toEqual(['User1@x.com', 'User2@x.com']);
    const byName = await store.users.list(org.id, listQuery('User', 'userName eq "USER3@X.COM"'));
    expect(byName.resources.map((r) => r.doc['externalId'])).toEqual(['ext-3']);
    const byExternal = await store.users.list(org.id, listQuery('User', 'externalId eq "ext-4"'));
    expect(byExternal.totalResults).toBe(1);
    const caseExact = await store.users.list(org.id, listQuery('User', 'externalId eq "EXT-4"'));
    expect(caseExact.totalResults).toBe(0);
    const byDisplay = await store.users.list(org.id, listQuery('User', 'displayName eq "user 0"'));
    expect(byDisplay.totalResults).toBe(1);
    expect((await store.users.list(org.id, listQuery('User', undefined, 8, 10))).resources).toEqual([]);
  });

  it('listJson and getWithGroupsJson answer what list and getWithGroups do, each document as stored JSON text or parsed', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const docs = [
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'Ana@x.com', name: { givenName: 'Ana' }, active: true },
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bo@x.com', displayName: 'Bo "B" \u00f6' },
    ];
    const ids: string[] = [];
    for (const doc of docs) ids.push((await store.users.create(org.id, { id: randomUUID(), doc }, change())).id);
    const asParsed = <T extends UserJson>(user: T) => {
      if (!('docJson' in user)) return user;
      const { docJson, ...rest } = user;
      return { ...rest, doc: JSON.parse(docJson) as JsonObject };
    };
    for (const query of [listQuery('User'), listQuery('User', 'userName eq "bo@x.com"'), { ...listQuery('User', 'userName eq "ana@x.com"'), withGroups: true }]) {
      const [listed, json] = [await store.users.list(org.id, query), await store.users.listJson(org.id, query)];
      expect(json.totalResults).toBe(listed.totalResults);
      expect(json.resources.map(asParsed)).toEqual(listed.resources);
    }
    for (const id of [...ids, randomUUID()]) {
      const json = await store.users.getWithGroupsJson(org.id, id);
      expect(json && asParsed(json)).toEqual(await store.users.getWithGroups(org.id, id));
    }
  });

  it('re-indexes what a replace changes, one attribute at a time, and returns what a read then gives', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const first: JsonObject = { userName: 'ana@x.com', externalId: 'e-1', displayName: 'Ana', active: true, emails: [{ value: 'ana@x.com', type: 'work' }] };
    const id = (await store.users.create(org.id, { id: randomUUID(), doc: first }, change(T0))).id;
    const found = async (filter: string) => (await store.users.list(org.id, listQuery('User', filter))).resources.map((u) => u.id);
    const steps: [JsonObject, string[], string[]][] = [
      // [the next document, filters that must find the user, filters that must not]
      [first, ['userName eq "ana@x.com"', 'externalId eq "e-1"', 'displayName eq "ana"', 'active eq true', 'emails.value eq "ana@x.com"'], []],
      [{ ...first, userName: 'ANA@x.com' }, ['userName eq "ana@x.com"'], []],
      [{ ...first, externalId: 'e-2' }, ['externalId eq "e-2"'], ['externalId eq "e-1"']],
      [{ ...first, externalId: 'e-2', displayName: 'Anna' }, ['displayName eq "anna"'], ['displayName eq "ana"']],
      [{ ...first, externalId: 'e-2', active: false }, ['active eq false', 'displayName eq "ana"'], ['active eq true', 'displayName eq "anna"']],
      [{ ...first, emails: [{ value: 'ana@y.com', type: 'work' }] }, ['emails.value eq "ana@y.com"', 'externalId eq "e-1"', 'active eq true'], ['emails.value eq "ana@x.com"']],
      [{ ...first, emails: [{ value: 'ana@y.com', type: 'home' }] }, ['emails[type eq "home"]'], ['emails[type eq "work"]']],
      [{ ...first, userName: 'bo@x.com', emails: [] }, ['userName eq "bo@x.com"'], ['userName eq "ana@x.com"', 'emails.value eq "ana@y.com"']],
    ];
    let version = 1;
    for (const [doc, finds, misses] of steps) {
      const replaced = await store.users.replace(org.id, id, doc, version, change(T1));
      version += 1;
      // A write may answer more than the stored user (UserWriteResult); the stored fields are the same.
      expect(replaced).toMatchObject({ ...(await store.users.get(org.id, id))! });
      expect(replaced).toMatchObject({ doc, version, createdAt: T0, updatedAt: T1 });
      for (const filter of finds) expect(await found(filter), filter).toEqual([id]);
      for (const filter of misses) expect(await found(filter), filter).toEqual([]);
    }
  });

  it('compares case-insensitive attributes with Unicode case folding, in columns and in the document', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    await addUser(store, org.id, 'Jörg@Example.com', { name: { familyName: 'Müller' }, emails: [{ value: 'JÖRG@x.com', type: 'WÖRK' }] });
    await addUser(store, org.id, 'other@example.com', { name: { familyName: 'Muller' }, emails: [{ value: 'o@x.com', type: 'work' }] });
    for (const filter of ['userName eq "JÖRG@EXAMPLE.COM"', 'name.familyName eq "MÜLLER"', 'emails[type eq "wörk"]', 'emails.value eq "jörg@X.COM"']) {
      const found = await store.users.list(org.id, listQuery('User', filter));
      expect(found.resources.map((u) => u.doc['userName']), filter).toEqual(['Jörg@Example.com']);
    }
  });

  it('finds a deactivated person by externalId for re-assignment', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const user = await addUser(store, org.id, 'ada@example.com', { externalId: 'okta-1', active: false });
    await addUser(store, org.id, 'bob@example.com', { externalId: 'okta-2' });
    expect((await store.users.findInactiveByExternalId(org.id, 'okta-1'))?.id).toBe(user.id);
    expect(await store.users.findInactiveByExternalId(org.id, 'okta-2')).toBeUndefined();
  });

  it('finds deactivated people by many externalIds in one read', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const other = await newOrg(store);
    const ada = await addUser(store, org.id, 'ada@example.com', { externalId: 'okta-1', active: false });
    await addUser(store, org.id, 'ada2@example.com', { externalId: 'okta-1', active: false });
    await addUser(store, org.id, 'bob@example.com', { externalId: 'okta-2' });
    await addUser(store, other.id, 'cat@example.com', { externalId: 'okta-3', active: false });
    const found = await store.users.findInactiveByExternalIds(org.id, ['okta-1', 'okta-2', 'okta-3', 'okta-1']);
    expect([...found.keys()]).toEqual(['okta-1']);
    // The oldest, as findInactiveByExternalId answers.
    expect(found.get('okta-1')).toEqual(await store.users.findInactiveByExternalId(org.id, 'okta-1'));
    expect(found.get('okta-1')?.id).toBe(ada.id);
    expect((await store.users.findInactiveByExternalIds(org.id, [])).size).toBe(0);
  });

  it('createEach writes each user as create does; a taken userName fails alone and the others land', async () => {
    const store = ctx.store();
    const [bulk, single] = [await newOrg(store), await newOrg(store)];
    for (const org of [bulk, single]) {
      await store.roleMappings.put(org.id, { defaultRole: 'viewer', forConsole: false, rules: [] }, T0);
      await addUser(store, org.id, 'taken@example.com');
    }
    const docs = [
      userDoc('ann@example.com', { emails: [{ value: 'Ann@Example.com', type: 'work', primary: true }], externalId: 'x-ann' }),
      userDoc('TAKEN@example.com'),
      userDoc('bob@example.com', { active: false }),
      userDoc('ANN@example.com'),
      userDoc('cat@example.com', { name: { givenName: 'Cat' } }),
    ];
    const results = await store.users.createEach(bulk.id, docs.map((doc) => ({ id: randomUUID(), doc })), change(T1), Infinity);
    expect(results.map((r) => (r instanceof ScimError ? r.status : r.doc['userName']))).toEqual(['ann@example.com', 409, 'bob@example.com', 409, 'cat@example.com']);
    expect((results[1] as ScimError).detail).toBe((await thrown(() => addUser(store, bulk.id, 'TAKEN@example.com'))).detail);
    expect((results[3] as ScimError).detail).toContain('"ANN@example.com"');
    const created = results.filter((r): r is StoredResource => !(r instanceof ScimError));
    for (const user of created) {
      expect(user).toMatchObject({ orgId: bulk.id, createdAt: T1, updatedAt: T1, version: 1 });
      expect(await store.users.get(bulk.id, user.id)).toEqual(user);
    }
    const singles: string[] = [];
    for (const doc of docs) {
      const id = randomUUID();
      if (!(await store.users.create(single.id, { id, doc }, change(T1)).catch(() => undefined))) continue;
      singles.push(id);
    }
    const names = async (orgId: string, filter?: string) => (await store.users.list(orgId, listQuery('User', filter))).resources.map((u) => u.doc['userName']);
    expect(await names(bulk.id)).toEqual(await names(single.id));
    expect(await names(bulk.id, 'emails.value eq "ann@example.com"')).toEqual(['ann@example.com']);
    expect(await names(bulk.id, 'active eq false')).toEqual(['bob@example.com']);
    const changes = async (orgId: string) => (await store.changes.list(orgId, 10)).map(({ seq: _s, resourceId: _r, ...rest }) => rest);
    expect(await changes(bulk.id)).toEqual(await changes(single.id));
    // The same events in the same order, ids and orgs aside.
    const ids = new Map(created.map((r, k) => [r.id, singles[k]!]));
    const events = async (orgId: string, rename = (id: unknown) => id) =>
      (await readFeed(store, { orgId, types: ['user.created'] }, 4)).slice(1).map((e: StoredEvent) => ({ type: e.type, occurredAt: e.occurredAt, changed: e.changed, data: { ...e.data, id: rename(e.data['id']) } as JsonObject }));
    const bulkEvents = await events(bulk.id, (id) => ids.get(String(id)) ?? id);
    expect(bulkEvents).toEqual(await events(single.id));
    expect(bulkEvents.map((e) => [e.data['user_name'], e.data['role']])).toEqual([
      ['ann@example.com', 'viewer'],
      ['bob@example.com', 'viewer'],
      ['cat@example.com', 'viewer'],
    ]);
  });

  it('createEach stops after maxFailures failures and writes nothing after the stop', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    await addUser(store, org.id, 'taken@example.com');
    const batch = ['one@example.com', 'taken@example.com', 'two@example.com', 'Two@example.com', 'three@example.com'].map((name) => ({ id: randomUUID(), doc: userDoc(name) }));
    const first = await store.users.createEach(org.id, batch.slice(0, 3), change(T1), 1);
    expect(first.map((r) => (r instanceof ScimError ? r.status : r.id))).toEqual([batch[0]!.id, 409]);
    const second = await store.users.createEach(org.id, batch.slice(2), change(T1), 2);
    expect(second.map((r) => (r instanceof ScimError ? r.status : r.id))).toEqual([batch[2]!.id, 409, batch[4]!.id]);
    const names = (await store.users.list(org.id, listQuery('User'))).resources.map((u) => u.doc['userName']);
    expect(names).toEqual(['taken@example.com', 'one@example.com', 'two@example.com', 'three@example.com']);
    expect((await store.changes.list(org.id, 10)).map((c) => c.action)).toEqual(['create', 'create', 'create', 'create']);
    expect((await readFeed(store, { orgId: org.id, types: ['user.created'] }, 4)).map((e) => e.data['user_name'])).toEqual(names);
    expect(await store.users.createEach(org.id, [], change(T1), 1)).toEqual([]);
  });

  it('gives each userName to exactly one of two concurrent createEach batches that name them in opposite orders', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const shared = Array.from({ length: 20 }, (_, k) => `shared${k}@example.com`);
    const batch = (names: readonly string[]) => names.map((name) => ({ id: randomUUID(), doc: userDoc(name) }));
    const [up, down] = await Promise.all([
      store.users.createEach(org.id, batch([...shared, 'up@example.com']), change(T1), Infinity),
      store.users.createEach(org.id, batch(['down@example.com', ...[...shared].reverse()]), change(T1), Infinity),
    ]);
    const won = (results: readonly (StoredResource | ScimError)[]) => results.flatMap((r) => (r instanceof ScimError ? [] : [String(r.doc['userName'])]));
    expect([...won(up), ...won(down)].sort()).toEqual([...shared, 'up@example.com', 'down@example.com'].sort());
    expect([...up, ...down].filter((r) => r instanceof ScimError).map((r) => (r as ScimError).status)).toEqual(shared.map(() => 409));
    expect((await store.users.list(org.id, listQuery('User', undefined, 0, 50))).totalResults).toBe(22);
    expect((await readFeed(store, { orgId: org.id, types: ['user.created'] }, 22)).length).toBe(22);
  });

  it('records every write in the activity log in the same transaction, newest first', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const user = await addUser(store, org.id, 'ada@example.com');
    await store.users.replace(org.id, user.id, userDoc('ada@example.com', { title: 'x' }), undefined, change(T1, 'Entra'));
    await store.users.delete(org.id, user.id, undefined, change(T1, null));
    const log = await store.changes.list(org.id, 10);
    expect(log.map(({ seq: _seq, ...rest }) => rest)).toEqual([
      { at: T1, resourceType: 'User', resourceId: user.id, action: 'delete', version: null, client: null, status: 204 },
      { at: T1, resourceType: 'User', resourceId: user.id, action: 'replace', version: 2, client: 'Entra', status: 200 },
      { at: T0, resourceType: 'User', resourceId: user.id, action: 'create', version: 1, client: 'Okta SCIM Client', status: 201 },
    ]);
    expect(await store.users.get(org.id, user.id)).toBeUndefined();
    expect(await store.users.delete(org.id, user.id, undefined, change())).toBe(false);
  });
}
