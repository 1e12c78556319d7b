// Which identity provider a SCIM request comes from, by its User-Agent.
import { describe, expect, it } from 'vitest';
import { identityProviderOf } from './identity-provider.js';

describe('identityProviderOf', () => {
  it.each([
    ['Okta SCIM Client 1.0.0', 'okta'],
    ['OKTA SCIM Integration', 'okta'],
    ['Microsoft.Identity.Provisioning', 'entra_id'],
    ['Azure AD SCIM Client', 'entra_id'],
    ['OneLogin SCIM', 'onelogin'],
    ['JumpCloud/1.0 SCIM', 'jumpcloud'],
    ['Google-Workspace-Provisioning', 'google_workspace'],
    ['curl/8.5.0', 'other'],
    [undefined, 'other'],
  ])('%s is %s', (agent, expected) => {
    expect(identityProviderOf(agent)).toBe(expected);
  });
});
