// Overlapping PATCHes without If-Match apply one after another on both engines: every one answers 200/204 and
// the final document holds every change; If-Match mismatches still answer 412 (issue 12, item 2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, newGroup, newUser, type Harness } from '../support/scim-harness.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const CONCURRENT = 20;

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await harness();
  token = (await h.org('race-co')).token;
});
afterAll(() => h.close());

describe('concurrent PATCH without If-Match', () => {
  it('applies 20 concurrent email adds to one user in turn: all 200, all 20 emails kept', async () => {
    const created = await h.scim(token, 'POST', '/Users', newUser('race@example.com'));
    const id = created.json().id as string;
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        h.scim(token, 'PATCH', `/Users/${id}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'add', path: 'emails', value: [{ value: `race${i}@example.com`, type: `t${i}` }] }],
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(CONCURRENT).fill(200));
    const final = (await h.scim(token, 'GET', `/Users/${id}`)).json();
    expect(new Set(final.emails.map((e: { value: string }) => e.value))).toEqual(new Set(Array.from({ length: CONCURRENT }, (_, i) => `race${i}@example.com`)));
    expect(final.meta.version).toBe(`W/"${1 + CONCURRENT}"`);
  });

  it('applies 20 concurrent displayName PATCHes to one group in turn: all 204, 20 versions', async () => {
    const created = await h.scim(token, 'POST', '/Groups', newGroup('Racers'));
    const id = created.json().id as string;
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        h.scim(token, 'PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: `Racers ${i}` }] }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(CONCURRENT).fill(204));
    const final = (await h.scim(token, 'GET', `/Groups/${id}`)).json();
    expect(final.displayName).toMatch(/^Racers \d+$/);
    expect(final.meta.version).toBe(`W/"${1 + CONCURRENT}"`);
  });

  it('applies 20 concurrent full-document group PATCHes (externalId adds beside a members filter) in turn', async () => {
    const created = await h.scim(token, 'POST', '/Groups', newGroup('Filtered'));
    const id = created.json().id as string;
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        h.scim(token, 'PATCH', `/Groups/${id}`, {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'replace', path: 'externalId', value: `ext-${i}` },
            { op: 'remove', path: 'members[display eq "nobody"]' },
          ],
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(CONCURRENT).fill(204));
    expect((await h.scim(token, 'GET', `/Groups/${id}`)).json().meta.version).toBe(`W/"${1 + CONCURRENT}"`);
  });

  it('still answers 412 to a PATCH whose If-Match names an old version, and leaves the user unchanged', async () => {
    const created = await h.scim(token, 'POST', '/Users', newUser('pinned@example.com'));
    const id = created.json().id as string;
    await h.scim(token, 'PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Now' }] });
    const stale = await h.scim(
      token,
      'PATCH',
      `/Users/${id}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Stale' }] },
      { 'if-match': 'W/"1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect((await h.scim(token, 'GET', `/Users/${id}`)).json().displayName).toBe('Now');
  });
});

describe('concurrent POSTs that share a commit', () => {
  it('answers each write on its own: a duplicate userName among 12 is one 409, the other 11 land with their events', async () => {
    const org = await h.org('batch-co');
    const names = Array.from({ length: 12 }, (_, i) => (i === 7 ? 'batch3@example.com' : `batch${i}@example.com`));
    const answers = await Promise.all(names.map((name) => h.scim(org.token, 'POST', '/Users', newUser(name))));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([...Array(11).fill(201), 409]);
    expect(answers.find((a) => a.statusCode === 409)?.json()).toMatchObject({ status: '409', scimType: 'uniqueness' });
    const created = answers.filter((a) => a.statusCode === 201).map((a) => a.json().id as string);
    for (const id of created) expect((await h.scim(org.token, 'GET', `/Users/${id}`)).statusCode).toBe(200);
    const events = (await h.services.store.events.list({ orgId: org.id, limit: 100 })) ?? [];
    const userCreated = events.filter((e) => e.type === 'user.created').map((e) => (e.data as { id: string }).id);
    expect(userCreated.sort()).toEqual([...created].sort());
  });
});
