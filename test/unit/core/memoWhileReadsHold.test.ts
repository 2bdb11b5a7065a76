import { describe, expect, test } from 'vitest';
import { memoWhileReadsHold, recordReads, TrackedMap } from '../../../server/src/core/memo';

// A model with one tracked map, as ProjectModel.catalog is.
interface M {
  readonly version: string;
  readonly map: TrackedMap<number>;
}
const byKey = (m: object, k: string): unknown => (m as M).map.peek(k);
const whole = (m: object): unknown => (m as M).map;
const model = (version: string, entries: Record<string, number>): M => ({ version, map: new TrackedMap(new Map(Object.entries(entries)), byKey, whole) });

describe('memoWhileReadsHold', () => {
  const setup = () => {
    const calls: string[] = [];
    const sum = memoWhileReadsHold(
      (m: M, key: { readonly names: readonly string[] }) => {
        calls.push(key.names.join('+'));
        return key.names.reduce((s, n) => s + (m.map.get(n) ?? 0), 0);
      },
      (m: M) => [m.version],
    );
    return { calls, sum };
  };

  test('reuses an answer across models while its deps and the keys it read answer the same', () => {
    const { calls, sum } = setup();
    const key = { names: ['a', 'b'] };
    expect(sum(model('1', { a: 1, b: 2, c: 3 }), key)).toBe(3);
    // Another model: c changed, a and b did not.
    expect(sum(model('1', { a: 1, b: 2, c: 30 }), key)).toBe(3);
    expect(calls).toEqual(['a+b']);
    expect(sum(model('1', { a: 1, b: 20 }), key)).toBe(21);
    expect(sum(model('2', { a: 1, b: 20 }), key)).toBe(21);
    // A key that was absent and now exists is a different answer too.
    expect(sum(model('2', { a: 1, b: 20, }), { names: ['z'] })).toBe(0);
    expect(calls).toEqual(['a+b', 'a+b', 'a+b', 'z']);
  });

  test('a hit replays its reads into an enclosing recording', () => {
    const { sum } = setup();
    const key = { names: ['a'] };
    sum(model('1', { a: 1 }), key);
    const { reads } = recordReads(() => sum(model('1', { a: 1 }), key));
    expect([...(reads?.get(byKey)?.entries() ?? [])]).toEqual([['a', 1]]);
  });
});
