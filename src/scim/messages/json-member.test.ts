import { describe, expect, it } from 'vitest';
import { findMember } from './json-member.js';

/** The member's text as `key: value`, or undefined: what the span covers. */
const member = (json: string, key: string): string | undefined => {
  const span = findMember(json, key);
  return span && `${json.slice(span.keyStart, span.valueStart).replace(/\s/g, '')}${json.slice(span.valueStart, span.valueEnd)}`;
};

describe('findMember', () => {
  it.each([
    ['first, compact', '{"schemas":["a"],"x":1}', '"schemas":["a"]'],
    ['last, jsonb spacing', '{"name": {"givenName": "A"}, "active": true, "schemas": ["a", "b"]}', '"schemas":["a", "b"]'],
    ['between scalars', '{"a": 1.5e3, "schemas": [], "b": null}', '"schemas":[]'],
    ['after a nested member of the same name', '{"x": {"schemas": ["inner"]}, "schemas": ["outer"]}', '"schemas":["outer"]'],
    ['after strings holding the key and brackets', '{"q": "\\"schemas\\": [", "r": "}]{[", "schemas": ["s"]}', '"schemas":["s"]'],
    ['after a string ending in an escaped backslash', '{"p": "a\\\\", "schemas": ["s"]}', '"schemas":["s"]'],
    ['after arrays of objects', '{"emails": [{"type": "work", "value": "a@b"}, {"value": "c"}], "schemas": ["s"]}', '"schemas":["s"]'],
    ['with space around the colon', '{ "schemas" : ["s"] }', '"schemas":["s"]'],
    ['a string value', '{"schemas": "s"}', '"schemas":"s"'],
    ['absent', '{"userName": "u"}', undefined],
    ['only nested', '{"x": {"schemas": ["inner"]}}', undefined],
    ['an empty object', '{}', undefined],
    ['an array', '[{"schemas": []}]', undefined],
    ['cut short in a string', '{"a": "b', undefined],
    ['cut short in an array', '{"a": [1, 2', undefined],
    ['no colon', '{"a" 1, "schemas": []}', undefined],
  ])('%s: %s', (_name, json, expected) => {
    expect(member(json, 'schemas')).toBe(expected);
  });

  it('finds keys that need escapes', () => {
    expect(member('{"a\\"b": 1, "c": 2}', 'a"b')).toBe('"a\\"b":1');
  });
});
