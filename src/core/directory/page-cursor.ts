// Opaque cursors for /api/v1 lists: the position of a page's last row, tagged with the list order it belongs to.
// Base64url JSON, not signed: a forged cursor can only name a position in a list the caller may read anyway.
import { Problem } from '../problem.js';

export type CursorValue = string | number;

export function encodeCursor(order: string, values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify([order, ...values]), 'utf8').toString('base64url');
}

/** The values of a cursor made for `order` with these value types, or a 400 problem. */
export function decodeCursor(order: string, cursor: string, types: readonly ('string' | 'number')[]): CursorValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length === types.length + 1 &&
    parsed[0] === order &&
    types.every((type, i) => typeof parsed[i + 1] === type && (type === 'string' || Number.isSafeInteger(parsed[i + 1])));
  if (!valid) throw Problem.invalid('The after cursor is not valid for this list: pass the next value of a previous page of the same list unchanged');
  return (parsed as CursorValue[]).slice(1);
}

/** Reads one row more than the page holds: when it exists there is a next page, whose cursor is the page's last row. */
export function pageOf<T>(rows: readonly T[], limit: number, cursorOf: (last: T) => string): { data: T[]; next: string | null } {
  const data = rows.slice(0, limit);
  const next = rows.length > limit && data.length > 0 ? cursorOf(data[data.length - 1]!) : null;
  return { data, next };
}
