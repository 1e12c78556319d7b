// The one place /api/v1 errors become responses: RFC 9457 problem details as application/problem+json.
// Unknown errors become a plain 500 whose cause is logged, never sent.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../../core/problem.js';
import { InputError } from '../../core/orgs/org-service.js';
import { ScimError } from '../../scim/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
/** Problem `type` URIs are relative to the API base: /api/v1/problems/<slug>. */
const PROBLEM_BASE = '/api/v1/problems/';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { pointer: string; detail: string }[];
}

const TITLES: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Unauthorized',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict with the current state',
  413: 'The request body is too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
};

export function sendProblem(reply: FastifyReply, problem: Problem, errors?: ProblemBody['errors']): FastifyReply {
  if (problem.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="Rollcall API"');
  const body: ProblemBody = { type: PROBLEM_BASE + problem.type, title: problem.title, status: problem.status, detail: problem.detail };
  if (errors && errors.length > 0) body.errors = errors;
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** Services shared with SCIM (schema extensions) throw ScimError; their status picks the problem type. */
const SCIM_PROBLEM_TYPES: Record<number, string> = { 400: 'invalid-request', 404: 'not-found', 409: 'conflict', 413: 'body-too-large' };

const generic = (status: number, type: string, detail: string) => new Problem(status, type, TITLES[status] ?? 'Error', detail);

interface ValidationIssue {
  instancePath?: string;
  schemaPath?: string;
  message?: string;
  params?: { requiredProperties?: string[]; additionalProperties?: string[]; missingProperty?: string };
}

/** Schema validation failures name each offending field (a JSON pointer into the body, or the parameter's name). */
function validationProblem(error: FastifyError): { problem: Problem; errors: NonNullable<ProblemBody['errors']> } {
  const part = error.validationContext ?? 'body';
  const where = (path: string) => (part === 'body' ? `#${path}` : path.replace(/^\//, '') || part);
  const errors: NonNullable<ProblemBody['errors']> = [];
  for (const issue of (error.validation ?? []) as ValidationIssue[]) {
    const path = issue.instancePath ?? '';
    const required = issue.params?.requiredProperties ?? (issue.params?.missingProperty ? [issue.params.missingProperty] : undefined);
    if (required) {
      for (const name of required) errors.push({ pointer: where(`${path}/${name}`), detail: 'is required' });
    } else if (issue.params?.additionalProperties) {
      for (const name of issue.params.additionalProperties) errors.push({ pointer: where(`${path}/${name}`), detail: 'is not a known field' });
    } else if (!issue.schemaPath?.endsWith('/additionalProperties')) {
      // TypeBox reports an unknown field twice; the additionalProperties entry above names it.
      errors.push({ pointer: where(path), detail: issue.message ?? 'is not valid' });
    }
  }
  const first = errors[0];
  const place = part === 'querystring' ? 'query parameter' : part === 'params' ? 'path parameter' : 'request body';
  const detail = first ? `Invalid ${place}: ${first.pointer} ${first.detail}` : `Invalid ${place}`;
  return { problem: generic(400, 'invalid-request', detail), errors };
}

function fromFastifyError(error: FastifyError): Problem | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return generic(415, 'unsupported-media-type', 'Send the request body as application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return generic(413, 'body-too-large', 'The request body is larger than this server accepts');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return generic(400, 'invalid-request', 'The request body is empty');
    default:
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        return generic(error.statusCode, 'invalid-request', error.message);
      }
      return undefined;
  }
}

export function handleApiError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof Problem) return sendProblem(reply, error);
  if (error instanceof InputError) return sendProblem(reply, generic(400, 'invalid-request', error.message));
  // The shared JSON body parser speaks SCIM errors; here they become problems with the same status and words.
  if (error instanceof ScimError) return sendProblem(reply, generic(error.status, SCIM_PROBLEM_TYPES[error.status] ?? 'error', error.detail));
  if (error instanceof Error && 'validation' in error && (error as FastifyError).validation) {
    const { problem, errors } = validationProblem(error as FastifyError);
    return sendProblem(reply, problem, errors);
  }
  const known = error instanceof Error && 'code' in error ? fromFastifyError(error as FastifyError) : undefined;
  if (known) return sendProblem(reply, known);
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(reply, generic(500, 'internal', 'Internal server error; the cause has been logged'));
}
