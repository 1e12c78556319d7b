// mergeValues: RFC 7644 section 3.5.2.1 add on a multi-valued attribute, in one pass (issue 12, item 1).
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../messages/resource.js';
import { mergeValues } from './multi-valued.js';

const email = (value: string, extra: Record<string, JsonValue> = {}) => ({ value, ...extra });

describe('mergeValues', () => {
  it.each<[string, JsonValue[], JsonValue[], JsonValue[]]>([
    ['adds to nothing', [], [email('a')], [email('a')]],
    ['appends new values in order', [email('a')], [email('b'), email('c')], [email('a'), email('b'), email('c')]],
    ['skips a value already held', [email('a'), email('b')], [email('b'), email('c')], [email('a'), email('b'), email('c')]],
    ['skips repeats within the request', [], [email('a'), email('a'), email('b')], [email('a'), email('b')]],
    ['compares whole values, key order aside', [{ type: 'work', value: 'a' }], [{ value: 'a', type: 'work' }], [{ type: 'work', value: 'a' }]],
    ['keeps values that differ in a sub-attribute', [email('a', { type: 'work' })], [email('a', { type: 'home' })], [email('a', { type: 'work' }), email('a', { type: 'home' })]],
    ['works on simple values', ['x', 'y'], ['y', 'z', 'z'], ['x', 'y', 'z']],
  ])('%s', (_name, existing, incoming, expected) => {
    expect(mergeValues(existing, incoming).all).toEqual(expected);
  });

  it('returns only the values it added', () => {
    expect(mergeValues([email('a')], [email('a'), email('b')]).added).toEqual([email('b')]);
  });

  it('is linear: 20,000 values onto 20,000 take a fraction of a second', () => {
    const existing = Array.from({ length: 20_000 }, (_, i) => email(`old${i}@example.com`, { type: 'work' }));
    const incoming = Array.from({ length: 20_000 }, (_, i) => email(`new${i}@example.com`, { type: 'work' }));
    const started = performance.now();
    expect(mergeValues(existing, incoming).all).toHaveLength(40_000);
    // The quadratic merge took minutes at this size; one pass takes tens of milliseconds.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
