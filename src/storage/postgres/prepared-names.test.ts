import { describe, expect, it } from 'vitest';
import { preparedNames } from './prepared-names.js';

describe('preparedNames', () => {
  it('names each distinct text once, stably, and runs texts beyond the budget unnamed', () => {
    const nameOf = preparedNames(2);
    const a = nameOf('SELECT 1');
    expect(a).toMatch(/^rollcall-list-[0-9a-f]{16}$/);
    expect(nameOf('SELECT 1')).toBe(a);
    const b = nameOf('SELECT 2');
    expect(b).not.toBe(a);
    expect(nameOf('SELECT 3')).toBeUndefined();
    expect(nameOf('SELECT 2')).toBe(b);
    // Another process (or store) names the same text the same way: connections never see one name for two texts.
    expect(preparedNames(2)('SELECT 1')).toBe(a);
  });
});
