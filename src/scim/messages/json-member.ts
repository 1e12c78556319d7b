// Finds one top-level member in the text of a JSON object without parsing it, so a stored document written out by
// the database (PostgreSQL's jsonb text, whose key order is its own) can be spliced into a response.

/** Where a member sits in the object's text: its key's opening quote, and its value's first and past-last index. */
export interface MemberSpan {
  readonly keyStart: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(json: string, i: number): number {
  while (i < json.length && isSpace(json.charCodeAt(i))) i++;
  return i;
}

/** Past the closing quote of the string whose opening quote is at `i`, or -1. */
function stringEnd(json: string, i: number): number {
  for (let from = i + 1; ; ) {
    const quote = json.indexOf('"', from);
    if (quote < 0) return -1;
    let slashes = 0;
    while (json.charCodeAt(quote - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Past the last character of the value that starts at `i`, or -1. */
function valueEnd(json: string, i: number): number {
  const first = json[i];
  if (first === '"') return stringEnd(json, i);
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let j = i; j < json.length; ) {
      const c = json[j];
      if (c === '"') {
        j = stringEnd(json, j);
        if (j < 0) return -1;
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  // A number, true, false or null: up to the next separator.
  let j = i;
  while (j < json.length && !isSpace(json.charCodeAt(j)) && json[j] !== ',' && json[j] !== '}' && json[j] !== ']') j++;
  return j > i ? j : -1;
}

/**
 * The top-level member `key` of the JSON object text `json`, or undefined when the object has none or the text is
 * not an object's (the caller then parses it). Strings are skipped whole, escapes included, so a key or a bracket
 * inside a value cannot be mistaken for structure.
 */
export function findMember(json: string, key: string): MemberSpan | undefined {
  if (json[0] !== '{') return undefined;
  const quotedKey = JSON.stringify(key);
  let i = skipSpace(json, 1);
  while (json[i] === '"') {
    const keyStart = i;
    const keyEnd = stringEnd(json, i);
    if (keyEnd < 0) return undefined;
    i = skipSpace(json, keyEnd);
    if (json[i] !== ':') return undefined;
    const valueStart = skipSpace(json, i + 1);
    const end = valueEnd(json, valueStart);
    if (end < 0) return undefined;
    if (keyEnd - keyStart === quotedKey.length && json.startsWith(quotedKey, keyStart)) return { keyStart, valueStart, valueEnd: end };
    i = skipSpace(json, end);
    if (json[i] !== ',') return undefined;
    i = skipSpace(json, i + 1);
  }
  return undefined;
}
