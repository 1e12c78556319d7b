// Which identity provider sent a SCIM request, recognised from its User-Agent and, failing that, its shape.
// Pure: the activity recorder, the connection-health view and the metrics all call it; nothing here does I/O.

export type IdpClient = 'okta' | 'entra' | 'onelogin' | 'jumpcloud' | 'google' | 'other';
export const IDP_CLIENTS: readonly IdpClient[] = ['okta', 'entra', 'onelogin', 'jumpcloud', 'google', 'other'];

/** Names as admins know them ("Okta deactivated …"). */
export const IDP_CLIENT_NAMES: Record<IdpClient, string> = {
  okta: 'Okta',
  entra: 'Entra ID',
  onelogin: 'OneLogin',
  jumpcloud: 'JumpCloud',
  google: 'Google Workspace',
  other: 'Other client',
};

// Okta: "Okta SCIM Client 1.0.0", "OKTA SCIM Integration". Entra ID's provisioning service names Microsoft or Azure AD.
const BY_AGENT: readonly (readonly [RegExp, IdpClient])[] = [
  [/\bokta\b/i, 'okta'],
  [/microsoft|azure|\baad\b|entra/i, 'entra'],
  [/onelogin/i, 'onelogin'],
  [/jumpcloud/i, 'jumpcloud'],
  [/google/i, 'google'],
];

const CAPITALISED_OPS = new Set(['Add', 'Replace', 'Remove']);

/** True for a PatchOp whose op names are capitalised, as only Entra ID sends them (Entra fixtures 12, 15, 17). */
function looksLikeEntraPatch(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const ops = (body as { Operations?: unknown }).Operations;
  return Array.isArray(ops) && ops.some((op) => typeof op === 'object' && op !== null && CAPITALISED_OPS.has(String((op as { op?: unknown }).op)));
}

export function recogniseClient(userAgent: string | undefined | null, body?: unknown): IdpClient {
  if (userAgent) for (const [pattern, client] of BY_AGENT) if (pattern.test(userAgent)) return client;
  if (looksLikeEntraPatch(body)) return 'entra';
  return 'other';
}

/** Short names for sentences: "Entra added 3 members to Support". */
export const IDP_CLIENT_SHORT: Record<IdpClient, string> = { ...IDP_CLIENT_NAMES, entra: 'Entra', google: 'Google', other: 'A SCIM client' };

export const isIdpClient = (value: string): value is IdpClient => (IDP_CLIENTS as readonly string[]).includes(value);

/** Label values of the `client` metric label (README, Metrics): bounded, stable names. */
export const IDP_METRIC_LABELS: Record<IdpClient, string> = {
  okta: 'okta',
  entra: 'entra_id',
  onelogin: 'onelogin',
  jumpcloud: 'jumpcloud',
  google: 'google_workspace',
  other: 'other',
};
