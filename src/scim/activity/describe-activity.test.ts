// The activity log's sentences, client recognition and body redaction, from tables.
import { describe, expect, it } from 'vitest';
import { describeActivity, type ActivityFacts } from './describe-activity.js';
import { recogniseClient } from './idp-client.js';
import { redactBody } from './redact-body.js';

const facts = (over: Partial<ActivityFacts>): ActivityFacts => ({
  client: 'okta',
  method: 'POST',
  resourceType: 'User',
  target: 'jane@acme.com',
  status: 201,
  detail: null,
  body: {},
  ...over,
});

describe('describeActivity', () => {
  it.each<[string, Partial<ActivityFacts>, string]>([
    ['create', {}, 'Okta created jane@acme.com'],
    ['deactivate by PATCH', { method: 'PATCH', status: 200, body: { Operations: [{ op: 'replace', value: { active: false } }] } }, 'Okta deactivated jane@acme.com'],
    ['Entra string boolean', { client: 'entra', method: 'PATCH', status: 200, body: { Operations: [{ op: 'Replace', path: 'active', value: 'False' }] } }, 'Entra deactivated jane@acme.com'],
    ['reactivate by PUT', { method: 'PUT', status: 200, body: { userName: 'jane@acme.com', active: true } }, 'Okta updated jane@acme.com'],
    ['deactivate by PUT', { method: 'PUT', status: 200, body: { userName: 'jane@acme.com', active: false } }, 'Okta deactivated jane@acme.com'],
    ['delete', { method: 'DELETE', status: 204 }, 'Okta deleted jane@acme.com'],
    [
      'member adds',
      { client: 'entra', method: 'PATCH', status: 204, resourceType: 'Group', target: 'Support', body: { Operations: [{ op: 'Add', path: 'members', value: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] }] } },
      'Entra added 3 members to Support',
    ],
    [
      'member removal by filter',
      { method: 'PATCH', status: 204, resourceType: 'Group', target: 'Support', body: { Operations: [{ op: 'remove', path: 'members[value eq "a"]' }] } },
      'Okta removed 1 member from Support',
    ],
    ['conflict', { status: 409, target: 'bob@acme.com', detail: 'userName already taken' }, 'Okta could not create bob@acme.com: userName already taken'],
    ['refused token', { method: 'GET', status: 401, target: null, resourceType: 'User', detail: null }, 'Okta was refused: the token is invalid, revoked or expired'],
    ['failed list', { method: 'GET', status: 400, target: null, detail: 'bad filter' }, 'Okta could not list users: bad filter'],
  ])('%s', (_label, over, sentence) => {
    expect(describeActivity(facts(over))).toBe(sentence);
  });
});

describe('recogniseClient', () => {
  it.each([
    ['Okta SCIM Client 1.0.0', undefined, 'okta'],
    ['OKTA SCIM Integration', undefined, 'okta'],
    ['Microsoft.Identity.Provisioning', undefined, 'entra'],
    ['OneLogin SCIM', undefined, 'onelogin'],
    ['JumpCloud', undefined, 'jumpcloud'],
    ['Google-Auto-Provisioning', undefined, 'google'],
    ['curl/8.0', undefined, 'other'],
    [undefined, { Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }, 'entra'],
  ])('%s', (agent, body, client) => {
    expect(recogniseClient(agent, body)).toBe(client);
  });
});

describe('redactBody', () => {
  it('redacts passwords and secrets at any depth and in PATCH values, and caps the size', () => {
    const text = redactBody({ userName: 'a', password: 'p1', nested: { clientSecret: 's' }, Operations: [{ op: 'replace', path: 'password', value: 'p2' }] })!;
    expect(text).not.toMatch(/p1|p2|"s"/);
    expect(text.match(/\[redacted\]/g)).toHaveLength(3);
    const big = redactBody({ members: Array.from({ length: 5000 }, (_, i) => ({ value: `id-${i}` })) }, 1000)!;
    expect(big.length).toBeLessThan(1100);
    expect(big).toContain('characters in all');
  });
});
