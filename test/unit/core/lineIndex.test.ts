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
    for (let o = 0; o <= text.length; o++) expect(idx.offsetAt(idx.positionAt(o))).toBe(o);
    expect(idx.positionAt(999)).toEqual(idx.end);
  });
});
