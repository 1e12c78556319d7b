// Requests Node refuses before Fastify sees them (a request that never finishes arriving, headers over the size
// limit, malformed HTTP) still get an error body in the SCIM shape, the shape every client of this server reads.
import type { Socket } from 'node:net';
import { ScimError } from '../scim/errors.js';
import { errorResponse } from '../scim/messages/error-response.js';
import { SCIM_CONTENT_TYPE } from './errors.js';

function errorFor(code: string | undefined): ScimError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ScimError(408, undefined, 'The request did not arrive in time (is Content-Length larger than the body?)');
    case 'HPE_HEADER_OVERFLOW':
      return new ScimError(431, undefined, 'The request line and headers are too large; send long filters with POST .search');
    default:
      return ScimError.badRequest('The request is not valid HTTP/1.1');
  }
}

/** Fastify's clientErrorHandler: one SCIM error, then the connection closes (the request cannot be read further). */
export function scimClientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const scimError = errorFor(error.code);
    const body = JSON.stringify(errorResponse(scimError));
    socket.write(
      `HTTP/1.1 ${scimError.status} ${STATUS_TEXT[scimError.status] ?? 'Error'}\r\nContent-Type: ${SCIM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
