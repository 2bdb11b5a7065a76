// CompactSpan (stored facts' spans) reads, writes and serialises as the plain span it stands for.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CompactSpan, isSpanLike, sameSpan } from '../../../server/src/core/compactSpan';
import { MemoMismatch, memoWhileSame, sameStructure, verifyMemoHits } from '../../../server/src/core/memo';
import { spanOf } from '../../../server/src/core/types';

describe('CompactSpan', () => {
  test('reads as its plain span; each position is built once and kept', () => {
    const s = new CompactSpan(3, 4, 5, 6);
    expect([s.start.line, s.start.character, s.end.line, s.end.character]).toEqual([3, 4, 5, 6]);
    expect(s.start).toBe(s.start);
    expect(s.end).toBe(s.end);
    expect(Object.keys(s.start)).toEqual(['line', 'character']);
  });

  test('JSON (the LSP connection, the CLI report) is the plain span’s, key order included', () => {
    const s = new CompactSpan(0, 1, 2, 3);
    expect(JSON.stringify({ range: s })).toBe(JSON.stringify({ range: spanOf(0, 1, 2, 3) }));
    expect(JSON.stringify({ range: s })).toBe('{"range":{"start":{"line":0,"character":1},"end":{"line":2,"character":3}}}');
  });

  test('an end moved in place (lsp/ranges clamps answers so) is what it reads, writes and serialises', () => {
    const s = new CompactSpan(0, 1, 2, 3);
    (s as { end: { line: number; character: number } }).end = { line: 2, character: 0 };
    expect(s.end).toEqual({ line: 2, character: 0 });
    const numbers: number[] = [];
    s.writeNumbers((n) => numbers.push(n));
    expect(numbers).toEqual([0, 1, 2, 0]);
    expect(JSON.stringify(s)).toBe(JSON.stringify(spanOf(0, 1, 2, 0)));
  });

  test('span likeness and equality by the four numbers, against plain spans too', () => {
    expect(isSpanLike(new CompactSpan(0, 0, 0, 1))).toBe(true);
    expect(isSpanLike(spanOf(0, 0, 0, 1))).toBe(true);
    expect(isSpanLike({ start: { line: 0, character: 0 }, end: { line: 0, character: 1 }, extra: 1 })).toBe(false);
    expect(isSpanLike({ start: { line: 0 }, end: { line: 0, character: 1 } })).toBe(false);
    expect(sameSpan(new CompactSpan(1, 2, 3, 4), spanOf(1, 2, 3, 4))).toBe(true);
    expect(sameSpan(new CompactSpan(1, 2, 3, 4), spanOf(1, 2, 3, 5))).toBe(false);
  });

  test('the tests’ deep equality (test/helpers/spanEquality.ts) compares its numbers', () => {
    expect({ span: new CompactSpan(1, 2, 3, 4) }).toStrictEqual({ span: spanOf(1, 2, 3, 4) });
    expect({ span: spanOf(1, 2, 3, 4) }).toEqual({ span: new CompactSpan(1, 2, 3, 4) });
    expect({ span: new CompactSpan(1, 2, 3, 4) }).not.toEqual({ span: spanOf(1, 2, 3, 5) });
    expect({ span: new CompactSpan(1, 2, 3, 4) }).not.toEqual({ span: new CompactSpan(0, 2, 3, 4) });
    expect(new CompactSpan(1, 2, 3, 4)).not.toEqual({ start: { line: 1, character: 2 }, end: { line: 3, character: 4 }, extra: true });
  });
});

describe('CompactSpan in verified memo hits', () => {
  beforeAll(() => verifyMemoHits(true));
  afterAll(() => verifyMemoHits(process.env['KEDRO_LENS_VERIFY_REUSE'] === '1'));

  test('an equal span from the fresh computation verifies the hit; a different one is a mismatch', () => {
    const key = {};
    let end = 4;
    const spanOfKey = memoWhileSame(function spanOfKey() {
      return { loc: { uri: 'file:///m.py', span: new CompactSpan(1, 2, 3, end) } };
    }, (m: object) => [m]);
    const m = {};
    const first = spanOfKey(m, key);
    expect(spanOfKey(m, key)).toBe(first);
    end = 5;
    expect(() => spanOfKey(m, key)).toThrow(MemoMismatch);
  });

  test('the call cache’s deep comparison (sameStructure) compares stored spans by their numbers', () => {
    const ref = (end: number) => ({ name: 'x', loc: { uri: 'file:///m.py', span: new CompactSpan(1, 2, 3, end) } });
    expect(sameStructure([ref(4)], [ref(4)])).toBe(true);
    expect(sameStructure([ref(4)], [ref(5)])).toBe(false);
  });
});
