import { describe, expect, test } from 'vitest';
import { formatProblems, statistics } from '../../../server/src/cli/report';
import type { Problem } from '../../../server/src/core/types';
import { spanOf } from '../../../server/src/core/types';
import { parseXml } from '../../helpers/xml';

const CWD = '/proj';
const at = (file: string, line: number, col: number, code: string, message: string, severity: Problem['severity'] = 'error'): Problem => ({
  code,
  severity,
  message,
  loc: { uri: `file://${file}`, span: spanOf(line, col, line, col + 3) },
});

// A path with ',' and ':' (property separators) and a message with '%', CR/LF and XML specials.
const HOSTILE = [at('/proj/a,b:c.py', 0, 4, 'KL001', "100% <bad> & \"x\" 'y'\r\nnext"), at('/proj/z.yml', 2, 0, 'KL110', 'unused', 'hint')];

describe('CI report formats', () => {
  test('github: workflow commands with data and property escaping as actions/toolkit does', () => {
    expect(formatProblems(HOSTILE, 'github', CWD)).toBe(
      '::error file=a%2Cb%3Ac.py,line=1,col=5,endLine=1,endColumn=8,title=KL001::100%25 <bad> & "x" \'y\'%0D%0Anext\n' +
        '::notice file=z.yml,line=3,col=1,endLine=3,endColumn=4,title=KL110::unused\n',
    );
  });

  test('gitlab: Code Quality fields; fingerprints ignore the line and tell identical findings apart', () => {
    const twice = [at('/proj/p.py', 1, 0, 'KL001', 'same'), at('/proj/p.py', 5, 0, 'KL001', 'same')];
    const moved = [at('/proj/p.py', 9, 0, 'KL001', 'same')];
    const a = JSON.parse(formatProblems(twice, 'gitlab', CWD)) as { fingerprint: string; location: unknown; severity: string }[];
    const b = JSON.parse(formatProblems(moved, 'gitlab', CWD)) as { fingerprint: string }[];
    expect(a[0]?.fingerprint).not.toBe(a[1]?.fingerprint);
    expect(b[0]?.fingerprint).toBe(a[0]?.fingerprint);
    expect(a[1]).toMatchObject({ severity: 'major', location: { path: 'p.py', lines: { begin: 6 } } });
    const sev = JSON.parse(formatProblems([at('/proj/p.py', 0, 0, 'KL1', 'm', 'warning'), at('/proj/p.py', 0, 0, 'KL2', 'm', 'information')], 'gitlab', CWD)) as { severity: string }[];
    expect(sev.map((x) => x.severity)).toEqual(['minor', 'info']);
  });

  test('junit: escaped XML that parses back to the messages', () => {
    const out = formatProblems(HOSTILE, 'junit', CWD);
    const failures = parseXml(out).filter((e) => e.name === 'failure');
    expect(failures.map((f) => f.attributes['message'])).toEqual(["100% <bad> & \"x\" 'y'\r\nnext", 'unused']);
    expect(failures[0]?.text).toBe("a,b:c.py:1:5 error KL001 100% <bad> & \"x\" 'y'\r\nnext");
    expect(parseXml(formatProblems([], 'junit', CWD)).map((e) => e.name)).toEqual(['testsuites']);
    // A control character XML cannot carry is replaced, so the report still parses.
    expect(() => parseXml(formatProblems([at('/proj/p.py', 0, 0, 'KL1', 'bell\u0007')], 'junit', CWD))).not.toThrow();
  });

  test('statistics: counts per code, most frequent first', () => {
    expect(statistics([...HOSTILE, at('/proj/q.py', 0, 0, 'KL001', 'x')])).toBe('2 KL001 dataset-not-found\n1 KL110 unused-catalog-entry\n');
    expect(statistics([])).toBe('');
  });
});
