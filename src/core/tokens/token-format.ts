// Rollcall's bearer secret format (design.md section 3; docs/decisions/token-format.md), one per kind of secret:
//   <prefix> <credential id: 16 base62> <secret: 43 base62 = 256 random bits> <checksum: 6 base62 = CRC32>
// SCIM tokens use `rcs_`, the product team's API keys `rck_`, setup links `rcl_`, team invitations `rci_` and
// password-reset links `rcp_`. The prefix lets secret scanners find leaked secrets and keeps each kind out of the
// others' doors, the credential id makes verification one primary-key lookup, and the checksum rejects a mistyped
// secret before any database work.
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

const ID_LENGTH = 16;
const SECRET_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const BODY_LENGTH = ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;

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

/** The CRC32 of the body in base62. A 32-bit value fits a double exactly: no BigInt on every request. */
function checksum(body: string): string {
  let value = crc32(body) >>> 0;
  let out = '';
  while (value > 0) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out.padStart(CHECKSUM_LENGTH, '0');
}

export interface NewToken {
  /** The whole secret: shown once, never stored. */
  readonly token: string;
  readonly credentialId: string;
  readonly digest: string;
  readonly hint: string;
}

export const digestToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface TokenFormat {
  readonly prefix: string;
  readonly length: number;
  generate(random?: (size: number) => Buffer): NewToken;
  /** Returns the credential id of a well-formed secret of this kind with a valid checksum, or undefined. No I/O. */
  parse(token: string): { credentialId: string } | undefined;
  /** A non-secret reminder of which secret this is: prefix and last four characters. */
  hint(token: string): string;
}

export function tokenFormat(prefix: string): TokenFormat {
  if (!/^[a-z]{3}_$/.test(prefix)) throw new Error(`invalid token prefix ${prefix}`);
  const length = prefix.length + BODY_LENGTH;
  const pattern = new RegExp(`^${prefix}[0-9A-Za-z]{${BODY_LENGTH}}$`);
  const hint = (token: string) => `${prefix}…${token.slice(-4)}`;
  return {
    prefix,
    length,
    hint,
    generate(random = randomBytes) {
      // 11 random bytes (88 bits) always fit the 16-character id (62^16 > 2^88); 32 bytes (256 bits) are the secret.
      const credentialId = base62(random(11), ID_LENGTH);
      const secret = base62(random(32), SECRET_LENGTH);
      const body = prefix + credentialId + secret;
      const token = body + checksum(body);
      return { token, credentialId, digest: digestToken(token), hint: hint(token) };
    },
    parse(token) {
      if (token.length !== length || !pattern.test(token)) return undefined;
      const body = token.slice(0, -CHECKSUM_LENGTH);
      if (checksum(body) !== token.slice(-CHECKSUM_LENGTH)) return undefined;
      return { credentialId: token.slice(prefix.length, prefix.length + ID_LENGTH) };
    },
  };
}

/** SCIM bearer tokens (`/scim/v2`). */
export const SCIM_TOKEN = tokenFormat('rcs_');
/** The product team's API keys (`/api/v1`). */
export const API_KEY = tokenFormat('rck_');
/** One-time setup links handed to a customer's IT admin. */
export const SETUP_LINK = tokenFormat('rcl_');
/** One-time invitations to join an organization's team. */
export const INVITE_LINK = tokenFormat('rci_');
/** One-time password-reset links an owner or admin hands a member. */
export const PASSWORD_RESET_LINK = tokenFormat('rcp_');

export const TOKEN_PREFIX = SCIM_TOKEN.prefix;
export const TOKEN_LENGTH = SCIM_TOKEN.length;
export const tokenHint = (token: string): string => SCIM_TOKEN.hint(token);
export const generateToken = (random?: (size: number) => Buffer): NewToken => SCIM_TOKEN.generate(random);
export const parseToken = (token: string): { credentialId: string } | undefined => SCIM_TOKEN.parse(token);
