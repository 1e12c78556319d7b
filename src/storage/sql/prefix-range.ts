// Turns a starts-with test into a range, so a b-tree index on the column can answer it.

/**
 * The least string above every string that starts with `prefix`, in code point order: `prefix` with its
 * last code point incremented. Undefined when that is not a valid string (lone surrogates, U+10FFFF, U+D7FF).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  if (/[\uD800-\uDFFF]/u.test(prefix)) return undefined;
  const points = Array.from(prefix);
  const last = points.pop()?.codePointAt(0);
  if (last === undefined || last === 0x10ffff || last === 0xd7ff) return undefined;
  return `${points.join('')}${String.fromCodePoint(last + 1)}`;
}
