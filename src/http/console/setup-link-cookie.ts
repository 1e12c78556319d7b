// The cookie of a setup-link session: like the console session cookie (HttpOnly, SameSite=Lax, __Host- on https),
// under its own name, so a setup-link session and an account's session never stand in for each other.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SETUP_SESSION_TTL_MS } from '../../core/setup-links/setup-link-service.js';
import type { ConsoleCookies } from './console-cookies.js';
import { parseCookies, serializeCookie } from './cookies.js';

const cookieName = (cookies: ConsoleCookies) => `${cookies.secure ? '__Host-' : ''}rollcall_setup_link`;

function append(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  reply.header('set-cookie', [...list, cookie]);
}

export const readSetupLinkCookie = (cookies: ConsoleCookies, request: FastifyRequest): string | undefined =>
  parseCookies(request.headers.cookie).get(cookieName(cookies));

export const setSetupLinkCookie = (cookies: ConsoleCookies, reply: FastifyReply, sessionId: string): void =>
  append(reply, serializeCookie(cookieName(cookies), sessionId, { secure: cookies.secure, maxAge: SETUP_SESSION_TTL_MS / 1000 }));

export const clearSetupLinkCookie = (cookies: ConsoleCookies, reply: FastifyReply): void =>
  append(reply, serializeCookie(cookieName(cookies), '', { secure: cookies.secure, maxAge: 0 }));
