// startIndex/count of RFC 7644 section 3.4.2.4: startIndex below 1 means 1, a negative count means 0,
// and count is capped at the advertised maximum page size.
import { ScimError } from '../errors.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface PageParams {
  readonly startIndex: number;
  readonly count: number;
}

function integerParam(name: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^-?\d{1,15}$/.test(text.trim())) {
    throw ScimError.invalidValue(`"${name}" must be an integer, got ${JSON.stringify(raw)}`);
  }
  return Number(text);
}

export function pageParams(rawStartIndex: unknown, rawCount: unknown, maxPageSize = MAX_PAGE_SIZE): PageParams {
  const startIndex = Math.max(1, integerParam('startIndex', rawStartIndex) ?? 1);
  const count = Math.min(maxPageSize, Math.max(0, integerParam('count', rawCount) ?? DEFAULT_PAGE_SIZE));
  return { startIndex, count };
}
