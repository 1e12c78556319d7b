// Opaque RFC 9865 cursors: a position plus the query it belongs to, HMAC-signed with a key every instance
// shares (stored once in the database), so a cursor cannot be forged, edited, or replayed against another query.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ScimError } from '../../scim/errors.js';
import type { Store } from '../../storage/store.js';

export const CURSOR_TIMEOUT_SECONDS = 3600;

export interface CursorPosition {
  /** After or before this seq (default order), or at this offset (sorted lists). */
  readonly kind: 'after' | 'before' | 'offset';
  readonly value: number;
}

interface CursorPayload {
  readonly v: 1;
  /** Digest of the organization, resource type, filter and sort: the query this cursor continues. */
  readonly q: string;
  readonly c: number;
  readonly k: CursorPosition['kind'];
  readonly p: number;
  /** Expiry, seconds since the epoch. */
  readonly e: number;
}

export class CursorCodec {
  private key: Promise<Buffer> | undefined;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  private signingKey(): Promise<Buffer> {
    this.key ??= this.store.secrets
      .getOrCreate('cursor-hmac-key', () => randomBytes(32).toString('base64url'))
      .then((value) => Buffer.from(value, 'base64url'));
    return this.key;
  }

  async encode(query: string, count: number, position: CursorPosition): Promise<string> {
    const payload: CursorPayload = {
      v: 1,
      q: query,
      c: count,
      k: position.kind,
      p: position.value,
      e: Math.floor(this.now().getTime() / 1000) + CURSOR_TIMEOUT_SECONDS,
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const mac = createHmac('sha256', await this.signingKey()).update(body).digest('base64url');
    // base64url and "." are RFC 3986 unreserved characters, as RFC 9865 asks of cursor values.
    return `${body}.${mac}`;
  }

  async decode(cursor: string, query: string, count: number): Promise<CursorPosition> {
    const [body, mac, extra] = cursor.split('.');
    if (!body || !mac || extra !== undefined) throw ScimError.invalidCursor('The cursor is not one this server issued');
    const expected = createHmac('sha256', await this.signingKey()).update(body).digest();
    const actual = Buffer.from(mac, 'base64url');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw ScimError.invalidCursor('The cursor is not one this server issued');
    }
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as CursorPayload;
    if (payload.q !== query) throw ScimError.invalidCursor('The cursor belongs to another query: repeat the original filter and sort');
    if (payload.e * 1000 < this.now().getTime()) throw ScimError.expiredCursor('The cursor has expired; start again without one');
    if (payload.c !== count) throw ScimError.invalidCount(`count must stay ${payload.c} while following this cursor`);
    return { kind: payload.k, value: payload.p };
  }
}
