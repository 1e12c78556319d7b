// The SCIM bearer token format (design.md section 3; docs/decisions/token-format.md):
//   rcs_ <credential id: 16 base62> <secret: 43 base62 = 256 random bits> <checksum: 6 base62 = CRC32>
// The prefix lets secret scanners find leaked tokens, the credential id makes verification one primary-key
// lookup, and the checksum rejects a mistyped token before any database work.
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const TOKEN_PREFIX = 'rcs_';
const ID_LENGTH = 16;
const SECRET_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
export const TOKEN_LENGTH = TOKEN_PREFIX.length + ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;
const TOKEN_PATTERN = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{${ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH}}$`);

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(bytes: Buffer, width: number): string {
  let n = BigInt('0x' + (bytes.length ? bytes.toString('hex') : '0'));
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(width, '0');
}

function checksum(body: string): string {
  const value = crc32(body) >>> 0;
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return base62(buffer, CHECKSUM_LENGTH);
}

export interface NewToken {
  /** The whole secret token: shown once, never stored. */
  readonly token: string;
  readonly credentialId: string;
  readonly digest: string;
  readonly hint: string;
}

export const digestToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A non-secret reminder of which token is configured: prefix and last four characters. */
export const tokenHint = (token: string): string => `${TOKEN_PREFIX}…${token.slice(-4)}`;

export function generateToken(random: (size: number) => Buffer = randomBytes): NewToken {
  // 11 random bytes (88 bits) always fit the 16-character id (62^16 > 2^88); 32 bytes (256 bits) are the secret.
  const credentialId = base62(random(11), ID_LENGTH);
  const secret = base62(random(32), SECRET_LENGTH);
  const body = TOKEN_PREFIX + credentialId + secret;
  const token = body + checksum(body);
  return { token, credentialId, digest: digestToken(token), hint: tokenHint(token) };
}

/** Returns the credential id of a well-formed token with a valid checksum, or undefined. No I/O. */
export function parseToken(token: string): { credentialId: string } | undefined {
  if (token.length !== TOKEN_LENGTH || !TOKEN_PATTERN.test(token)) return undefined;
  const body = token.slice(0, -CHECKSUM_LENGTH);
  if (checksum(body) !== token.slice(-CHECKSUM_LENGTH)) return undefined;
  return { credentialId: token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + ID_LENGTH) };
}
