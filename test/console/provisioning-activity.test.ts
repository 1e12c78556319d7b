// Provisioning activity, People and Groups over HTTP on both engines: what Okta and Entra did, in words, with
// failures (a 409, a retired token), filters, cursor paging, CSV, redaction, retention and connection health.
import { afterEach, describe, expect, it } from 'vitest';
import { Browser, createHarness, csrfOf, fieldValue, seedOrg, type Harness } from './console-harness.js';

let h: Harness;
afterEach(async () => h.close());

const OKTA = 'Okta SCIM Client 1.0.0';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SCIM = '/orgs/acme/settings/scim';

async function setUp(options: { activitySearchWindow?: number } = {}) {
  h = await createHarness(options);
  await seedOrg(h, 'acme', ['member']);
  const browser = new Browser(h.app);
  await browser.signIn('owner@acme.test');
  const page = await browser.get(SCIM);
  const enabled = await browser.post(`${SCIM}/enable`, { _csrf: csrfOf(page.body) });
  const token = fieldValue(enabled.body, 'scim-token')!;
  const scim = (method: string, path: string, body?: unknown, agent = OKTA, bearer = token) =>
    h.app.inject({
      method: method as 'GET',
      url: `/scim/v2${path}`,
      headers: { authorization: `Bearer ${bearer}`, 'user-agent': agent, ...(body ? { 'content-type': 'application/scim+json' } : {}) },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
  return { browser, token, scim };
}

const user = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, emails: [{ value: userName, primary: true }], ...extra });

describe('Provisioning activity', { timeout: 30_000 }, () => {
  it('records each operation of a Bulk request as its own entry, failures with their detail', async () => {
    const { browser, scim } = await setUp();
    const bulk = await scim('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'kim', data: user('kim@acme.com', { password: 'bulk-secret-pw' }) },
        { method: 'POST', path: '/Users', bulkId: 'dup', data: user('kim@acme.com') },
        { method: 'POST', path: '/Groups', bulkId: 'ops', data: { schemas: [GROUP], displayName: 'Ops', members: [{ value: 'bulkId:kim' }] } },
        { method: 'PATCH', path: '/Users/bulkId:kim', data: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] } },
      ],
    });
    expect(bulk.statusCode).toBe(200);
    const body = (await browser.get(`${SCIM}/activity`)).body;
    expect(body).toContain('Okta created kim@acme.com</a>');
    expect(body).toContain('Okta could not create kim@acme.com: ');
    expect(body).toContain('Okta created group Ops with 1 member</a>');
    expect(body).toContain('Okta deactivated kim@acme.com</a>');
    expect(body).not.toContain('Bulk request of');
    expect(body).not.toContain('bulk-secret-pw');
    // The PATCH names the user by the id its bulkId resolved to, so the person's filter finds it.
    const kim = await browser.get(`${SCIM}/activity?who=kim%40acme.com`);
    expect(kim.body).toContain('Okta deactivated kim@acme.com');
    const failures = await browser.get(`${SCIM}/activity?outcome=failure`);
    expect(failures.body).toContain('<code>uniqueness</code>');
    expect(failures.body).not.toContain('Okta created group Ops');
  });

  it('names a PATCHed person as the response did and their deletion by that name, though they are gone when the entries are written', async () => {
    const { browser, scim } = await setUp();
    const jane = (await scim('POST', '/Users', user('jane@acme.com'))).json() as { id: string };
    const renamed = await scim('PATCH', `/Users/${jane.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'userName', value: 'janet@acme.com' }] });
    expect(renamed.statusCode).toBe(200);
    expect((await scim('DELETE', `/Users/${jane.id}`)).statusCode).toBe(204);
    const body = (await browser.get(`${SCIM}/activity`)).body;
    expect(body).toContain('Okta updated janet@acme.com (userName)');
    // The deletion, recorded in the same batch, names them by the last name the batch knew.
    expect(body).toContain('Okta deleted janet@acme.com');
  });

  it('describes writes and failures in words, with client, status, scimType, detail, redacted body and change', async () => {
    const { browser, scim } = await setUp();
    const jane = (await scim('POST', '/Users', user('jane@acme.com', { password: 'hunter2-secret' }))).json() as { id: string };
    const conflict = await scim('POST', '/Users', user('jane@acme.com'));
    expect(conflict.statusCode).toBe(409);
    await scim('PATCH', `/Users/${jane.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] });
    const ids: string[] = [];
    for (const name of ['a@acme.com', 'b@acme.com', 'c@acme.com']) ids.push(((await scim('POST', '/Users', user(name))).json() as { id: string }).id);
    const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Support' }, 'Microsoft.Identity.Provisioning')).json() as { id: string };
    const added = await scim(
      'PATCH',
      `/Groups/${group.id}`,
      { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: ids.map((value) => ({ value })) }] },
      'Microsoft.Identity.Provisioning',
    );
    expect(added.statusCode).toBe(204);
    // A successful read is counted, not listed.
    expect((await scim('GET', '/Users?startIndex=1&count=1')).statusCode).toBe(200);

    const page = await browser.get(`${SCIM}/activity`);
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain('Okta created jane@acme.com</a>');
    expect(body).toContain('Okta could not create jane@acme.com: ');
    expect(body).toContain('<code>uniqueness</code>');
    expect(body).toContain('Okta deactivated jane@acme.com</a>');
    expect(body).toContain('Entra added 3 members to Support');
    expect(body).toContain('Compatibility rule: Entra ID capitalised op names');
    expect(body).not.toContain('startIndex');
    // Times to the second.
    expect(body).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);

    const createSeq = /activity\/(\d+)">Okta created jane@acme.com/.exec(body)![1]!;
    const entry = await browser.get(`${SCIM}/activity/${createSeq}`);
    expect(entry.body).toContain('[redacted]');
    expect(entry.body).not.toContain('hunter2-secret');
    expect(entry.body).toContain('&quot;attributes&quot;');

    const failed = await browser.get(`${SCIM}/activity?outcome=failure`);
    expect(failed.body).toContain('could not create');
    expect(failed.body).not.toContain('Okta created');
    const entra = await browser.get(`${SCIM}/activity?client=entra`);
    expect(entra.body).toContain('Entra added 3 members');
    expect(entra.body).not.toContain('Okta created');
    const byPerson = await browser.get(`${SCIM}/activity?who=jane%40acme.com`);
    expect(byPerson.body).toContain('Okta deactivated jane@acme.com');
    expect(byPerson.body).not.toContain('Support');
    const search = await browser.get(`${SCIM}/activity?q=SUPPORT`);
    expect(search.body).toContain('Entra added 3 members to Support');
    expect(search.body).not.toContain('jane@acme.com');

    const csv = await browser.get(`${SCIM}/activity.csv?outcome=failure`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('time,client,summary,outcome,status,scim_type,detail,compatibility_rule,method,path,resource_type,resource_id,target');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',failure,409,uniqueness,');
  });

  it('bounds each search page to a scan window and continues into older entries', async () => {
    const { browser, scim } = await setUp({ activitySearchWindow: 20 });
    const Operations = Array.from({ length: 60 }, (_, k) => ({ method: 'POST', path: '/Users', bulkId: `s${k}`, data: user(k === 5 ? 'needle@acme.com' : `hay${k}@acme.com`) }));
    expect((await scim('POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations })).statusCode).toBe(200);
    // Newest 20 entries (hay59..hay40) hold no match: the page says so and offers the older ones.
    let page = await browser.get(`${SCIM}/activity?q=needle`);
    expect(page.body).toContain('This page searched 20 entries, newest first');
    expect(page.body).not.toContain('needle@acme.com</a>');
    const pages = [page.body];
    for (let i = 0; i < 5 && !page.body.includes('needle@acme.com</a>'); i += 1) {
      const next = /href="([^"]+)" rel="next">Search older entries/.exec(page.body)?.[1];
      expect(next).toBeDefined();
      page = await browser.get(next!.replaceAll('&amp;', '&'));
      pages.push(page.body);
    }
    expect(page.body).toContain('Okta created needle@acme.com</a>');
    expect(pages).toHaveLength(3);
    // The CSV export follows the windows to the end.
    const csv = await browser.get(`${SCIM}/activity.csv?q=needle`);
    expect(csv.body.trim().split('\r\n')).toHaveLength(2);
  });

  it('exports every entry as CSV, streamed past one page', async () => {
    const { browser, scim } = await setUp();
    for (const [from, count] of [[0, 1000], [1000, 50]] as const) {
      const Operations = Array.from({ length: count }, (_, k) => ({ method: 'POST', path: '/Users', bulkId: `u${from + k}`, data: user(`u${from + k}@acme.com`) }));
      expect((await scim('POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations })).statusCode).toBe(200);
    }
    const csv = await browser.get(`${SCIM}/activity.csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 1050);
    expect(lines[1]).toContain('Okta created u1049@acme.com');
    expect(lines.at(-1)).toContain('Okta created u0@acme.com');
  });

  it('attributes a retired token to its organization and warns on the SCIM page', async () => {
    const { browser, token, scim } = await setUp();
    const page = await browser.get(SCIM);
    await browser.post(`${SCIM}/generate`, { _csrf: csrfOf(page.body), current_created_at: /name="current_created_at" value="([^"]*)"/.exec(page.body)![1]!, confirm_new_token: '1' });
    expect((await scim('GET', '/Users', undefined, OKTA, token)).statusCode).toBe(401);
    const activity = await browser.get(`${SCIM}/activity?outcome=failure`);
    expect(activity.body).toContain('Okta was refused');
    const settings = await browser.get(SCIM);
    expect(settings.body).toContain('still sending a retired token');
  });

  it('pages activity with a cursor, newest first', async () => {
    const { browser, scim } = await setUp();
    for (let i = 0; i < 55; i++) await scim('POST', '/Users', user(`p${String(i).padStart(2, '0')}@acme.com`));
    const first = await browser.get(`${SCIM}/activity`);
    expect(first.body).toContain('Okta created p54@acme.com');
    expect(first.body).not.toContain('Okta created p04@acme.com');
    const next = /href="([^"]+)" rel="next"/.exec(first.body)![1]!.replace(/&amp;/g, '&');
    const second = await browser.get(next);
    expect(second.body).toContain('Okta created p04@acme.com');
    expect(second.body).toContain('Okta created p00@acme.com');
    expect(second.body).not.toContain('Okta created p05@acme.com');
    expect(second.body).not.toContain('rel="next"');
  });

  it('prunes entries older than the retention period', async () => {
    const { browser, scim } = await setUp();
    await scim('POST', '/Users', user('old@acme.com'));
    await h.services.recorder.flush();
    h.advance(31 * 24 * 3_600_000);
    await scim('POST', '/Users', user('new@acme.com'));
    await h.services.recorder.flush();
    expect(await h.services.recorder.prune()).toBe(1);
    await browser.signIn('owner@acme.test');
    const page = await browser.get(`${SCIM}/activity`);
    expect(page.body).toContain('Okta created new@acme.com');
    expect(page.body).not.toContain('old@acme.com');
  });

  it('keeps plain members out of activity, people and groups', async () => {
    h = await createHarness();
    await seedOrg(h, 'acme', ['member']);
    const browser = new Browser(h.app);
    await browser.signIn('member@acme.test');
    for (const path of [`${SCIM}/activity`, `${SCIM}/activity.csv`, '/orgs/acme/people', '/orgs/acme/groups']) {
      expect((await browser.get(path)).statusCode).toBe(403);
    }
    const overview = await browser.get('/orgs/acme');
    expect(overview.body).not.toContain('>People</a>');
  });
});

describe('People and Groups', { timeout: 30_000 }, () => {
  it('searches people of every status by name, email or external id, filters by status, pages, and shows one person', async () => {
    const { browser, scim } = await setUp();
    const ada = (await scim('POST', '/Users', user('ada@acme.com', { externalId: 'okta-00ada', name: { givenName: 'Ada', familyName: 'Lovelace' } }))).json() as { id: string };
    await scim('POST', '/Users', user('bob@acme.com', { active: false, displayName: 'Bob Builder' }));
    for (let i = 0; i < 50; i++) await scim('POST', '/Users', user(`x${i}@acme.com`));
    const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Support', members: [{ value: ada.id }] })).json() as { id: string };

    const all = await browser.get('/orgs/acme/people');
    expect(all.body).toContain('>Active</span>');
    expect(all.body).toContain('rel="next"');
    const next = /href="([^"]+)" rel="next"/.exec(all.body)![1]!.replace(/&amp;/g, '&');
    const second = await browser.get(next);
    expect(second.body).toContain('ada@acme.com');
    expect(second.body).toContain('>Deactivated</span>');
    expect(second.body).not.toContain('rel="next"');

    expect((await browser.get('/orgs/acme/people?q=ADA')).body).toContain('Ada Lovelace');
    expect((await browser.get('/orgs/acme/people?q=okta-00ada')).body).toContain('Ada Lovelace');
    expect((await browser.get('/orgs/acme/people?q=bob%20b')).body).toContain('Bob Builder');
    const deactivated = await browser.get('/orgs/acme/people?status=deactivated');
    expect(deactivated.body).toContain('bob@acme.com');
    expect(deactivated.body).not.toContain('ada@acme.com');
    expect((await browser.get('/orgs/acme/people?status=active')).body).not.toContain('bob@acme.com');
    expect((await browser.get('/orgs/acme/people?q=%3Cscript%3E')).body).toContain('Nobody matches this search.');

    const person = await browser.get(`/orgs/acme/people/${ada.id}`);
    expect(person.body).toContain('Ada Lovelace');
    expect(person.body).toContain(`href="/orgs/acme/groups/${group.id}">Support</a>`);
    expect(person.body).toContain('Okta created ada@acme.com');

    const groups = await browser.get('/orgs/acme/groups?q=sup');
    expect(groups.body).toContain('>Support</a>');
    const groupPage = await browser.get(`/orgs/acme/groups/${group.id}`);
    expect(groupPage.body).toContain('ada@acme.com');
    expect(groupPage.body).toContain('Okta created group Support with 1 member');

    const overview = await browser.get('/orgs/acme');
    expect(overview.body).toContain('href="/orgs/acme/people?status=active"');
    expect(overview.body).toMatch(/51<\/a>[\s\S]*active/);
    expect(overview.body).toMatch(/1<\/a>[\s\S]*deactivated/);
  });

  it('answers an unknown console address with an HTML page', async () => {
    const { browser } = await setUp();
    for (const path of ['/orgs/acme/nothing-here', '/orgs/acme/people/not-a-user', '/no/such/page']) {
      const response = await browser.get(path);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('text/html');
    }
  });
});

describe('SCIM page extras and review fixes', { timeout: 30_000 }, () => {
  it('runs the connection test without the token and shows each result; links the set-up guides', async () => {
    const { browser, scim } = await setUp();
    await scim('POST', '/Users', user('ada@acme.com'));
    const page = await browser.get(SCIM);
    expect(page.body).toContain('Connection health');
    expect(page.body).toContain('<svg');
    for (const guide of ['okta', 'entra', 'onelogin', 'jumpcloud', 'google']) expect(page.body).toContain(`href="${SCIM}/guides/${guide}"`);
    expect((await browser.get(`${SCIM}/guides/entra`)).body).toContain('aadOptscim062020');
    expect((await browser.get(`${SCIM}/guides/nope`)).statusCode).toBe(404);
    const tested = await browser.post(`${SCIM}/test`, { _csrf: csrfOf(page.body) });
    expect(tested.statusCode).toBe(200);
    expect(tested.body).toContain('Every check passed.');
    expect(tested.body).toContain('<code>GET /Users?startIndex=1&amp;count=1</code>');
    expect(tested.body).toContain('200, 1 of 1 users returned');
    expect(tested.body).toContain('200, no results');
    expect(tested.body).toContain('<code>GET /ServiceProviderConfig</code>');
    // The seed flow's controls are still there.
    expect(tested.body).toContain('>Generate token</button>');
    expect(tested.body).toContain('I want to generate a new token</label>');
  });

  it('says it is waiting for the first request after enabling, and stops once the IdP calls', async () => {
    const { browser, scim } = await setUp();
    const waiting = await browser.get(`${SCIM}/health`);
    expect(waiting.body).toContain("Waiting for your identity provider's first request");
    expect(waiting.body).toContain('data-health-poll=');
    h.advance(1000);
    await scim('GET', '/Users?startIndex=1&count=1');
    const after = await browser.get(`${SCIM}/health`);
    expect(after.body).not.toContain('Waiting for');
    expect(after.body).not.toContain('data-health-poll=');
    expect(after.body).toMatch(/Errors in the last 24 hours<\/dt><dd><a[^>]*>0<\/a> of 1 requests/);
  });

  it('suspends a membership added after the IdP deactivated the person, and tells them why at sign-in', async () => {
    const { browser, scim } = await setUp();
    await scim('POST', '/Users', user('late@acme.test', { active: false }));
    await h.services.orgs.addMember({ orgSlug: 'acme', email: 'late@acme.test', password: 'correct horse battery staple', role: 'member' });
    const late = new Browser(h.app);
    const response = await late.signIn('late@acme.test');
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your identity provider has deactivated your access');
    expect(response.body).not.toContain('Email or password is incorrect');
    const wrong = await late.signIn('late@acme.test', 'not the password at all');
    expect(wrong.body).toContain('Email or password is incorrect');
    const audit = await browser.get(`${SCIM}/audit`);
    expect(audit.body).toContain('SCIM provisioning enabled');
    expect(audit.body).not.toContain('Previous token: expired');
    expect(audit.body).not.toContain('member.suspended');
  });
});
