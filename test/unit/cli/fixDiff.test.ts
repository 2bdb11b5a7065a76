import { describe, expect, test } from 'vitest';
import { applyFixes, unifiedDiff, type PlannedFix } from '../../../server/src/cli/fix';

const fix = (line: number, from: number, to: number, oldText: string, newText: string, endLine = line): PlannedFix => ({
  file: '/p/x.py',
  span: { start: { line, character: from }, end: { line: endLine, character: to } },
  oldText,
  newText,
  code: 'KL001',
});

describe('unified diff of planned fixes', () => {
  const text = `${Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n')}\n`;

  test('far-apart fixes make separate hunks with 3 lines of context; near ones share one', () => {
    const fixes = [fix(1, 5, 6, '2', 'two'), fix(3, 5, 6, '4', 'four'), fix(17, 5, 7, '18', 'eighteen')];
    expect(unifiedDiff('x.py', text, fixes)).toBe(`--- a/x.py
+++ b/x.py
@@ -1,7 +1,7 @@
 line 1
-line 2
+line two
 line 3
-line 4
+line four
 line 5
 line 6
 line 7
@@ -15,6 +15,6 @@
 line 15
 line 16
 line 17
-line 18
+line eighteen
 line 19
 line 20
`);
  });

  test('a fix that adds or joins lines shifts the new line numbers of later hunks', () => {
    const fixes = [fix(0, 0, 6, 'line 1', 'a\nb'), fix(10, 0, 7, 'line 11\nline 12', 'joined', 11)];
    expect(applyFixes(text, fixes).split('\n').slice(0, 3)).toEqual(['a', 'b', 'line 2']);
    expect(unifiedDiff('x.py', text, fixes)).toBe(`--- a/x.py
+++ b/x.py
@@ -1,4 +1,5 @@
-line 1
+a
+b
 line 2
 line 3
 line 4
@@ -8,8 +9,7 @@
 line 8
 line 9
 line 10
-line 11
-line 12
+joined
 line 13
 line 14
 line 15
`);
  });
});
