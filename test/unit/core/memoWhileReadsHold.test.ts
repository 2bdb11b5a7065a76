import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MemoMismatch, memoOn, memoPer, memoWhileReadsHold, memoWhileSame, recordReads, TrackedMap, verifyMemoHits } from '../../../server/src/core/memo';
import { thrown } from '../../helpers/thrown';

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

  test('memoPer: a key that leaves out part of what the answer depends on (a mutant) throws on the wrong hit', () => {
    const m = model('1', { a: 1, b: 2 });
    // Wrong: keyed by the group, but the answer is the named entry's value.
    const wrong = memoPer(function valueOfName(from: M, arg: { readonly group: string; readonly name: string }) {
      return from.map.get(arg.name);
    }, (arg) => arg.group);
    expect(wrong(m, { group: 'g', name: 'a' })).toBe(1);
    const err = thrown(() => wrong(m, { group: 'g', name: 'b' }));
    expect(err).toBeInstanceOf(MemoMismatch);
    expect(err).toMatchObject({ memo: 'valueOfName', kept: 1, fresh: 2, missing: undefined });
    // Right: keyed by the name; a hit is computed again and agrees.
    const right = memoPer((from: M, arg: { readonly name: string }) => from.map.get(arg.name), (arg) => arg.name);
    expect(right(m, { name: 'b' })).toBe(2);
    expect(recordReads(() => right(m, { name: 'b' })).value).toBe(2);
  });

  test('memoPer: a hit whose kept reads miss one the fresh computation makes throws, naming the read', () => {
    const m = model('1', { a: 1, b: 2 });
    // Wrong key again, and the answer happens to agree (both are numbers): the kept reads (a) miss b, so a node check
    // reusing this hit would not see b change. The value check alone would pass it.
    const wrong = memoPer(function isNumber(from: M, arg: { readonly group: string; readonly name: string }) {
      return typeof from.map.get(arg.name) === 'number';
    }, (arg) => arg.group);
    expect(wrong(m, { group: 'g', name: 'a' })).toBe(true);
    const err = thrown(() => wrong(m, { group: 'g', name: 'b' }));
    expect(err).toBeInstanceOf(MemoMismatch);
    expect(err).toMatchObject({ memo: 'isNumber', kept: true, fresh: true, missing: 'byKey("b")' });
    expect((err as Error).message).toBe('Memo isNumber reused an answer whose recorded reads miss a dependency the fresh computation reads: byKey("b")');
  });

  test('memoOn: the fresh computation of a verified hit adds no reads to the enclosing recording', () => {
    const m = model('1', { a: 1, b: 2 });
    const firstKnown = memoOn(function firstOf(key: { readonly names: readonly string[] }, from: M) {
      return from.map.get(key.names[0] as string) !== undefined;
    });
    const key = { names: ['a'] };
    expect(firstKnown(key, m)).toBe(true);
    // A hit asked with another model is computed again there (a → 3, the same answer); the caller's recording gets the
    // kept reads (a → 1), what the kept answer depends on, not the verification's.
    const { reads } = recordReads(() => firstKnown(key, model('2', { a: 3 })));
    expect([...(reads?.get(byKey)?.entries() ?? [])]).toEqual([['a', 1]]);
  });
});
