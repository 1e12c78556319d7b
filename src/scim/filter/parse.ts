// Parses SCIM filter strings and PATCH paths (RFC 7644 sections 3.4.2.2 and 3.5.2) into the tagged AST.
import { ScimError } from '../errors.js';
import { COMPARE_OPS, type AttrPath, type CompareOp, type FilterLiteral, type FilterNode, type PatchPath } from './ast.js';
import { lexError, quoteToken, tokenize, type Token } from './lex.js';
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, MAX_FILTER_TERMS } from './limits.js';

export { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, MAX_FILTER_TERMS } from './limits.js';

/**
 * Parses a filter. Precedence follows RFC 7644 section 3.4.2.2: grouping, then `not`, then `and`, then `or`.
 * Operators, keywords and literals `true`/`false`/`null` are case-insensitive. Throws only
 * `ScimError.invalidFilter`, whose detail names the offending token and its 1-based character position.
 */
export function parseFilter(text: string): FilterNode {
  const parser = new Parser(tokensOf(text, 'filter'));
  const node = parser.parseOr(0, false);
  parser.expectEnd();
  return node;
}

/**
 * Parses a PATCH path: `attr`, `attr.sub`, `urn:...:attr[.sub]`, `attr[filter]` or `attr[filter].sub`.
 * Throws `ScimError.invalidPath` (RFC 7644 section 3.5.2: a malformed path is invalidPath), with the same details.
 */
export function parsePath(text: string): PatchPath {
  try {
    const parser = new Parser(tokensOf(text, 'path'));
    const result = parser.parsePatchPath();
    parser.expectEnd();
    return result;
  } catch (error) {
    if (error instanceof ScimError && error.scimType === 'invalidFilter') throw ScimError.invalidPath(error.detail);
    throw error;
  }
}

function tokensOf(text: string, what: 'filter' | 'path'): Token[] {
  if (typeof text !== 'string') throw ScimError.invalidFilter(`the ${what} must be a string`);
  if (text.length > MAX_FILTER_LENGTH) {
    throw ScimError.invalidFilter(`the ${what} is ${text.length} characters long; the limit is ${MAX_FILTER_LENGTH}`);
  }
  if (text.trim() === '') throw ScimError.invalidFilter(`the ${what} is empty`);
  return tokenize(text);
}

const NAME = /^\$?[A-Za-z][A-Za-z0-9_-]*$/;
// RFC 8141 NID and NSS, restricted to the characters a filter word can hold.
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]*(?::[A-Za-z0-9._$-]+)+$/i;

/** Splits a word such as `urn:...:User:name.givenName` into URN, attribute and sub-attribute. */
function toAttrPath(token: Token): AttrPath {
  const word = token.text;
  let urn: string | undefined;
  let rest = word;
  if (word.toLowerCase().startsWith('urn:')) {
    const colon = word.lastIndexOf(':');
    urn = word.slice(0, colon);
    rest = word.slice(colon + 1);
    if (!URN.test(urn) || rest === '') throw lexError(token.pos, `invalid URN-qualified attribute path ${quoteToken(word)}`);
  } else if (word.includes(':')) {
    throw lexError(token.pos, `invalid attribute path ${quoteToken(word)} (only a schema URN may contain ":")`);
  }
  const parts = rest.split('.');
  const [attr, sub] = parts;
  if (attr === undefined || !NAME.test(attr) || parts.length > 2 || (sub !== undefined && !NAME.test(sub))) {
    throw lexError(token.pos, `invalid attribute path ${quoteToken(word)}`);
  }
  return { ...(urn === undefined ? {} : { urn }), attr, ...(sub === undefined ? {} : { sub }) };
}

function describe(token: Token): string {
  return token.type === 'end' ? 'end of input' : quoteToken(token.text);
}

class Parser {
  private index = 0;
  private terms = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    // tokenize always ends with an 'end' token, and the parser never moves past it.
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index++;
    return token;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.type === 'word' && token.text.toLowerCase() === keyword;
  }

  private expect(type: Token['type'], what: string): Token {
    const token = this.next();
    if (token.type !== type) throw lexError(token.pos, `expected ${what} but found ${describe(token)}`);
    return token;
  }

  private nest(depth: number, token: Token): number {
    if (depth + 1 > MAX_FILTER_DEPTH) throw lexError(token.pos, `${describe(token)} nests deeper than ${MAX_FILTER_DEPTH} levels`);
    return depth + 1;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.type === 'end') return;
    if (token.type === '.') {
      throw lexError(token.pos, 'unexpected "." (a sub-attribute after a value filter is only allowed in PATCH paths)');
    }
    throw lexError(token.pos, `unexpected ${describe(token)}; expected "and", "or" or the end of the filter`);
  }

  parseOr(depth: number, inValuePath: boolean): FilterNode {
    const filters = [this.parseAnd(depth, inValuePath)];
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      filters.push(this.parseAnd(depth, inValuePath));
    }
    return filters.length === 1 ? filters[0]! : { kind: 'or', filters };
  }

  private parseAnd(depth: number, inValuePath: boolean): FilterNode {
    const filters = [this.parseUnary(depth, inValuePath)];
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      filters.push(this.parseUnary(depth, inValuePath));
    }
    return filters.length === 1 ? filters[0]! : { kind: 'and', filters };
  }

  private parseUnary(depth: number, inValuePath: boolean): FilterNode {
    const token = this.next();
    if (this.isKeyword(token, 'not')) {
      // The RFC grammar writes `not (FILTER)`; a bare `not attrExp` is accepted too, binding tighter than `and`.
      return { kind: 'not', filter: this.parseUnary(this.nest(depth, token), inValuePath) };
    }
    if (token.type === '(') {
      const inner = this.parseOr(this.nest(depth, token), inValuePath);
      this.expect(')', '")"');
      return inner;
    }
    if (token.type !== 'word') {
      throw lexError(token.pos, `expected an attribute path, "(" or "not" but found ${describe(token)}`);
    }
    const path = toAttrPath(token);
    const after = this.peek();
    if (after.type === '[') {
      if (inValuePath) throw lexError(after.pos, 'value filters cannot be nested');
      return this.parseValueFilter(path, token, depth);
    }
    return this.parseAttrExp(path, token);
  }

  private parseValueFilter(path: AttrPath, pathToken: Token, depth: number): FilterNode {
    const open = this.next();
    if (path.sub !== undefined) {
      throw lexError(open.pos, `a value filter must follow an attribute, not the sub-attribute ${quoteToken(pathToken.text)}`);
    }
    const filter = this.parseOr(this.nest(depth, open), true);
    this.expect(']', '"]"');
    if (this.peek().type === '.') {
      // Microsoft Entra ID matches users with `emails[type eq "work"].value eq "x"` (Entra SCIM tutorial,
      // test/fixtures/idp/entra/06). It means `emails[type eq "work" and value eq "x"]`, so it is read as that.
      this.next();
      const subToken = this.expect('word', 'a sub-attribute after "]."');
      const comparison = this.parseAttrExp({ attr: subToken.text }, subToken);
      return { kind: 'valuePath', path, filter: { kind: 'and', filters: [filter, comparison] } };
    }
    return { kind: 'valuePath', path, filter };
  }

  private parseAttrExp(path: AttrPath, pathToken: Token): FilterNode {
    const opToken = this.next();
    const op = opToken.type === 'word' ? opToken.text.toLowerCase() : '';
    if (op !== 'pr' && !(COMPARE_OPS as readonly string[]).includes(op)) {
      throw lexError(opToken.pos, `expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after ${quoteToken(pathToken.text)} but found ${describe(opToken)}`);
    }
    this.terms++;
    if (this.terms > MAX_FILTER_TERMS) throw lexError(pathToken.pos, `${quoteToken(pathToken.text)} is one of more than ${MAX_FILTER_TERMS} attribute expressions`);
    if (op === 'pr') return { kind: 'present', path };
    return { kind: 'compare', path, op: op as CompareOp, value: this.parseLiteral() };
  }

  private parseLiteral(): FilterLiteral {
    const token = this.next();
    if (token.type === 'string' || token.type === 'number') return token.value!;
    if (token.type === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
    }
    throw lexError(token.pos, `expected a value (a string in double quotes, a number, true, false or null) but found ${describe(token)}`);
  }

  parsePatchPath(): PatchPath {
    const token = this.expect('word', 'an attribute path');
    const path = toAttrPath(token);
    if (this.peek().type !== '[') return { path };
    const open = this.next();
    if (path.sub !== undefined) {
      throw lexError(open.pos, `a value filter must follow an attribute, not the sub-attribute ${quoteToken(token.text)}`);
    }
    const filter = this.parseOr(1, true);
    this.expect(']', '"]"');
    if (this.peek().type !== '.') return { path, filter };
    this.next();
    const subToken = this.expect('word', 'a sub-attribute name after "."');
    if (!NAME.test(subToken.text)) throw lexError(subToken.pos, `invalid sub-attribute name ${quoteToken(subToken.text)}`);
    return { path, filter, subAttr: subToken.text };
  }
}
