// Bearer authentication for /api/v1 with the product team's API keys (`rck_…`). A SCIM token (`rcs_…`) fails the
// key format before any lookup, so it never opens this API, as an API key never opens /scim/v2.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../core/services.js';
import { Problem } from '../../core/problem.js';
import type { ApiKeyRecord } from '../../storage/product-store.js';
import { sendProblem } from './problem-details.js';

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyRecord;
  }
  interface FastifyContextConfig {
    /** /api/v1 routes anyone may read (the OpenAPI document); every other one needs an API key. */
    apiPublic?: boolean;
  }
}

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

const unauthorized = (detail: string) => new Problem(401, 'unauthorized', 'Unauthorized', detail);

/** Audit lines and setup links name the key by its public id, never the secret. */
export const apiActor = (request: FastifyRequest): string => `api-key:${request.apiKey?.id ?? 'unknown'}`;

export function apiKeyAuth(services: Services) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    if (request.routeOptions.config.apiPublic) return;
    const header = request.headers.authorization;
    const match = header === undefined ? null : BEARER.exec(header);
    if (!match) return sendProblem(reply, unauthorized('Send an API key as Authorization: Bearer rck_… (create one with rollcall api-key create)'));
    const key = await services.apiKeys.authenticate(match[1]!);
    if (!key) return sendProblem(reply, unauthorized('The API key is invalid or revoked'));
    request.apiKey = key;
  };
}
