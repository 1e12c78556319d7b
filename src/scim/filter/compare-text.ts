// String ordering by Unicode code point, the order SQLite's BINARY collation and PostgreSQL's "C" collation use.

/**
 * Compares by code point rather than UTF-16 unit, so that in-memory ordering agrees with SQL:
 * UTF-16 puts surrogate pairs (U+10000 and up) before U+E000..U+FFFF, code point order after.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixUp(x) - fixUp(y);
  }
  return a.length - b.length;
}

function fixUp(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
