import { describe, expect, test } from 'vitest';
import { encodeTokens, tokensInText, type TokenJson } from '../../../server/src/features/semanticTokens';

const tok = (line: number, character: number, length: number): TokenJson => ({ line, character, length, type: 'kedroDataset', modifiers: ['catalog'] });

describe('semantic tokens against the current text', () => {
  test('a token past its line end or past the last line is dropped (VS Code logs each as invalid data)', () => {
    // The model saw `inputs="companies",` on line 1; the text now has `inputs="co",` there and one line less.
    const tokens = [tok(0, 4, 3), tok(1, 8, 9), tok(2, 0, 5)];
    const kept = tokensInText(tokens, ['x = abc', 'inputs="co",']);
    expect(kept).toEqual([tok(0, 4, 3)]);
    expect(encodeTokens(kept)).toEqual([0, 4, 3, 0, 1]);
  });

  test('a token ending exactly at the line end is kept', () => {
    expect(tokensInText([tok(0, 8, 10)], [`inputs="companies"`])).toEqual([tok(0, 8, 10)]);
    expect(tokensInText([tok(0, 8, 11)], [`inputs="companies"`])).toEqual([]);
  });
});
