// Bearer authentication for /scim/v2 (RFC 6750): the token alone identifies the organization.
// Tokens in the query string are refused (RFC 6750 section 2.3 discourages them; URLs end up in logs).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedClient } from '../../core/tokens/token-service.js';
import type { FailedAttempts } from '../../core/tokens/failed-attempts.js';
import type { Services } from '../../core/services.js';
import { ScimError } from '../../scim/errors.js';
import { sendScimError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    scimClient?: AuthenticatedClient;
    /** A refused token, for the provisioning activity log of the org it belonged to. */
    scimRefused?: { readonly orgId: string | undefined; readonly token: string; readonly retired: boolean };
  }
}

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;
const QUERY_TOKEN = /(?:^|&)access_token=/i;

export function bearerAuth(services: Services, failures: FailedAttempts) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const query = request.url.split('?')[1] ?? '';
    if (QUERY_TOKEN.test(query)) {
      return sendScimError(reply, ScimError.unauthorized('Tokens in the URL are refused: send Authorization: Bearer <token>'));
    }
    const header = request.headers.authorization;
    const match = header === undefined ? null : BEARER.exec(header);
    if (!match) {
      return sendScimError(reply, ScimError.unauthorized('Send the SCIM authentication token as Authorization: Bearer <token>'));
    }
    const result = await services.tokens.authenticate(match[1]!, { agent: request.headers['user-agent'] ?? null, ip: request.ip });
    if (result.ok) {
      request.scimClient = result.client;
      return;
    }
    if (result.orgId !== undefined) request.refusedTokenOrg = result.orgId;
    request.scimRefused = { orgId: result.orgId, token: match[1]!, retired: result.orgId !== undefined };
    const count = failures.record(request.ip);
    if (result.orgId !== undefined && failures.crossedLimit(count)) {
      await services.tokens.recordRefusedBurst(result.orgId, request.ip, count);
    }
    if (failures.isLimited(count)) {
      reply.header('Retry-After', '60');
      return sendScimError(reply, ScimError.tooManyRequests('Too many refused tokens from this address; try again later'));
    }
    return sendScimError(reply, ScimError.unauthorized('The SCIM authentication token is invalid, revoked or expired'), 'invalid_token');
  };
}
