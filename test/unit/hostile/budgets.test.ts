import { describe, expect, test } from 'vitest';
import { extractConfFacts } from '../../../server/src/parsing/yaml/confFacts';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

const range = (n: number): number[] => [...Array(n).keys()];
/** `l0` a list of `width` scalars, each next level a mapping of `width` aliases of the previous: width^(levels+1) nodes. */
const aliasBomb = (levels: number, width: number, map = true): string =>
  [`l0: &l0 [${range(width).map(() => 'x').join(', ')}]`, ...range(levels).map((i) => `l${i + 1}: &l${i + 1} ${map ? `{${range(width).map((k) => `k${k}: *l${i}`).join(', ')}}` : `[${range(width).map(() => `*l${i}`).join(', ')}]`}`)].join('\n') + '\n';

// What is asserted here is the outcome of each budget (the value unknown, one problem, the rest analysed); their time
// and memory on these inputs are measured in `npm run bench:hostile`, not in a timed test.
describe('YAML alias expansion is bounded per document', () => {
  test.each(['parameters', 'globals', 'catalog', 'credentials', 'other'] as const)('a %s file whose aliases expand past the budget is not read', (kind) => {
    const facts = extractConfFacts('file:///p/conf/base/x.yml', aliasBomb(7, 10), kind);
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

const pipelineFile = (body: string, nodes: string): Record<string, string> => ({
  'conf/base/catalog.yml': 'a:\n  type: pandas.CSVDataset\n  filepath: data/a.csv\n',
  'src/demo/pipelines/p/pipeline.py': `from kedro.pipeline import Node, Pipeline\n\ndef f(*a):\n    return a\n\n${body}\ndef create_pipeline(**kwargs):\n    return Pipeline(${nodes})\n`,
});

describe('the Python evaluator is bounded per pass: past a budget the value is unknown, one KL909, never a crash', () => {
  const BUDGET = /KL909 This expression \(past the analysis budget/;
  test.each([
    ['list doubling', pipelineFile(`def nodes():\n    l = [Node(f, "a", "b", name="n")]\n${'    l = l + l\n'.repeat(40)}    return l\n`, 'nodes()')],
    ['list doubling by +=, append and extend', pipelineFile(`def nodes():\n    l = [Node(f, "a", "b", name="n")]\n${'    l += l\n    l.extend(l)\n'.repeat(20)}    return l\n`, 'nodes()')],
    ['string doubling', pipelineFile(`def name():\n    s = "ab"\n${'    s = s + s\n'.repeat(40)}    return s\n`, '[Node(f, "a", "b", name=name())]')],
    ['triple comprehension over 200 literals', pipelineFile(`XS = [${[...Array(200).keys()].map((i) => `"x${i}"`).join(', ')}]\n`, '[Node(f, a + b + c, "o" + a + b + c, name="n" + a + b + c) for a in XS for b in XS for c in XS]')],
  ])('%s', async (_name, files) => {
    // A second pipeline: one hostile create_pipeline() spends its own budget, not the others'.
    const { result } = await analyzeMemoryProject({ ...files, 'src/demo/pipelines/q/pipeline.py': 'from kedro.pipeline import Node, Pipeline\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(len, "a", "q_out", name="q")])\n' });
    expect(render(result, 'KL909').filter((l) => BUDGET.test(l))).toHaveLength(1);
    expect(render(result, 'KL909').filter((l) => l.includes('pipeline_registry'))).toEqual([]);
    expect(result.projects[0]?.model.registry.pipelines.get('q')?.pipeline.nodes.map((n) => n.name)).toEqual(['q']);
  });

  test('helpers fanning out are memoised by argument values: the nodes are found, without a budget problem', async () => {
    // g0 → 4 × g1 → … → g7: 4^7 calls without memoisation; each level doubles nothing (sum of equal pipelines is one).
    const helpers = [...Array(7).keys()].map((i) => `def g${i}(x):\n    return Pipeline(${[...Array(4).keys()].map(() => `g${i + 1}(x)`).join(' + ')})\n`).join('\n');
    const { result } = await analyzeMemoryProject(pipelineFile(`${helpers}\ndef g7(x):\n    return Pipeline([Node(f, x, x + "_o", name=x)])\n`, 'g0("a")'));
    expect(render(result, 'KL909')).toEqual([]);
    expect(result.projects[0]?.model.registry.pipelines.get('p')?.pipeline.nodes.map((n) => n.name)).toEqual(['a']);
  });
});
