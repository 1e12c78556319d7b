// POST /Bulk (RFC 7644 section 3.7): bulkId references, failOnErrors, limits, tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupBody, patchBody, startScimApp, userBody, type ScimTestApp, type TestOrg } from '../../../test/support/scim-app.js';

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const bulk = (Operations: unknown[], extra: Record<string, unknown> = {}) => ({ schemas: [BULK], Operations, ...extra });

let scim: ScimTestApp;
let a: TestOrg;
let b: TestOrg;
beforeAll(async () => {
  scim = await startScimApp();
  a = await scim.newOrg('bulk-a');
  b = await scim.newOrg('bulk-b');
});
afterAll(async () => scim.close());

const idOf = (location: string) => location.slice(location.lastIndexOf('/') + 1);

describe('POST /Bulk', () => {
  it('creates a user and a group that references it by bulkId (RFC 7644 section 3.7.2)', async () => {
    const response = await a.send(
      'POST',
      '/Bulk',
      bulk([
        { method: 'POST', path: '/Users', bulkId: 'qwerty', data: userBody('alice@bulk.test') },
        { method: 'POST', path: '/Groups', bulkId: 'ytrewq', data: { ...groupBody('Tour Guides'), members: [{ type: 'User', value: 'bulkId:qwerty' }] } },
      ]),
    );
    expect(response.statusCode).toBe(200);
    const [user, group] = response.json().Operations;
    expect(response.json().schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:BulkResponse']);
    expect([user.status, user.bulkId, user.version, group.status]).toEqual(['201', 'qwerty', 'W/"1"', '201']);
    expect(user.location).toMatch(/^https:\/\/rollcall\.test\/scim\/v2\/Users\//);
    const stored = (await a.send('GET', `/Groups/${idOf(group.location)}`)).json();
    expect(stored.members.map((m: { value: string }) => m.value)).toEqual([idOf(user.location)]);
  });

  it('runs an operation after the POST its bulkId names, even when listed first', async () => {
    const response = await a.send(
      'POST',
      '/Bulk',
      bulk([
        { method: 'POST', path: '/Groups', bulkId: 'g', data: { ...groupBody('Forward'), members: [{ value: 'bulkId:u' }] } },
        { method: 'POST', path: '/Users', bulkId: 'u', data: userBody('forward@bulk.test') },
      ]),
    );
    const [group, user] = response.json().Operations;
    expect([group.status, user.status]).toEqual(['201', '201']);
    expect((await a.send('GET', `/Groups/${idOf(group.location)}`)).json().members[0].value).toBe(idOf(user.location));
  });

  it('PATCH, PUT and DELETE through bulkId paths, with per-operation versions', async () => {
    const response = await a.send(
      'POST',
      '/Bulk',
      bulk([
        { method: 'POST', path: '/Users', bulkId: 'p', data: userBody('patch@bulk.test') },
        { method: 'PATCH', path: '/Users/bulkId:p', version: 'W/"1"', data: patchBody({ op: 'replace', path: 'active', value: false }) },
        { method: 'PATCH', path: '/Users/bulkId:p', version: 'W/"1"', data: patchBody({ op: 'replace', path: 'active', value: true }) },
        { method: 'PUT', path: '/Users/bulkId:p', data: userBody('patch@bulk.test', { title: 'Put' }) },
        { method: 'DELETE', path: '/Users/bulkId:p', version: 'W/"3"' },
      ]),
    );
    expect(response.json().Operations.map((o: { status: string }) => o.status)).toEqual(['201', '200', '412', '200', '204']);
    expect(response.json().Operations[2].response.status).toBe('412');
  });

  it('stops after failOnErrors errors and reports only what ran', async () => {
    const response = await a.send(
      'POST',
      '/Bulk',
      bulk(
        [
          { method: 'POST', path: '/Users', data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] } },
          { method: 'PATCH', path: '/Users/nobody', data: patchBody({ op: 'add', path: 'title', value: 'x' }) },
          { method: 'POST', path: '/Users', data: userBody('never@bulk.test') },
        ],
        { failOnErrors: 2 },
      ),
    );
    const ops = response.json().Operations;
    expect(ops.map((o: { status: string }) => o.status)).toEqual(['400', '404']);
    expect(ops[0].response.scimType).toBe('invalidValue');
    expect((await a.send('GET', '/Users?filter=userName eq "never@bulk.test"')).json().totalResults).toBe(0);
  });

  it('answers 409 for circular and unresolvable bulkId references', async () => {
    const response = await a.send(
      'POST',
      '/Bulk',
      bulk([
        { method: 'POST', path: '/Groups', bulkId: 'x', data: { ...groupBody('X'), members: [{ value: 'bulkId:y' }] } },
        { method: 'POST', path: '/Groups', bulkId: 'y', data: { ...groupBody('Y'), members: [{ value: 'bulkId:x' }] } },
        { method: 'PATCH', path: '/Groups/bulkId:missing', data: patchBody({ op: 'add', path: 'displayName', value: 'z' }) },
      ]),
    );
    expect(response.json().Operations.map((o: { status: string }) => o.status)).toEqual(['409', '409', '409']);
  });

  describe('a run of user creates (one store batch)', () => {
    const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const statuses = (response: { json(): { Operations: { status: string }[] } }) => response.json().Operations.map((o) => o.status);
    const userNamed = async (name: string) => (await a.send('GET', `/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`)).json().Resources as { id: string }[];

    it('fails a taken userName alone with the answer a single POST gives; the others land', async () => {
      await a.send('POST', '/Users', userBody('run-existing@bulk.test'));
      const single = (await a.send('POST', '/Users', userBody('RUN-existing@bulk.test'))).json();
      const response = await a.send(
        'POST',
        '/Bulk',
        bulk([
          { method: 'POST', path: '/Users', bulkId: 'r1', data: userBody('run1@bulk.test', { emails: [{ value: 'run1@bulk.test', primary: true }] }) },
          { method: 'POST', path: '/Users', data: userBody('run2@bulk.test') },
          { method: 'POST', path: '/Users', bulkId: 'r1dup', data: userBody('RUN1@bulk.test') },
          { method: 'POST', path: '/Users', data: userBody('RUN-existing@bulk.test') },
          { method: 'POST', path: '/Users', bulkId: 'r3', data: userBody('run3@bulk.test') },
        ]),
      );
      expect(statuses(response)).toEqual(['201', '201', '409', '409', '201']);
      const ops = response.json().Operations;
      expect(Object.keys(ops[0])).toEqual(['method', 'bulkId', 'version', 'location', 'status']);
      expect(ops[0]).toMatchObject({ method: 'POST', bulkId: 'r1', version: 'W/"1"', status: '201' });
      expect(ops[2]).toEqual({ method: 'POST', bulkId: 'r1dup', status: '409', response: { ...single, detail: single.detail.replace('RUN-existing', 'RUN1') } });
      expect(ops[3]).toEqual({ method: 'POST', status: '409', response: single });
      for (const [k, name] of [[0, 'run1@bulk.test'], [1, 'run2@bulk.test'], [4, 'run3@bulk.test']] as const) {
        const stored = await a.send('GET', `/Users/${idOf(ops[k].location)}`);
        expect([stored.statusCode, stored.json().userName, stored.json().meta.version]).toEqual([200, name, ops[k].version]);
      }
      expect(await userNamed('run1@bulk.test')).toHaveLength(1);
      expect((await a.send('GET', '/Users?filter=emails.value eq "run1@bulk.test"')).json().totalResults).toBe(1);
    });

    it('stops at failOnErrors inside the run: nothing after the stopping error lands', async () => {
      const first = await a.send(
        'POST',
        '/Bulk',
        bulk(
          [
            { method: 'POST', path: '/Users', data: userBody('stop1@bulk.test') },
            { method: 'POST', path: '/Users', data: userBody('STOP1@bulk.test') },
            { method: 'POST', path: '/Users', data: userBody('stop2@bulk.test') },
          ],
          { failOnErrors: 1 },
        ),
      );
      expect(statuses(first)).toEqual(['201', '409']);
      const second = await a.send(
        'POST',
        '/Bulk',
        bulk(
          [
            { method: 'POST', path: '/Users', data: userBody('stop1@bulk.test') },
            { method: 'POST', path: '/Users', data: userBody('stop3@bulk.test') },
            { method: 'POST', path: '/Users', data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] } },
            { method: 'POST', path: '/Users', data: userBody('stop4@bulk.test') },
          ],
          { failOnErrors: 2 },
        ),
      );
      expect(statuses(second)).toEqual(['409', '201', '400']);
      expect(await userNamed('stop2@bulk.test')).toEqual([]);
      expect(await userNamed('stop3@bulk.test')).toHaveLength(1);
      expect(await userNamed('stop4@bulk.test')).toEqual([]);
    });

    it('resolves bulkId references to creates of the same run, and refuses one to a create that failed', async () => {
      await a.send('POST', '/Users', userBody('ref-taken@bulk.test'));
      const response = await a.send(
        'POST',
        '/Bulk',
        bulk([
          { method: 'POST', path: '/Users', bulkId: 'boss', data: userBody('ref-boss@bulk.test') },
          { method: 'POST', path: '/Users', bulkId: 'emp', data: userBody('ref-emp@bulk.test', { schemas: [USER, ENTERPRISE], [ENTERPRISE]: { manager: { value: 'bulkId:boss' } } }) },
          { method: 'POST', path: '/Users', bulkId: 'gone', data: userBody('ref-taken@bulk.test') },
          { method: 'POST', path: '/Users', bulkId: 'orphan', data: userBody('ref-orphan@bulk.test', { schemas: [USER, ENTERPRISE], [ENTERPRISE]: { manager: { value: 'bulkId:gone' } } }) },
          { method: 'POST', path: '/Users', bulkId: 'late', data: userBody('ref-late@bulk.test') },
          { method: 'POST', path: '/Groups', data: { ...groupBody('Ref team'), members: [{ value: 'bulkId:boss' }, { value: 'bulkId:emp' }, { value: 'bulkId:late' }] } },
        ]),
      );
      expect(statuses(response)).toEqual(['201', '201', '409', '409', '201', '201']);
      const [boss, emp, , orphan, late, group] = response.json().Operations;
      expect(orphan.response.detail).toBe('bulkId "gone" names no operation of this request that succeeded');
      expect((await a.send('GET', `/Users/${idOf(emp.location)}`)).json()[ENTERPRISE].manager.value).toBe(idOf(boss.location));
      const members = (await a.send('GET', `/Groups/${idOf(group.location)}`)).json().members.map((m: { value: string }) => m.value);
      expect(members.sort()).toEqual([boss, emp, late].map((o: { location: string }) => idOf(o.location)).sort());
      expect(await userNamed('ref-orphan@bulk.test')).toEqual([]);
    });

    it("restores a deactivated person POSTed again (Okta's re-assignment), stored before or created earlier in the run", async () => {
      const stored = (await a.send('POST', '/Users', userBody('restore-old@bulk.test', { externalId: 'okta-old', active: false }))).json();
      const response = await a.send(
        'POST',
        '/Bulk',
        bulk([
          { method: 'POST', path: '/Users', data: userBody('restore-a@bulk.test') },
          { method: 'POST', path: '/Users', data: userBody('restore-old@bulk.test', { externalId: 'okta-old' }) },
          { method: 'POST', path: '/Users', data: userBody('restore-new@bulk.test', { externalId: 'okta-new', active: false }) },
          { method: 'POST', path: '/Users', data: userBody('restore-b@bulk.test') },
          { method: 'POST', path: '/Users', data: userBody('restore-new@bulk.test', { externalId: 'okta-new' }) },
        ]),
      );
      expect(statuses(response)).toEqual(['201', '201', '201', '201', '201']);
      const ops = response.json().Operations;
      expect([idOf(ops[1].location), ops[1].version]).toEqual([stored.id, 'W/"2"']);
      expect([idOf(ops[4].location), ops[4].version]).toEqual([idOf(ops[2].location), 'W/"2"']);
      const restored = (await a.send('GET', `/Users/${stored.id}`)).json();
      expect(restored.active).toBe(true);
      expect(await userNamed('restore-new@bulk.test')).toHaveLength(1);
    });
  });

  it.each<[string, unknown, number, string | undefined]>([
    ['more than maxOperations', bulk(Array.from({ length: 1001 }, () => ({ method: 'DELETE', path: '/Users/x' }))), 413, 'tooLarge'],
    ['no Operations', bulk([]), 400, 'invalidValue'],
    ['wrong schema', { schemas: ['x'], Operations: [] }, 400, 'invalidSyntax'],
    ['duplicate bulkId', bulk([{ method: 'POST', path: '/Users', bulkId: 'd', data: {} }, { method: 'POST', path: '/Users', bulkId: 'd', data: {} }]), 400, 'invalidValue'],
    ['unknown method', bulk([{ method: 'GET', path: '/Users' }]), 400, 'invalidSyntax'],
  ])('%s -> %i', async (_name, body, status, scimType) => {
    const response = await a.send('POST', '/Bulk', body);
    expect([response.statusCode, response.json().scimType]).toEqual([status, scimType]);
  });

  it('accepts a body above the default limit up to maxPayloadSize, and refuses more with 413', async () => {
    // Strings hold at most 16,384 characters (docs/decisions/limits.md): the bytes are spread over addresses.
    const addresses = (bytes: number) => Array.from({ length: Math.ceil(bytes / 16_000) }, () => ({ formatted: 'x'.repeat(16_000) }));
    const big = (bytes: number) => bulk([{ method: 'POST', path: '/Users', data: userBody(`big${bytes}@bulk.test`, { addresses: addresses(bytes) }) }]);
    const within = await a.send('POST', '/Bulk', big(2 * 1024 * 1024));
    expect([within.statusCode, within.json().Operations[0].status]).toEqual([200, '201']);
    const over = await a.send('POST', '/Bulk', big(4 * 1024 * 1024));
    expect([over.statusCode, over.json().scimType]).toEqual([413, 'tooLarge']);
    const single = await a.send('POST', '/Users', userBody('single@bulk.test', { title: 'x'.repeat(2 * 1024 * 1024) }));
    expect(single.statusCode).toBe(413);
  });

  it("org A's token against org B's resources: every operation 404s and org B is unchanged", async () => {
    const user = (await b.send('POST', '/Users', userBody('victim@bulk.test'))).json();
    const group = (await b.send('POST', '/Groups', groupBody('b-team', [user.id]))).json();
    const response = await a.send(
      'POST',
      '/Bulk',
      bulk([
        { method: 'PATCH', path: `/Users/${user.id}`, data: patchBody({ op: 'replace', path: 'active', value: false }) },
        { method: 'PUT', path: `/Users/${user.id}`, data: userBody('taken@bulk.test') },
        { method: 'PATCH', path: `/Groups/${group.id}`, data: patchBody({ op: 'remove', path: 'members' }) },
        { method: 'DELETE', path: `/Users/${user.id}` },
        { method: 'POST', path: '/Groups', data: groupBody('steal', [user.id]) },
      ]),
    );
    expect(response.json().Operations.map((o: { status: string }) => o.status)).toEqual(['404', '404', '404', '404', '400']);
    const after = (await b.send('GET', `/Users/${user.id}`)).json();
    expect([after.userName, after.active, after.meta.version]).toEqual(['victim@bulk.test', undefined, 'W/"1"']);
    expect((await b.send('GET', `/Groups/${group.id}`)).json().members).toHaveLength(1);
  });
});
