// The JSON body parser for application/scim+json and application/json: UTF-8 only, decoded strictly.
import type { FastifyRequest } from 'fastify';
import { ScimError } from '../scim/errors.js';

// fatal: invalid UTF-8 (\xff, overlong forms such as \xc0\xaf, encoded surrogates, truncated sequences) is refused
// instead of being stored with U+FFFD replacement characters. ignoreBOM: false strips a leading byte order mark.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/** RFC 8259 section 8.1: JSON exchanged between systems is UTF-8; any other declared charset gets 415. */
function checkCharset(contentType: string | undefined): void {
  const charset = contentType ? CHARSET.exec(contentType)?.[1] : undefined;
  if (charset === undefined) return;
  if (/^utf-?8$/i.test(charset)) return;
  throw ScimError.unsupportedMediaType(`Send the request body as UTF-8 (charset=utf-8), not charset=${charset.slice(0, 40)}`);
}

/** GET and DELETE carry no body; some clients still send Content-Type with them. */
const BODILESS = new Set(['GET', 'HEAD', 'DELETE']);

export function parseJsonBody(request: FastifyRequest, body: Buffer): unknown {
  checkCharset(request.headers['content-type']);
  if (body.length === 0 && BODILESS.has(request.method)) return undefined;
  let text: string;
  try {
    text = STRICT_UTF8.decode(body);
  } catch {
    throw ScimError.invalidSyntax('The request body is not valid UTF-8');
  }
  if (text.trim() === '') throw ScimError.invalidSyntax('The request body is empty');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw ScimError.invalidSyntax(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}
