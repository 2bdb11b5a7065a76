import { describe, expect, test } from 'vitest';
import { patternMatcher, patternValues } from '../../../server/src/project/model';
import { rng } from '../../fuzz/rng';

/** What the matcher replaced: Kedro's parse-style regex, with backtracking. */
function regexValues(pattern: string, name: string): string[] | undefined {
  const body = pattern.split(/(\{[^{}]*\})/).map((p) => (/^\{[^{}]*\}$/.test(p) ? '(.+?)' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'i').exec(name)?.slice(1);
}

// The old behaviour took minutes on these inputs: a regression fails by the test's timeout; times are in bench:hostile.
describe('factory pattern matching cannot backtrack exponentially', () => {
  test('adjacent placeholders against a 60-character name that does not match: milliseconds, not 26 s', () => {
    const pattern = `${[...Array(8).keys()].map((i) => `{f${i}}`).join('')}Z`;
    expect(patternMatcher(pattern).test('a'.repeat(60))).toBe(false);
    expect(patternMatcher('{a}{b}{c}{d}{e}{f}{g}{h}{i}{j}_x_{k}').test(`${'a_x_'.repeat(500)}!`)).toBe(true);
    expect(patternMatcher(pattern).exec(`${'a'.repeat(60)}z`)).toEqual([...'aaaaaaa', 'a'.repeat(53)]);
  });

  test('same matches and values as the lazy regex, on random patterns and names', () => {
    const r = rng(19);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
    const atoms = ['a', 'b', 'A', '_', '.', '\n', 'ab', 'ß', 'İ'];
    for (let i = 0; i < 5000; i++) {
      const pattern = Array.from({ length: 1 + Math.floor(r() * 5) }, () => (r() < 0.45 ? `{f${Math.floor(r() * 9)}}` : pick(atoms))).join('');
      const name = Array.from({ length: Math.floor(r() * 9) }, () => pick(atoms)).join('');
      expect([pattern, name, patternMatcher(pattern).exec(name)]).toEqual([pattern, name, regexValues(pattern, name)]);
    }
  });

  test('values by field name, case-insensitive literals', () => {
    expect(patternValues('{ns}.{name}_Data', 'EU.sales.x_data')).toEqual(new Map([['ns', 'EU'], ['name', 'sales.x']]));
    expect(patternValues('{a}#csv', 'x#parquet')).toBeUndefined();
  });
});
