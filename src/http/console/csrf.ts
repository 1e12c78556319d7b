// CSRF defence on every console POST: an Origin check plus a synchronizer token in a hidden form field.
// Signed-in forms carry an HMAC of the session's csrf_secret; the sign-in form uses a double-submit cookie;
// the setup form is protected by its one-time setup token, which an attacker cannot know.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ConsoleError } from './console-errors.js';
import { formField } from './form-body.js';

export const CSRF_FIELD = '_csrf';

export type CsrfMode = 'session' | 'sign-in' | 'setup-token';

export const csrfTokenFor = (csrfSecret: string): string =>
  createHmac('sha256', csrfSecret).update('rollcall console form v1').digest('base64url');

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/**
 * Browsers send Origin on every POST; it must be this server as PUBLIC_URL names it or as the browser
 * addressed it (Host). A request without Origin (old clients, tests) still needs the form token.
 */
export function checkOrigin(request: FastifyRequest, publicUrl: string): void {
  if (request.headers['sec-fetch-site'] === 'cross-site') throw ConsoleError.csrf();
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const allowed = [new URL(publicUrl).origin, `${request.protocol}://${request.host}`];
  if (!allowed.includes(origin)) throw ConsoleError.csrf();
}

export function checkFormToken(request: FastifyRequest, expected: string | undefined): void {
  if (expected === undefined || !sameSecret(formField(request, CSRF_FIELD), expected)) throw ConsoleError.csrf();
}
