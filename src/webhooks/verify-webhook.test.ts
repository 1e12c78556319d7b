// verifyWebhook: accepts Rollcall's signature under any live secret within the tolerance, refuses everything else.
import { describe, expect, it } from 'vitest';
import { verifyWebhook, webhookSignature, WebhookVerificationError } from './verify-webhook.js';

const body = '{"id":"evt_1","type":"user.created","data":{"user_name":"zoë@example.com"}}';
const now = new Date('2026-01-02T03:04:05.000Z');
const t = Math.floor(now.getTime() / 1000);
const header = (secrets: string[], at = t) => [`t=${at}`, ...secrets.map((s) => `v1=${webhookSignature(s, at, body)}`)].join(',');

describe('verifyWebhook', () => {
  it('returns the parsed event for a valid signature, from a string or the raw bytes', () => {
    expect(verifyWebhook(body, header(['whsec_a']), 'whsec_a', { now })).toMatchObject({ id: 'evt_1' });
    expect(verifyWebhook(Buffer.from(body, 'utf8'), header(['whsec_a']), 'whsec_a', { now })).toMatchObject({ type: 'user.created' });
  });

  it('accepts during a rotation with either secret, and several secrets on the receiving side', () => {
    const both = header(['whsec_new', 'whsec_old']);
    expect(verifyWebhook(body, both, 'whsec_old', { now })).toBeTruthy();
    expect(verifyWebhook(body, header(['whsec_new']), ['whsec_old', 'whsec_new'], { now })).toBeTruthy();
  });

  it.each([
    ['a wrong secret', header(['whsec_b']), 0],
    ['a missing header', '', 0],
    ['no v1', `t=${t}`, 0],
    ['a timestamp too old', header(['whsec_a'], t - 301), 0],
    ['a timestamp too far ahead', header(['whsec_a'], t + 301), 0],
    ['a tampered body', header(['whsec_a']), 1],
  ])('refuses %s', (_name, signature, tamper) => {
    const raw = tamper ? body.replace('zoë', 'eve') : body;
    expect(() => verifyWebhook(raw, signature, 'whsec_a', { now })).toThrow(WebhookVerificationError);
  });
});
