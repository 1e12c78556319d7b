// The Rollcall-Signature header of a webhook (design.md section 9): `t=<unix seconds>,v1=<hex>[,v1=<hex>]`, one v1 per
// live secret, each the HMAC-SHA256 of "<t>.<raw body>" keyed with the secret's UTF-8 bytes exactly as it was returned.
// Computed here on its own (not with rollcall/webhooks) so the round-trip test checks two independent implementations.
import { createHmac } from 'node:crypto';
import type { WebhookEndpoint } from '../../storage/store.js';

/** The secrets that sign now: the current one, and the previous one while its overlap lasts. */
export function liveSecrets(endpoint: Pick<WebhookEndpoint, 'secret' | 'previousSecret' | 'previousSecretUntil'>, now: Date): string[] {
  const live = [endpoint.secret];
  if (endpoint.previousSecret && endpoint.previousSecretUntil && Date.parse(endpoint.previousSecretUntil) > now.getTime()) {
    live.push(endpoint.previousSecret);
  }
  return live;
}

export function signatureHeader(secrets: readonly string[], timestampSeconds: number, rawBody: string): string {
  const parts = [`t=${timestampSeconds}`];
  for (const secret of secrets) {
    const hmac = createHmac('sha256', Buffer.from(secret, 'utf8'));
    hmac.update(`${timestampSeconds}.${rawBody}`, 'utf8');
    parts.push(`v1=${hmac.digest('hex')}`);
  }
  return parts.join(',');
}
