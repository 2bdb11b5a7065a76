import { describe, expect, test } from 'vitest';
import type { Problem } from '../../server/src/core/types';
import { formatProblems } from '../../server/src/cli/report';

describe('--format text', () => {
  test('a name holding a newline or an escape cannot forge a line', () => {
    const p: Problem = { code: 'KL001', severity: 'error', message: "Dataset 'a\nx.py:1:1 error KL001 forged\u001b[2K' is not in the catalog.", loc: { uri: 'file:///w/p.py', span: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } } };
    expect(formatProblems([p], 'text', '/w')).toBe("p.py:1:1 error KL001 Dataset 'a\\nx.py:1:1 error KL001 forged\\x1b[2K' is not in the catalog.\n1 error(s), 0 warning(s), 0 info(s)\n");
  });
});
