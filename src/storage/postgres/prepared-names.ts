// Names for the SQL that list queries generate (filters, sorts, windows), so PostgreSQL parses and plans each distinct
// text once per connection instead of on every request: a userName lookup then runs about twice as fast.
import { createHash } from 'node:crypto';

/** Distinct texts named per process: beyond this, unusual or hostile filters run unnamed and cannot grow each
 * connection's statement cache without bound. IdPs use a handful of shapes (userName, externalId, emails, members). */
export const MAX_NAMED_STATEMENTS = 200;

/** Returns the statement name for `text`, or undefined once the budget is spent on other texts. */
export function preparedNames(max = MAX_NAMED_STATEMENTS): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    const known = names.get(text);
    if (known !== undefined || names.size >= max) return known;
    const name = `rollcall-list-${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
    return name;
  };
}
