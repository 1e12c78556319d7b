// "Test connection": what Okta's and Entra ID's connection tests send, run against this organization's own SCIM
// services (the token is never stored, so the checks start after authentication; the same code answers the IdP).
import { randomUUID } from 'node:crypto';
import type { Services } from '../../core/services.js';
import { ScimError } from '../../scim/errors.js';
import { renderResourceType, renderSchema } from '../../scim/discovery/schemas.js';
import { serviceProviderConfig } from '../../scim/discovery/service-provider-config.js';
import { searchParamsFromQuery } from '../../scim/messages/search-request.js';
import { ALL_SCHEMAS, RESOURCE_TYPES } from '../../scim/schema/resource-types.js';
import { CAPABILITIES } from '../scim/discovery-routes.js';

export interface CheckResult {
  readonly request: string;
  readonly sentBy: string;
  readonly ok: boolean;
  readonly outcome: string;
}

async function check(request: string, sentBy: string, run: () => Promise<string>): Promise<CheckResult> {
  try {
    return { request, sentBy, ok: true, outcome: await run() };
  } catch (error) {
    const detail = error instanceof ScimError ? `${error.status}${error.scimType ? ` ${error.scimType}` : ''}: ${error.detail}` : 'failed; the cause has been logged';
    return { request, sentBy, ok: false, outcome: detail };
  }
}

export async function runConnectionTest(services: Services, orgId: string): Promise<CheckResult[]> {
  const base = services.scimBaseUrl;
  const random = randomUUID();
  const expectEmpty = (total: number) => {
    if (total !== 0) throw new ScimError(500, undefined, `expected no results, got ${total}`);
    return '200, no results (as the identity provider expects)';
  };
  return [
    await check('GET /Users?startIndex=1&count=1', 'Okta (Test API Credentials), Entra ID', async () => {
      const list = await services.users.list(orgId, searchParamsFromQuery({ startIndex: '1', count: '1' }));
      return `200, ${list.resources.length} of ${String(list.envelope['totalResults'])} users returned`;
    }),
    await check(`GET /Users?filter=userName eq "${random}"`, 'Okta, Entra ID (a random id that must not exist)', async () => {
      const list = await services.users.list(orgId, searchParamsFromQuery({ filter: `userName eq "${random}"` }));
      return expectEmpty(Number(list.envelope['totalResults']));
    }),
    await check(`GET /Groups?filter=displayName eq "${random}"`, 'Entra ID', async () => {
      const list = await services.groups.list(orgId, searchParamsFromQuery({ filter: `displayName eq "${random}"` }));
      return expectEmpty(Number(list.envelope['totalResults']));
    }),
    await check('GET /ServiceProviderConfig', 'Okta, OneLogin, discovery', async () => {
      const doc = serviceProviderConfig(CAPABILITIES, base);
      return `200, PATCH ${doc['patch'] ? 'supported' : 'missing'}, filter supported`;
    }),
    await check('GET /ResourceTypes', 'discovery', async () => `200, ${RESOURCE_TYPES.map((rt) => renderResourceType(rt, base)['name']).join(' and ')}`),
    await check('GET /Schemas', 'discovery', async () => `200, ${ALL_SCHEMAS.map((s) => renderSchema(s, base)).length} schemas`),
  ];
}
