// `rollcall/webhooks`: verifies a Rollcall webhook in the receiving app (no dependency on the rest of Rollcall).
// Header: `Rollcall-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=…]`, keyed with the
// secret's UTF-8 bytes exactly as Rollcall returned it; during a secret rotation one v1 per live secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface VerifyWebhookOptions {
  /** Seconds the timestamp may differ from now, in either direction (default 300). */
  readonly toleranceSeconds?: number;
  /** The current time (for tests); default `Date.now()`. */
  readonly now?: Date;
}

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

/** HMAC-SHA256 hex of `"<t>.<raw body>"` keyed with the secret's UTF-8 bytes. */
export function webhookSignature(secret: string, timestamp: number, rawBody: string | Uint8Array): string {
  const hmac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  hmac.update(`${timestamp}.`);
  hmac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  return hmac.digest('hex');
}

/**
 * Returns the parsed event when the signature header matches the raw body under one of the secrets and its timestamp
 * is within the tolerance; throws WebhookVerificationError otherwise. Pass the body exactly as received (bytes or
 * string), never re-serialised JSON.
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  signatureHeader: string | string[] | undefined,
  secret: string | readonly string[],
  options: VerifyWebhookOptions = {},
): unknown {
  const header = Array.isArray(signatureHeader) ? signatureHeader.join(',') : signatureHeader;
  if (!header) throw new WebhookVerificationError('missing Rollcall-Signature header');
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined) throw new WebhookVerificationError('the signature header has no valid timestamp');
  if (signatures.length === 0) throw new WebhookVerificationError('the signature header has no v1 signature');
  const tolerance = options.toleranceSeconds ?? 300;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > tolerance) throw new WebhookVerificationError('the signature timestamp is outside the tolerance window');
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0) throw new WebhookVerificationError('no secret to verify with');
  let matched = false;
  for (const candidate of secrets) {
    const expected = Buffer.from(webhookSignature(candidate, timestamp, rawBody), 'hex');
    // Compare against every signature without stopping early, each in constant time.
    for (const given of signatures) if (timingSafeEqual(expected, given)) matched = true;
  }
  if (!matched) throw new WebhookVerificationError('no signature matches');
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  return JSON.parse(text) as unknown;
}
