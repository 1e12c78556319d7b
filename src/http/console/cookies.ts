// Minimal Cookie header parsing and Set-Cookie serialisation (RFC 6265) for the console's two cookies.

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    // The first value wins: a cookie tossed in by a sibling subdomain comes later for a more specific path only.
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export interface CookieOptions {
  readonly secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  readonly maxAge: number;
}

/** HttpOnly, SameSite=Lax, Path=/ always: console cookies are never readable by scripts nor sent on cross-site POSTs. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.max(0, Math.floor(options.maxAge))}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
