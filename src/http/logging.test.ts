// The request log's URL masking: tokens in the query string and any Rollcall secret anywhere in the URL never reach
// the log, while ordinary addresses are logged as they are.
import { describe, expect, it } from 'vitest';
import { INVITE_LINK, PASSWORD_RESET_LINK, SCIM_TOKEN, SETUP_LINK } from '../core/tokens/token-format.js';
import { maskSecrets, maskUrl } from './logging.js';

describe('maskUrl', () => {
  const invite = INVITE_LINK.generate().token;
  it.each([
    ['a token query parameter', `/invite?token=${invite}`, '/invite?token=[REDACTED]'],
    ['a reset link', `/reset-password?token=${PASSWORD_RESET_LINK.generate().token}&x=1`, '/reset-password?token=[REDACTED]&x=1'],
    ['access_token, any case', '/scim/v2/Users?ACCESS_TOKEN=abc&count=1', '/scim/v2/Users?ACCESS_TOKEN=[REDACTED]&count=1'],
    ['a secret pasted into the path', `/orgs/${SETUP_LINK.generate().token}/team`, '/orgs/[REDACTED]/team'],
    ['a secret under another name', `/invite?t=${SCIM_TOKEN.generate().token}`, '/invite?t=[REDACTED]'],
    ['an ordinary address', '/orgs/acme/people?search=jane&before=42', '/orgs/acme/people?search=jane&before=42'],
  ])('masks %s', (_label, url, logged) => {
    expect(maskUrl(url)).toBe(logged);
  });

  it('masks a secret inside other text (an org slug field)', () => {
    expect(maskSecrets(`x${invite}y`)).toBe('x[REDACTED]y');
  });
});
