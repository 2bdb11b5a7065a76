import { describe, expect, test } from 'vitest';
import { completionsAt } from '../../../server/src/features/completion';
import { extractConfFacts } from '../../../server/src/parsing/yaml/confFacts';
import { analyzeMemoryProject } from '../../helpers/analyze';

// Issue 19: every range returned lies inside the document the request was made on.
describe('ranges stay inside the text', () => {
  test('completion past the line end replaces at the line end (the range ended past it)', async () => {
    const catalog = 'x:\n  ';
    const { result, host } = await analyzeMemoryProject({ 'conf/base/catalog.yml': catalog });
    const items = completionsAt(result.projects[0]!.model, host.uri('conf/base/catalog.yml'), catalog, { line: 1, character: 5 });
    expect(items.map((i) => i.label)).toContain('type');
    expect(new Set(items.map((i) => JSON.stringify(i.range)))).toEqual(new Set([JSON.stringify({ start: { line: 1, character: 2 }, end: { line: 1, character: 2 } })]));
  });

  test('a YAML error at a CRLF line end ends before the \\r (it ended between \\r and \\n)', () => {
    const f = extractConfFacts('file:///c.yml', '[?\r\n', 'catalog');
    expect(f.problems.map((p) => [p.message, p.span])).toEqual([
      ['Flow sequence must end with a ]', { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }],
      ['Expected a mapping at the top level of this config file.', { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }],
    ]);
  });
});
