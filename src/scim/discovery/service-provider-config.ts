// /ServiceProviderConfig (RFC 7643 section 5): every flag here must match what the server really does;
// a test walks each one against the live endpoints.
import { SERVICE_PROVIDER_CONFIG_SCHEMA } from '../schema/urns.js';
import type { JsonObject } from '../messages/resource.js';

export interface ScimCapabilities {
  readonly patch: boolean;
  readonly bulk: { readonly supported: boolean; readonly maxOperations: number; readonly maxPayloadSize: number };
  readonly filter: { readonly supported: boolean; readonly maxResults: number };
  readonly sort: boolean;
  readonly etag: boolean;
  readonly changePassword: boolean;
  /** RFC 9865 section 4. */
  readonly pagination: {
    readonly cursor: boolean;
    readonly index: boolean;
    readonly defaultPaginationMethod: 'index' | 'cursor';
    readonly defaultPageSize: number;
    readonly maxPageSize: number;
    readonly cursorTimeout: number;
  };
}

// documentationUri is optional (RFC 7643 section 5) and left out: Rollcall serves no such page to point at.
export function serviceProviderConfig(capabilities: ScimCapabilities, baseUrl: string): JsonObject {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: capabilities.patch },
    bulk: { ...capabilities.bulk },
    filter: { ...capabilities.filter },
    changePassword: { supported: capabilities.changePassword },
    sort: { supported: capabilities.sort },
    etag: { supported: capabilities.etag },
    pagination: { ...capabilities.pagination },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'The SCIM authentication token shown once in Rollcall when SCIM provisioning is enabled, sent as Authorization: Bearer <token>.',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${baseUrl}/ServiceProviderConfig`,
    },
  };
}
