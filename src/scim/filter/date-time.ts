// xsd:dateTime parsing for filter literals and resource values (RFC 7643 section 2.3.5), compared as instants.

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * Returns the instant in epoch milliseconds, or undefined when `text` is not an xsd:dateTime.
 * A missing zone is read as UTC so the answer does not depend on the server's time zone;
 * fractions beyond milliseconds are dropped, as the stored timestamps carry milliseconds.
 */
export function parseDateTime(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const millis = (fraction ?? '.000').slice(1, 4).padEnd(3, '0');
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${(zone ?? 'Z').toUpperCase()}`;
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return undefined;
  // Date.parse rolls 2011-02-30 over to March; refuse dates that do not exist.
  const check = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day)) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  // A zone offset can push year 9999 into 10000, whose ISO form no longer orders as text.
  if (formatInstant(instant).length !== 24) return undefined;
  return instant;
}

/** The canonical form Rollcall stores timestamps in: `2026-01-02T03:04:05.678Z`, ordered as text. */
export function formatInstant(instant: number): string {
  return new Date(instant).toISOString();
}
