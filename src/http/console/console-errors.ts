// Console failures become HTML pages (never SCIM JSON): the console plugin's own error handler.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DatabaseUnavailableError } from '../../storage/store-errors.js';
import { logUnavailable } from '../errors.js';
import { errorView } from './views/error-view.js';

export class ConsoleError extends Error {
  override readonly name = 'ConsoleError';
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }

  static badRequest(message: string) {
    return new ConsoleError(400, 'Something is wrong with that request', message);
  }
  static forbidden(message = 'Only owners and admins of this organization can open this page.') {
    return new ConsoleError(403, 'You do not have access to this page', message);
  }
  static notFound(message = 'The page does not exist, or you are not a member of that organization.') {
    return new ConsoleError(404, 'Page not found', message);
  }
  static csrf() {
    return new ConsoleError(403, 'This form has expired', 'Go back, reload the page and try again.');
  }
}

function toConsoleError(error: unknown): ConsoleError | undefined {
  if (error instanceof ConsoleError) return error;
  const status = (error as FastifyError | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 415) return new ConsoleError(415, 'Unsupported form', 'Console forms are sent as application/x-www-form-urlencoded.');
    if (status === 413) return new ConsoleError(413, 'Too much data', 'The form is larger than this server accepts.');
    return new ConsoleError(status, 'Something is wrong with that request', 'The request could not be understood.');
  }
  return undefined;
}

export function sendErrorPage(reply: FastifyReply, error: ConsoleError): FastifyReply {
  return reply.code(error.status).type('text/html; charset=utf-8').send(errorView(error.status, error.title, error.message).toString());
}

export function consoleErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = toConsoleError(error);
  if (known) return sendErrorPage(reply, known);
  if (error instanceof DatabaseUnavailableError) {
    logUnavailable(error, request, reply);
    return sendErrorPage(reply, new ConsoleError(503, 'Rollcall is unavailable', 'Its database cannot be reached right now. Try again in a moment.'));
  }
  request.log.error({ err: error }, 'console request failed');
  return sendErrorPage(reply, new ConsoleError(500, 'Something went wrong', 'The error has been logged. Try again in a moment.'));
}
