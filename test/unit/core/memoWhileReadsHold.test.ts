import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MemoMismatch, memoOn, memoWhileReadsHold, memoWhileSame, recordReads, TrackedMap, verifyMemoHits } from '../../../server/src/core/memo';

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

describe('memoOn', () => {
  test('computes once per key object, and a hit replays the reads of the computation', () => {
    const calls: string[] = [];
    const m = model('1', { a: 1, b: 2 });
    const total = memoOn((key: { readonly names: readonly string[] }, from: M) => {
      calls.push(key.names.join('+'));
      return key.names.reduce((s, n) => s + (from.map.get(n) ?? 0), 0);
    });
    const key = { names: ['a', 'b'] };
    const first = recordReads(() => total(key, m));
    const second = recordReads(() => total(key, m));
    expect([first.value, second.value]).toEqual([3, 3]);
    expect(calls).toEqual(['a+b']);
    // The second caller depends on a and b as the first did, though nothing was computed for it.
    expect([...(second.reads?.get(byKey)?.entries() ?? [])]).toEqual([['a', 1], ['b', 2]]);
    expect(total({ names: ['b'] }, m)).toBe(2);
    expect(calls).toEqual(['a+b', 'b']);
  });
});

describe('memo hits in verify mode', () => {
  // The test run verifies already (a workspace with verifyReuse switched it on); this file does not depend on that.
  beforeAll(() => verifyMemoHits(true));
  afterAll(() => verifyMemoHits(process.env['KEDRO_LENS_VERIFY_REUSE'] === '1'));

  test('a memo whose deps miss what it reads (a mutant) throws MemoMismatch on the stale hit; the right deps reuse', () => {
    const key = { names: ['a'] };
    // Wrong: the answer reads the map, but only the version is listed as a dep.
    const wrong = memoWhileSame(function sumOfNames(m: M, k: typeof key) {
      return k.names.reduce((s, n) => s + (m.map.peek(n) ?? 0), 0);
    }, (m: M) => [m.version]);
    expect(wrong(model('1', { a: 1 }), key)).toBe(1);
    const err = (() => {
      try {
        return wrong(model('1', { a: 5 }), key);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MemoMismatch);
    expect(err).toMatchObject({ memo: 'sumOfNames', kept: 1, fresh: 5 });
    // Right: the map is a dep, so a new map is a miss, and an equal answer from the same deps is a verified hit.
    const right = memoWhileSame((m: M, k: typeof key) => k.names.map((n) => ({ name: n, value: m.map.peek(n) })), (m: M) => [m.version, m.map]);
    const m1 = model('1', { a: 1 });
    const first = right(m1, key);
    expect(right(m1, key)).toBe(first);
    expect(right(model('1', { a: 5 }), key)).toEqual([{ name: 'a', value: 5 }]);
  });
});
