// The one place where errors become responses: SCIM JSON under /scim, a plain JSON body elsewhere.
// Unknown errors become a 500 whose cause is logged, never sent.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ScimError } from '../scim/errors.js';
import { errorResponse } from '../scim/messages/error-response.js';
import { DatabaseUnavailableError } from '../storage/store-errors.js';
import { noteScimError } from './logging.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The SCIM error this request was answered with, for the provisioning activity log. */
    scimFailure?: ScimError;
  }
}

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** Fastify's own errors for bad requests, mapped to the RFC 7644 section 3.12 error they mean. */
function fromFastifyError(error: FastifyError): ScimError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return ScimError.unsupportedMediaType('Send the request body as application/scim+json or application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return ScimError.tooLarge('The request body is larger than this server accepts');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return ScimError.invalidSyntax('The request body is empty');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return ScimError.badRequest('Content-Length does not match the body');
    default:
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        return new ScimError(error.statusCode, undefined, error.message);
      }
      return undefined;
  }
}

export function toScimError(error: unknown): ScimError | undefined {
  if (error instanceof ScimError) return error;
  if (error instanceof Error && 'code' in error) return fromFastifyError(error as FastifyError);
  return undefined;
}

/** `bearerError` names the RFC 6750 section 3.1 error code of a 401 (e.g. invalid_token). */
export function sendScimError(reply: FastifyReply, error: ScimError, bearerError?: string): FastifyReply {
  noteScimError(reply.request, error);
  reply.request.scimFailure = error;
  if (error.status === 401) reply.header('WWW-Authenticate', `Bearer realm="Rollcall SCIM"${bearerError ? `, error="${bearerError}"` : ''}`);
  return reply.code(error.status).type(SCIM_CONTENT_TYPE).send(errorResponse(error));
}

/** Identity providers retry a 503; this is how long they are asked to wait. */
export const RETRY_AFTER_SECONDS = 10;

/** One log line per cause of an outage (not one stack per request), then a 503 the client retries. */
export function logUnavailable(error: DatabaseUnavailableError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.firstOfCause) request.log.error({ cause: error.reason }, error.message);
  reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof DatabaseUnavailableError) {
    logUnavailable(error, request, reply);
    return sendScimError(reply, new ScimError(503, undefined, 'The database is unavailable; retry later'));
  }
  const known = toScimError(error);
  if (known) {
    if (known.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendScimError(reply, known);
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendScimError(reply, new ScimError(500, undefined, 'Internal server error; the cause has been logged'));
}

/**
 * Fastify's router refuses some URLs before any route runs: bad percent-encoding (`/Users/%ff`) and parameters
 * longer than its limit (an id of 500 characters). No resource can have such an id, so the answer is a 404.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  request.log.info({ code: error.code }, 'URL refused by the router');
  sendScimError(reply, ScimError.notFound(`Nothing at ${request.url.split('?')[0]!.slice(0, 200)}`));
}
