import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { RULES } from '../../../server/src/analysis/registry';

describe('rule registry', () => {
  test('codes are unique, well-formed and in order', () => {
    const codes = RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^KL\d{3}$/);
    expect([...codes].sort()).toEqual(codes);
  });

  test('every rule has a docs page that starts with its code, name and summary', () => {
    for (const r of RULES) {
      const page = fs.readFileSync(`docs/rules/${r.code}.md`, 'utf8');
      expect(page.split('\n')[0]).toBe(`# ${r.code} ${r.name}`);
      expect(page).toContain(r.summary);
    }
  });
});
