import { describe, expect, test } from 'vitest';
import { extractConfFacts } from '../../../server/src/parsing/yaml/confFacts';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

const range = (n: number): number[] => [...Array(n).keys()];
/** `l0` a list of `width` scalars, each next level a mapping of `width` aliases of the previous: width^(levels+1) nodes. */
const aliasBomb = (levels: number, width: number, map = true): string =>
  [`l0: &l0 [${range(width).map(() => 'x').join(', ')}]`, ...range(levels).map((i) => `l${i + 1}: &l${i + 1} ${map ? `{${range(width).map((k) => `k${k}: *l${i}`).join(', ')}}` : `[${range(width).map(() => `*l${i}`).join(', ')}]`}`)].join('\n') + '\n';

describe('YAML alias expansion is bounded per document', () => {
  test.each(['parameters', 'globals', 'catalog', 'credentials', 'other'] as const)('a %s file whose aliases expand past the budget is not read', (kind) => {
    const t0 = Date.now();
    const facts = extractConfFacts('file:///p/conf/base/x.yml', aliasBomb(7, 10), kind);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(facts.unread).toMatch(/over 100,000 nodes/);
    expect(facts.params).toEqual([]);
  });

  test('merge keys and sequences of aliases count too; a self-containing structure is not read', () => {
    const merges = ['a0: &a0 {x0: 1, x1: 2, x2: 3, x3: 4, x4: 5, x5: 6, x6: 7, x7: 8, x8: 9, x9: 10}', ...range(6).map((i) => `a${i + 1}: &a${i + 1} {${range(10).map((k) => `m${k}: {<<: *a${i}}`).join(', ')}}`)].join('\n');
    expect(extractConfFacts('file:///p/c.yml', merges, 'catalog').unread).toBeDefined();
    expect(extractConfFacts('file:///p/c.yml', aliasBomb(7, 10, false), 'catalog').unread).toBeDefined();
    expect(extractConfFacts('file:///p/c.yml', 'a: &a [1, *a]\n', 'parameters').unread).toMatch(/contains itself/);
  });

  test('ordinary anchors are read as before', () => {
    const facts = extractConfFacts('file:///p/c.yml', aliasBomb(2, 10), 'parameters');
    expect(facts.unread).toBeUndefined();
    expect(facts.params.length).toBeGreaterThan(100);
  });

  test('one clear KL909 at the file, the rest of the project analysed', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/parameters.yml': aliasBomb(7, 10),
      'conf/base/catalog.yml': 'a:\n  type: pandas.CSVDataset\n  filepath: data/a.csv\n',
      'src/demo/pipelines/p/pipeline.py': 'from kedro.pipeline import Node, Pipeline\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(len, "a", "a", name="n")])\n',
    });
    expect(render(result, 'KL909')).toEqual(['conf/base/parameters.yml:1:1 KL909 This parameters file is too large once its aliases are expanded (over 100,000 nodes); it is not analysed, and checks of what it defines are skipped.']);
    expect(render(result, 'KL023')).toHaveLength(1);
  });
});
