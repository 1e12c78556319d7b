// Contract: SCIM Users: tenant scoping, case-insensitive userName uniqueness, version checks, lists, change log.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { JsonObject } from '../../scim/messages/resource.js';
import type { Store } from '../store.js';
import { change, listQuery, newOrg, T0, T1, thrown, type ContractContext } from './context.js';

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
    expect(await store.users.get(org.id, id)).toEqual(created);
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
