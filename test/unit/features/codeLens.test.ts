import { describe, expect, test } from 'vitest';
import { codeLensesFor } from '../../../server/src/features/codeLens';
import { analyzeMemoryProject } from '../../helpers/analyze';

/** A module with `n` node calls in one pipeline. */
const module = (n: number): string =>
  `from kedro.pipeline import Pipeline, Node\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return Pipeline([\n${Array.from({ length: n }, (_, i) => `        Node(f, "d${i}", "d${i + 1}", name="n${i}"),\n`).join('')}    ])\n`;

async function lenses(n: number, source = module(n)) {
  const { result, host } = await analyzeMemoryProject({
    'conf/base/catalog.yml': 'd0:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/d0.csv\n',
    'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
    'src/demo/pipelines/p/pipeline.py': source,
  });
  const model = result.projects[0]!.model;
  const uri = host.uri('src/demo/pipelines/p/pipeline.py');
  const titles = (setting?: Parameters<typeof codeLensesFor>[2]) => codeLensesFor(model, uri, setting).map((l) => l.title);
  return Object.assign(titles, { runs: () => codeLensesFor(model, uri).filter((l) => l.title.includes('▶ Run')).map((l) => [l.title, l.call.arguments]) });
}

describe('kedro.codeLens', () => {
  test('auto: every lens in a small module', async () => {
    const titles = await lenses(2);
    expect(titles()).toEqual(['▶ Run pipeline p', '▶ Run n0', 'Debug', 'Reveal in Kedro view', '▶ Run with upstream (2 nodes)', 'Debug', 'Reveal in Kedro view']);
    expect(titles('pipelines')).toEqual(['▶ Run pipeline p']);
    expect(titles('off')).toEqual([]);
  });

  test('auto: pipeline lenses only above 50 node calls; all keeps them; off has none', async () => {
    const titles = await lenses(51);
    expect(titles('auto')).toEqual(['▶ Run pipeline p']);
    expect(titles('all')).toHaveLength(1 + 51 * 3);
    expect(titles('off')).toEqual([]);
  });

  test('no Run or Debug lens for a node name Kedro rejects (KL022): a control character would reach the terminal', async () => {
    const titles = await lenses(0, module(1).replace('name="n0"', 'name="n0\\x15rm"'));
    expect(titles()).toEqual(['▶ Run pipeline p', 'Reveal in Kedro view']);
  });

  test('a template pipeline under two namespaces: each instance has its lenses, each group saying whose it is', async () => {
    const source = `from kedro.pipeline import node, pipeline\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    base = pipeline([\n        node(f, "d0", "m", name="a"),\n        node(f, "m", "out", name="b"),\n    ])\n    return pipeline(base, namespace="x", inputs="d0") + pipeline(base, namespace="y", inputs="d0")\n`;
    const titles = await lenses(0, source);
    expect(titles()).toEqual([
      '▶ Run pipeline p',
      'x: ▶ Run', 'Debug', 'Reveal in Kedro view', 'y: ▶ Run', 'Debug', 'Reveal in Kedro view',
      'x: ▶ Run with upstream (2 nodes)', 'Debug', 'Reveal in Kedro view', 'y: ▶ Run with upstream (2 nodes)', 'Debug', 'Reveal in Kedro view',
    ]);
    // The short titles still run each instance's own node.
    const r = 'file:///proj';
    expect(titles.runs()).toEqual([
      ['▶ Run pipeline p', [{ rootUri: r, name: 'p' }]],
      ['x: ▶ Run', [{ rootUri: r, name: 'x.a' }]],
      ['y: ▶ Run', [{ rootUri: r, name: 'y.a' }]],
      ['x: ▶ Run with upstream (2 nodes)', [{ rootUri: r, name: 'x.b', nodes: ['x.a', 'x.b'] }]],
      ['y: ▶ Run with upstream (2 nodes)', [{ rootUri: r, name: 'y.b', nodes: ['y.a', 'y.b'] }]],
    ]);
  });
});
