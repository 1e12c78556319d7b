// Replays Okta's documented requests (test/fixtures/idp/okta, SCIM 2.0 Protocol Reference) in order over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimApp, userBody, type ScimTestApp, type TestOrg } from '../support/scim-app.js';
import { loadFixtures, replay } from '../support/replay-fixture.js';

interface Step {
  readonly file: string;
  /** The status asserted; where it differs from the fixture's `expect.status`, `why` says which note allows it. */
  readonly status: number;
  readonly why?: string;
  readonly bind?: string;
  readonly check?: (body: any, ctx: Ctx) => Promise<void> | void;
}
interface Ctx {
  readonly org: TestOrg;
  readonly bindings: Map<string, string>;
  readonly get: (path: string) => Promise<any>;
}

const memberIds = (group: any) => ((group.members ?? []) as { value: string }[]).map((m) => m.value).sort();

const steps: Step[] = [
  { file: '01', status: 200, check: (b) => expect(b.Resources.length).toBeGreaterThan(0) },
  { file: '02', status: 200, check: (b) => expect(typeof b.totalResults).toBe('number') },
  { file: '03', status: 200, check: (b) => expect(b.startIndex).toBe(101) },
  { file: '04', status: 200 },
  { file: '05', status: 200, check: (b) => expect(b.totalResults).toBe(0) },
  { file: '06', status: 201, bind: 'userId', check: (b) => expect(b.password).toBeUndefined() },
  { file: '07', status: 409, why: 'repeats the userName of 06; Okta documents 409 for an existing user (fixture 06 notes)' },
  { file: '08', status: 200, check: (b, c) => expect(b.id).toBe(c.bindings.get('userId')) },
  { file: '09', status: 200, check: (b) => expect(b.name.middleName).toBe('Excited') },
  // Quirk: path-less replace {active:false} (Okta quirk 1).
  { file: '10', status: 200, check: async (b, c) => expect([b.active, (await c.get(`/Users/${c.bindings.get('userId')}`)).active]).toEqual([false, false]) },
  { file: '11', status: 200, check: (b) => expect(b.active).toBe(true) },
  { file: '12', status: 200, check: (b) => expect(b.active).toBe(false) },
  { file: '13', status: 201, bind: 'groupId' },
  { file: '14', status: 200, check: (b) => expect(b.displayName).toBe('Engineering') },
  // Quirk: path-less replace carrying the group's own read-only id (Okta quirk 2).
  { file: '15', status: 204, why: 'notes: "Respond 200 with Group ... or 204"', check: async (_b, c) => expect((await c.get(`/Groups/${c.bindings.get('groupId')}`)).displayName).toBe('Engineering') },
  // Quirk: filtered remove of a non-member plus array add, in one request (Okta quirk 3).
  { file: '16', status: 204, why: 'notes allow 204', check: async (_b, c) => expect(memberIds(await c.get(`/Groups/${c.bindings.get('groupId')}`))).toEqual([c.bindings.get('userId')]) },
  {
    file: '17',
    status: 204,
    why: 'notes: "Respond 200 or 204"',
    check: async (_b, c) =>
      expect(memberIds(await c.get(`/Groups/${c.bindings.get('groupId')}`))).toEqual([c.bindings.get('userId'), c.bindings.get('userId2')].sort()),
  },
  // Quirk: replace members with [] empties the group (Okta quirk 4).
  { file: '18', status: 204, why: 'notes: "Respond 200 or 204"', check: async (_b, c) => expect(memberIds(await c.get(`/Groups/${c.bindings.get('groupId')}`))).toEqual([]) },
  { file: '19', status: 200, check: (b) => expect(b.members).toHaveLength(2) },
  { file: '20', status: 204, check: async (_b, c) => expect((await c.org.send('GET', `/Groups/${c.bindings.get('groupId')}`)).statusCode).toBe(404) },
];

describe('Okta fixtures replayed in order', () => {
  let scim: ScimTestApp;
  let ctx: Ctx;
  const fixtures = loadFixtures('okta');

  beforeAll(async () => {
    scim = await startScimApp();
    const org = await scim.newOrg('okta-org');
    // {{userId2}} is a second person Okta already manages; no Okta fixture creates it.
    const bob = await org.send('POST', '/Users', userBody('bob@example.com'));
    const bindings = new Map([
      ['token', org.token],
      ['userId2', (bob.json() as { id: string }).id],
    ]);
    ctx = { org, bindings, get: async (path) => (await org.send('GET', path)).json() };
  });
  afterAll(async () => scim.close());

  it('covers every Okta fixture', () => expect(steps.map((s) => s.file)).toEqual([...fixtures.keys()]));

  for (const step of steps) {
    it(`${step.file} ${fixtures.get(step.file)?.step ?? ''}`, async () => {
      const fixture = fixtures.get(step.file)!;
      if (step.why === undefined) expect(step.status).toBe(fixture.expect.status);
      const response = await replay(scim.app, fixture, ctx.bindings);
      expect(response.statusCode, response.body).toBe(step.status);
      const body = response.body === '' ? undefined : response.json();
      if (step.bind) ctx.bindings.set(step.bind, body.id);
      await step.check?.(body, ctx);
    });
  }
});
