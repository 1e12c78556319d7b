// Which identity provider a SCIM request comes from, by its User-Agent, else by the shape of its PATCH.
import { describe, expect, it } from 'vitest';
import { IDP_METRIC_LABELS, recogniseClient } from './idp-client.js';

describe('recogniseClient', () => {
  it.each([
    ['Okta SCIM Client 1.0.0', 'okta', 'okta'],
    ['OKTA SCIM Integration', 'okta', 'okta'],
    ['Microsoft.Identity.Provisioning', 'entra', 'entra_id'],
    ['Azure AD SCIM Client', 'entra', 'entra_id'],
    ['OneLogin SCIM', 'onelogin', 'onelogin'],
    ['JumpCloud/1.0 SCIM', 'jumpcloud', 'jumpcloud'],
    ['Google-Workspace-Provisioning', 'google', 'google_workspace'],
    ['curl/8.5.0', 'other', 'other'],
    [undefined, 'other', 'other'],
  ])('%s is %s (metric label %s)', (agent, client, label) => {
    expect(recogniseClient(agent)).toBe(client);
    expect(IDP_METRIC_LABELS[recogniseClient(agent)]).toBe(label);
  });

  it('recognises Entra ID by its capitalised PATCH op names when the agent says nothing', () => {
    const body = { Operations: [{ op: 'Add', path: 'members', value: [] }] };
    expect(recogniseClient(undefined, body)).toBe('entra');
    expect(recogniseClient(undefined, { Operations: [{ op: 'add' }] })).toBe('other');
  });
});
