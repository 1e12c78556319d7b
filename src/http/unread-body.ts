// Answers sent before a request body has fully arrived (413, 401, 404 ...) reach clients that write the whole body
// before reading: the rest of the body is read and discarded first, up to a bound, instead of the connection being
// closed under the client (which then sees EPIPE or ECONNRESET and never reads the answer).
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Enough for the largest body a client may try (Bulk's 4 MB limit several times over); beyond it, close. */
export const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
export const DRAIN_TIMEOUT_MS = 10_000;

/** Reads and discards the rest of `raw`; true when it ended within the bounds. */
function drain(raw: IncomingMessage, limitBytes: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (ended: boolean) => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('error', onError);
      raw.off('close', onError);
      resolve(ended);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limitBytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onError = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    raw.on('data', onData);
    raw.once('end', onEnd);
    raw.once('error', onError);
    raw.once('close', onError);
    raw.resume();
  });
}

/** An onSend hook: holds the answer until the unread body is discarded; past the bound, the connection closes. */
export async function drainUnreadBody(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  // `complete` is Node's parser flag (every body byte received); injected requests have none and are never partial.
  if (request.raw.complete !== false || request.raw.readableEnded) return payload;
  const ended = await drain(request.raw, DRAIN_LIMIT_BYTES, DRAIN_TIMEOUT_MS);
  if (!ended) reply.header('Connection', 'close');
  return payload;
}
