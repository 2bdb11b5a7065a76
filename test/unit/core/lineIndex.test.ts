import { describe, expect, test } from 'vitest';
import { LineIndex } from '../../../server/src/core/lineIndex';

describe('LineIndex', () => {
  test('LF, CRLF and CR line ends; offsets round-trip', () => {
    const text = 'ab\r\ncd\ref\ngh';
    const idx = new LineIndex(text);
    expect(idx.lineCount).toBe(4);
    expect(idx.positionAt(4)).toEqual({ line: 1, character: 0 });
    expect(idx.positionAt(7)).toEqual({ line: 2, character: 0 });
    expect(idx.positionAt(10)).toEqual({ line: 3, character: 0 });
    // Every offset round-trips but the one between \r and \n, which is the end of its line.
    for (let o = 0; o <= text.length; o++) expect(idx.offsetAt(idx.positionAt(o))).toBe(o === 3 ? 2 : o);
    expect(idx.positionAt(999)).toEqual(idx.end);
  });

  test('an offset between \r and \n is the line end (a YAML error offset ended there)', () => {
    expect(new LineIndex('[?\r\n').positionAt(3)).toEqual({ line: 0, character: 2 });
  });

  test('a character past the line end is the line end, not the next line (LSP)', () => {
    const idx = new LineIndex('ab\r\ncd\ref\ngh');
    expect([0, 1, 2, 3].map((line) => idx.offsetAt({ line, character: 99 }))).toEqual([2, 6, 9, 12]);
    expect(idx.offsetAt({ line: 9, character: 0 })).toBe(12);
  });
});
