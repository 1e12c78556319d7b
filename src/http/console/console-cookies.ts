// The console's cookie names and flags, fixed by PUBLIC_URL: Secure and the __Host- prefix when it is https.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_TTL_MS } from '../../core/sessions/session-service.js';
import { parseCookies, serializeCookie } from './cookies.js';

/** The sign-in form's double-submit value lives this long (a form left open over lunch still works). */
const SIGN_IN_CSRF_TTL_S = 2 * 60 * 60;

export class ConsoleCookies {
  readonly secure: boolean;
  readonly session: string;
  readonly signInCsrf: string;

  constructor(publicUrl: string) {
    this.secure = new URL(publicUrl).protocol === 'https:';
    // __Host- cookies must be Secure, Path=/ and host-only: a sibling subdomain cannot plant or overwrite them.
    const prefix = this.secure ? '__Host-' : '';
    this.session = `${prefix}rollcall_session`;
    this.signInCsrf = `${prefix}rollcall_signin`;
  }

  read(request: FastifyRequest, name: string): string | undefined {
    return parseCookies(request.headers.cookie).get(name);
  }

  setSession(reply: FastifyReply, sessionId: string): void {
    this.append(reply, serializeCookie(this.session, sessionId, { secure: this.secure, maxAge: SESSION_TTL_MS / 1000 }));
  }

  clearSession(reply: FastifyReply): void {
    this.append(reply, serializeCookie(this.session, '', { secure: this.secure, maxAge: 0 }));
  }

  setSignInCsrf(reply: FastifyReply, value: string): void {
    this.append(reply, serializeCookie(this.signInCsrf, value, { secure: this.secure, maxAge: SIGN_IN_CSRF_TTL_S }));
  }

  clearSignInCsrf(reply: FastifyReply): void {
    this.append(reply, serializeCookie(this.signInCsrf, '', { secure: this.secure, maxAge: 0 }));
  }

  private append(reply: FastifyReply, cookie: string): void {
    const existing = reply.getHeader('set-cookie');
    const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
    reply.header('set-cookie', [...list, cookie]);
  }
}
