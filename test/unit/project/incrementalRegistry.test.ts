import { describe, expect, test } from 'vitest';
import { projectJson } from '../../../server/src/features/pipelineModel';
import type { WorkspaceAnalysis } from '../../../server/src/analysis/workspace';
import { analyzeMemoryProject, editAndAnalyze, ROOT } from '../../helpers/analyze';

const NODES = 'def f(x):\n    return x\n\ndef g(x: int) -> int:\n    return x\n';
const pipelineA = (input: string) =>
  `from kedro.pipeline import Pipeline, node\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(f, "${input}", "a_out", name="a_node")])\n`;
// b reads a constant and a helper from other modules: editing either must re-evaluate b (and only b).
const PIPELINE_B =
  'from kedro.pipeline import Pipeline, node, pipeline\nfrom demo.shared import PREFIX\nfrom demo.helpers import make\n\n' +
  'def create_pipeline(**kwargs):\n    return pipeline(Pipeline([make(PREFIX), node(lambda x: x, "a_out", "b_out", name="b_node")]), namespace="ns", inputs={"a_out"})\n';
const HELPERS = 'from kedro.pipeline import node\nfrom demo.pipelines.a.nodes import g\n\ndef make(prefix):\n    return node(g, f"{prefix}_in", f"{prefix}_mid", name=f"{prefix}_node")\n';

const files = (): Record<string, string> => ({
  'src/demo/pipelines/a/nodes.py': NODES,
  'src/demo/pipelines/a/pipeline.py': pipelineA('raw'),
  'src/demo/pipelines/b/pipeline.py': PIPELINE_B,
  'src/demo/shared.py': 'PREFIX = "one"\n',
  'src/demo/helpers.py': HELPERS,
  'conf/base/catalog.yml': 'raw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\n',
});

/** Everything a user sees from the registry: the tree model and the problems. */
function snapshot(r: WorkspaceAnalysis | undefined, root = ROOT): unknown {
  const p = r?.projects[0];
  if (!p) throw new Error('no project');
  const s = { json: projectJson(p.model), problems: p.problems.map((x) => `${x.code} ${x.loc.uri}:${x.loc.span.start.line} ${x.message}`).sort() };
  return JSON.parse(JSON.stringify(s).replaceAll(root, 'ROOT'));
}

/** The same files analysed from scratch: a new workspace (same root) keeps nothing of another's. */
async function fresh(current: Record<string, string>): Promise<unknown> {
  return snapshot((await analyzeMemoryProject(current)).result, ROOT);
}

const nodeNamed = (r: WorkspaceAnalysis | undefined, name: string) => r?.projects[0]?.model.nodes.find((n) => n.name === name);

describe('incremental pipeline registry', () => {
  test('after each edit the result equals a fresh analysis, and untouched create_pipeline() results keep their nodes', async () => {
    const current = files();
    const { result, host, ws } = await analyzeMemoryProject(current);
    let before: WorkspaceAnalysis | undefined = result;
    expect(snapshot(before)).toEqual(await fresh(current));
    expect(nodeNamed(before, 'ns.one_node')?.inputs.map((r) => r.name)).toEqual(['ns.one_in']);

    const edits: [string, string | undefined, { kept: string[]; renewed: string[] }][] = [
      // a's own file: b's nodes are reused as they were.
      ['src/demo/pipelines/a/pipeline.py', pipelineA('raw_typo'), { kept: ['ns.b_node', 'ns.one_node'], renewed: ['a_node'] }],
      // a constant b imports: only b is evaluated again.
      ['src/demo/shared.py', 'PREFIX = "two"\n', { kept: ['a_node'], renewed: ['ns.b_node'] }],
      // the helper module b calls.
      ['src/demo/helpers.py', HELPERS.replace('_mid', '_middle'), { kept: ['a_node'], renewed: ['ns.b_node'] }],
      // a's node functions (annotations feed type rules): both read nodes.py (b through helpers).
      ['src/demo/pipelines/a/nodes.py', NODES.replace('x: int', 'x: str'), { kept: [], renewed: ['a_node', 'ns.b_node'] }],
      // a module b imports disappears, then comes back.
      ['src/demo/shared.py', undefined, { kept: ['a_node'], renewed: ['ns.b_node'] }],
      ['src/demo/shared.py', 'PREFIX = "three"\n', { kept: ['a_node'], renewed: ['ns.b_node'] }],
      // the catalog only: every node object stays.
      ['conf/base/catalog.yml', 'raw_typo:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\n', { kept: ['a_node', 'ns.b_node'], renewed: [] }],
    ];
    for (const [rel, text, { kept, renewed }] of edits) {
      const after = await editAndAnalyze({ current, host, ws }, rel, text);
      expect(snapshot(after), `after editing ${rel}`).toEqual(await fresh(current));
      for (const name of kept) expect(nodeNamed(after, name), `${name} kept after ${rel}`).toBe(nodeNamed(before, name));
      for (const name of renewed) expect(nodeNamed(after, name), `${name} renewed after ${rel}`).not.toBe(nodeNamed(before, name));
      before = after;
    }
  });
});
