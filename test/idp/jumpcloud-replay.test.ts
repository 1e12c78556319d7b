// Replays JumpCloud's (inferred) requests (test/fixtures/idp/jumpcloud): Test Connection create, the later
// member and deactivate PATCHes (05-07), then the Test Connection clean-up deletes (03, 04).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimApp, type ScimTestApp, type TestOrg } from '../support/scim-app.js';
import { loadFixtures, replay } from '../support/replay-fixture.js';

describe('JumpCloud fixtures replayed', () => {
  let scim: ScimTestApp;
  let org: TestOrg;
  const bindings = new Map<string, string>();
  const fixtures = loadFixtures('jumpcloud');
  const members = async () => ((await org.send('GET', `/Groups/${bindings.get('groupId')}`)).json().members ?? []).map((m: { value: string }) => m.value);

  beforeAll(async () => {
    scim = await startScimApp();
    org = await scim.newOrg('jumpcloud-org');
    bindings.set('token', org.token);
  });
  afterAll(async () => scim.close());

  const steps: [string, number, (body: any) => Promise<void> | void][] = [
    ['01', 201, (b) => void bindings.set('userId', b.id)],
    ['02', 201, (b) => void bindings.set('groupId', b.id)],
    // Notes: "Respond 200 or 204"; groups answer 204.
    ['06', 204, async () => expect(await members()).toEqual([bindings.get('userId')])],
    // Quirk: value-array remove without a filter removes only the listed member.
    ['07', 204, async () => expect(await members()).toEqual([])],
    ['05', 200, (b) => expect(b.active).toBe(false)],
    ['03', 204, () => undefined],
    ['04', 204, () => undefined],
  ];
  for (const [file, status, check] of steps) {
    it(`${file} ${fixtures.get(file)?.step ?? ''}`, async () => {
      const response = await replay(scim.app, fixtures.get(file)!, bindings);
      expect(response.statusCode, response.body).toBe(status);
      await check(response.body === '' ? undefined : response.json());
    });
  }
});
