import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from '../../webhooks/verify-webhook.js';
import { liveSecrets, signatureHeader } from './webhook-signature.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const T = Math.floor(NOW.getTime() / 1000);
const BODY = JSON.stringify({ id: 'evt_1', type: 'user.created', data: { name: 'Zoë Ångström' } });

describe('webhook signature', () => {
  it('round-trips through verifyWebhook, keyed with the secret as text (UTF-8 bytes)', () => {
    const secret = 'whsec_é✓_exactly-as-returned';
    const header = signatureHeader([secret], T, BODY);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(BODY, header, secret, { now: NOW })).toEqual(JSON.parse(BODY));
    expect(verifyWebhook(Buffer.from(BODY, 'utf8'), header, secret, { now: NOW })).toEqual(JSON.parse(BODY));
    expect(() => verifyWebhook(`${BODY} `, header, secret, { now: NOW })).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(BODY, header, 'other', { now: NOW })).toThrow(WebhookVerificationError);
  });

  it('signs with both secrets during a rotation and with the current one after it', () => {
    const endpoint = { secret: 'new-secret', previousSecret: 'old-secret', previousSecretUntil: '2026-03-02T00:00:00.000Z' };
    expect(liveSecrets(endpoint, NOW)).toEqual(['new-secret', 'old-secret']);
    expect(liveSecrets(endpoint, new Date('2026-03-02T00:00:00.000Z'))).toEqual(['new-secret']);
    expect(liveSecrets({ ...endpoint, previousSecret: null, previousSecretUntil: null }, NOW)).toEqual(['new-secret']);
    const header = signatureHeader(liveSecrets(endpoint, NOW), T, BODY);
    expect(header.match(/v1=/g)).toHaveLength(2);
    // A receiver that still knows only the old secret, or already only the new one, accepts the delivery.
    expect(verifyWebhook(BODY, header, 'old-secret', { now: NOW })).toBeTruthy();
    expect(verifyWebhook(BODY, header, 'new-secret', { now: NOW })).toBeTruthy();
  });
});
