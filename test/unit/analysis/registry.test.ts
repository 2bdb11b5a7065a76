import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { renderDiagnosticsDoc } from '../../../server/src/analysis/docs';
import { RULES } from '../../../server/src/analysis/registry';

describe('rule registry', () => {
  test('codes are unique, well-formed and in order', () => {
    const codes = RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^KL\d{3}$/);
    expect([...codes].sort()).toEqual(codes);
  });

  test('docs/diagnostics.md is generated from the rules (npm run docs refreshes it)', () => {
    const rendered = renderDiagnosticsDoc(RULES);
    if (process.env['UPDATE_DOCS']) fs.writeFileSync('docs/diagnostics.md', rendered);
    expect(fs.readFileSync('docs/diagnostics.md', 'utf8')).toBe(rendered);
    for (const r of RULES) expect(rendered).toContain(`## ${r.code}`);
  });
});
