// Headers on every console response: a strict CSP (no inline script or style), no caching, no framing, no referrer.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export async function securityHeaders(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  // Pages may carry a token or personal data: never stored by the browser or a proxy (design.md section 3).
  if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  // The setup address carries its one-time token in the query string: no Referer leaves the site. Not
  // no-referrer: with it Chromium sends "Origin: null" on same-origin form posts, defeating the Origin check.
  reply.header('Referrer-Policy', 'same-origin');
  reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  return payload;
}
