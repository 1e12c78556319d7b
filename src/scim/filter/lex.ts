// Splits filter text into tokens (RFC 7644 section 3.4.2.2 grammar); every failure is an invalidFilter ScimError.
import { ScimError } from '../errors.js';
import { isStorableText } from '../schema/limits.js';

export type TokenType = 'word' | 'string' | 'number' | '(' | ')' | '[' | ']' | '.' | 'end';

export interface Token {
  readonly type: TokenType;
  /** The source text of the token. */
  readonly text: string;
  /** 1-based character position, as shown in error details. */
  readonly pos: number;
  /** The decoded literal of a string or number token. */
  readonly value?: string | number;
}

// ATTRNAME (RFC 7643 section 2.1) starts with ALPHA, "$ref" with "$"; URNs and sub-attributes continue
// with ":" and ".", so a whole attrPath such as "urn:...:2.0:User:name.givenName" is one word.
const WORD_START = /[A-Za-z$]/;
const WORD_CHAR = /[A-Za-z0-9_\-.:$]/;
// The JSON number grammar (RFC 8259 section 6), which compValue uses.
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const SPACE = /[ \t\r\n]/;

/** Shortens a token for an error detail so a huge input does not become a huge response. */
export function quoteToken(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return JSON.stringify(short);
}

export function lexError(pos: number, message: string): ScimError {
  return ScimError.invalidFilter(`${message} at character ${pos}`);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (SPACE.test(ch)) {
      i++;
      continue;
    }
    const pos = i + 1;
    if (ch === '(' || ch === ')' || ch === '[' || ch === ']' || ch === '.') {
      tokens.push({ type: ch, text: ch, pos });
      i++;
    } else if (ch === '"') {
      const end = scanString(text, i);
      const raw = text.slice(i, end);
      tokens.push({ type: 'string', text: raw, pos, value: decodeString(raw, pos) });
      i = end;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      const raw = match?.[0] ?? '';
      const next = text.charAt(i + raw.length);
      if (raw === '' || raw === '-' || WORD_CHAR.test(next)) {
        throw lexError(pos, `invalid number ${quoteToken(text.slice(i, i + Math.max(raw.length, 1) + 1))}`);
      }
      const value = Number(raw);
      if (!Number.isFinite(value)) throw lexError(pos, `number ${quoteToken(raw)} is out of range`);
      tokens.push({ type: 'number', text: raw, pos, value });
      i += raw.length;
    } else if (WORD_START.test(ch)) {
      let end = i + 1;
      while (end < text.length && WORD_CHAR.test(text.charAt(end))) end++;
      tokens.push({ type: 'word', text: text.slice(i, end), pos });
      i = end;
    } else {
      throw lexError(pos, `unexpected character ${quoteToken(ch)}`);
    }
  }
  tokens.push({ type: 'end', text: '', pos: text.length + 1 });
  return tokens;
}

/** Returns the index just past the closing quote of the string starting at `start`. */
function scanString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '\\') i += 2;
    else if (ch === '"') return i + 1;
    else i++;
  }
  throw lexError(start + 1, `unterminated string ${quoteToken(text.slice(start))}`);
}

/** Decodes a JSON string literal (RFC 8259 section 7): escapes, and no raw control characters. */
function decodeString(raw: string, pos: number): string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    // falls through to the invalidFilter below
  }
  if (typeof value !== 'string') throw lexError(pos, `invalid string literal ${quoteToken(raw)} (bad escape or control character)`);
  // The text rule of stored values (src/scim/schema/limits.ts): such a literal never matches, and PostgreSQL
  // refuses U+0000 in a query parameter.
  if (!isStorableText(value)) throw lexError(pos, `string literal ${quoteToken(raw)} holds U+0000 or an unpaired surrogate`);
  return value;
}
