// Which identity provider sent a SCIM request, recognised from its User-Agent: a bounded set of names for metrics
// and the console. Pure; unknown or missing agents are "other".

export const IDENTITY_PROVIDERS = ['okta', 'entra_id', 'onelogin', 'jumpcloud', 'google_workspace', 'other'] as const;
export type IdentityProvider = (typeof IDENTITY_PROVIDERS)[number];

const PATTERNS: readonly (readonly [RegExp, IdentityProvider])[] = [
  [/okta/i, 'okta'],
  [/microsoft|azure|entra|\baad\b/i, 'entra_id'],
  [/onelogin/i, 'onelogin'],
  [/jumpcloud/i, 'jumpcloud'],
  [/google/i, 'google_workspace'],
];

export function identityProviderOf(userAgent: string | undefined | null): IdentityProvider {
  if (!userAgent) return 'other';
  for (const [pattern, provider] of PATTERNS) if (pattern.test(userAgent)) return provider;
  return 'other';
}
