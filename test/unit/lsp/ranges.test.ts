import { describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { clampRanges } from '../../../server/src/lsp/ranges';

const r = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('clampRanges: the last line of defence for ranges in open documents', () => {
  const docs = new Map([
    ['file:///a.py', TextDocument.create('file:///a.py', 'python', 1, 'ab\r\ncd\n')],
    ['file:///b.yml', TextDocument.create('file:///b.yml', 'yaml', 1, 'x: 1')],
  ]);
  const at = (uri: string) => docs.get(uri);

  test('locations, symbols (with children), workspace edits and bare ranges; documents not open are left alone', () => {
    const answer = {
      locations: [
        { uri: 'file:///b.yml', range: r(0, 2, 0, 99) },
        { uri: 'file:///closed.py', range: r(50, 0, 50, 3) },
      ],
      symbols: [{ name: 's', range: r(0, 0, 9, 0), selectionRange: r(0, 3, 0, 3), children: [{ name: 'c', range: r(1, 0, 1, 7), selectionRange: r(1, 0, 1, 1) }] }],
      edit: { changes: { 'file:///b.yml': [{ range: r(3, 0, 3, 0), newText: '' }] } },
      textEdit: { range: r(0, 2, 0, 5), newText: 'x' },
      data: { range: r(99, 0, 99, 0) },
    };
    expect(clampRanges(answer, 'file:///a.py', at)).toBe(8);
    expect(answer.locations).toEqual([
      { uri: 'file:///b.yml', range: r(0, 2, 0, 4) },
      { uri: 'file:///closed.py', range: r(50, 0, 50, 3) },
    ]);
    // The request's document (a.py): line 9 is past the end (line 2, character 0); 'ab\r\n' ends at character 2.
    expect(answer.symbols).toEqual([{ name: 's', range: r(0, 0, 2, 0), selectionRange: r(0, 2, 0, 2), children: [{ name: 'c', range: r(1, 0, 1, 2), selectionRange: r(1, 0, 1, 1) }] }]);
    expect(answer.edit.changes['file:///b.yml']).toEqual([{ range: r(0, 4, 0, 4), newText: '' }]);
    expect(answer.textEdit.range).toEqual(r(0, 2, 0, 2));
    expect(answer.data.range).toEqual(r(99, 0, 99, 0));
  });

  test('ranges already inside are untouched', () => {
    const answer = [{ uri: 'file:///a.py', range: r(1, 0, 1, 2) }];
    expect(clampRanges(answer, 'file:///a.py', at)).toBe(0);
    expect(answer).toEqual([{ uri: 'file:///a.py', range: r(1, 0, 1, 2) }]);
  });
});
