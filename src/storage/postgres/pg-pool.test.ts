// timestamptz text becomes the ISO-8601 text SQLite stores, whatever form PostgreSQL wrote it in.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isoTimestamp } from './pg-pool.js';

const throughDate = (value: string) => (pg.types.getTypeParser(1184)(value) as Date).toISOString();

describe('isoTimestamp', () => {
  it.each([
    ['2026-12-01 19:50:45.123+00', '2026-12-01T19:50:45.123Z'],
    ['2026-12-01 19:50:45.12+00', '2026-12-01T19:50:45.120Z'],
    ['2026-12-01 19:50:45.1+00', '2026-12-01T19:50:45.100Z'],
    ['2026-12-01 19:50:45+00', '2026-12-01T19:50:45.000Z'],
    // Microseconds (now() in SQL) are cut to milliseconds, as a Date cuts them.
    ['2026-12-01 19:50:45.926921+00', '2026-12-01T19:50:45.926Z'],
    ['0999-01-02 03:04:05.006+00', '0999-01-02T03:04:05.006Z'],
    // Other session time zones go through a Date.
    ['2026-12-01 21:50:45.5+02', '2026-12-01T19:50:45.500Z'],
    ['2026-12-01 14:20:45+05:30', '2026-12-01T08:50:45.000Z'],
    ['2026-12-01 14:50:45.25-05', '2026-12-01T19:50:45.250Z'],
  ])('%s is %s, as through a Date', (text, iso) => {
    expect(isoTimestamp(text)).toBe(iso);
    expect(isoTimestamp(text)).toBe(throughDate(text));
  });
});
