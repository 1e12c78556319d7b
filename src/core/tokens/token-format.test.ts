import { describe, expect, it } from 'vitest';
import { API_KEY, digestToken, generateToken, parseToken, SCIM_TOKEN, SETUP_LINK, TOKEN_LENGTH, TOKEN_PREFIX } from './token-format.js';

describe('token format', () => {
  it('has the prefix, a fixed length, and parses back to its credential id', () => {
    for (let i = 0; i < 200; i++) {
      const t = generateToken();
      expect(t.token.startsWith(TOKEN_PREFIX)).toBe(true);
      expect(t.token).toHaveLength(TOKEN_LENGTH);
      expect(parseToken(t.token)).toEqual({ credentialId: t.credentialId });
      expect(t.digest).toBe(digestToken(t.token));
      expect(t.hint).toBe(`${TOKEN_PREFIX}…${t.token.slice(-4)}`);
    }
  });

  it('carries 256 random bits in its secret: no two tokens share a secret', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => generateToken().token.slice(20, 63)));
    expect(secrets.size).toBe(1000);
  });

  it('encodes an all-zero and an all-ones random source within the fixed width', () => {
    expect(parseToken(generateToken((n) => Buffer.alloc(n, 0)).token)).toBeDefined();
    expect(parseToken(generateToken((n) => Buffer.alloc(n, 0xff)).token)).toBeDefined();
  });

  // Tokens issued by earlier releases (fixed random sources) must keep verifying: the checksum encoding is a contract.
  it.each([
    ['rcs_000000000000000000000000000000000000000000000000000000000004NjNuj', '0000000000000000'],
    ['rcs_03cUlnX8oolM3zkb8o6tqHG8W34pxMkB7jZqZ9AgyDlUmDnyMMlOBsfzIHN1FhQcg', '03cUlnX8oolM3zkb'],
    ['rcs_07EzXb4HddWi7zVCHcDngYWH269fujUMFT9h8ILNwRWzYRbwijWmNlLyaYk1Ijx7x', '07EzXb4HddWi7zVC'],
    ['rcs_0ArUJObQSSI4BzFnQQKhWpmPY9EVs6EXNCjXhRW4ufIUKfPv56IAZe1xsq70SWqEo', '0ArUJObQSSI4BzFn'],
    ['rcs_0ETz5C8ZHH3QFz0OZERbN72Y4CJLpSyiUwJOGaglst3z6tDtRT3YlWhxB7U2IwCfA', '0ETz5C8ZHH3QFz0O'],
  ])('still verifies the earlier-issued token %s', (token, credentialId) => {
    expect(parseToken(token)).toEqual({ credentialId });
  });

  it('rejects a mistyped token by its checksum, before any lookup', () => {
    const { token } = generateToken();
    for (let i = TOKEN_PREFIX.length; i < token.length; i++) {
      const c = token[i] === 'a' ? 'b' : 'a';
      expect(parseToken(token.slice(0, i) + c + token.slice(i + 1)), `position ${i}`).toBeUndefined();
    }
  });

  it.each(['', 'rcs_', 'Bearer x', 'ghp_' + 'a'.repeat(65), 'rcs_' + '!'.repeat(65)])('rejects %j', (text) => {
    expect(parseToken(text)).toBeUndefined();
  });
});

describe('the other kinds of secret share the format, never each other\'s prefix', () => {
  it.each([API_KEY, SETUP_LINK])('$prefix secrets parse as their own kind only', (format) => {
    const own = format.generate();
    expect(own.token.startsWith(format.prefix)).toBe(true);
    expect(own.token).toHaveLength(TOKEN_LENGTH);
    expect(format.parse(own.token)).toEqual({ credentialId: own.credentialId });
    expect(SCIM_TOKEN.parse(own.token)).toBeUndefined();
    expect(format.parse(SCIM_TOKEN.generate().token)).toBeUndefined();
    // The same body under another prefix fails the checksum: the prefix is covered by it.
    expect(SCIM_TOKEN.parse(SCIM_TOKEN.prefix + own.token.slice(4))).toBeUndefined();
  });
});
