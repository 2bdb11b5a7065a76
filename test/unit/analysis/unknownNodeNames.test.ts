import { describe, expect, test } from 'vitest';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

// Nodes whose name comes from a value the analysis cannot compute render the same; Kedro keeps them apart when their
// names differ. They were merged into one in the model (a loop of 10 listed 1).
const pipeline = (body: string): string => `import random
from kedro.pipeline import Pipeline, Node

def f(x):
    return x

${body}
`;
const LOOP = pipeline(`def create_pipeline(**kwargs):
    nodes = []
    for i in range(10):
        nodes.append(Node(f, "a", "out", name=f"n_{random.random()}"))
    return Pipeline(nodes)`);

const analyze = (pipe: string, registry?: string) =>
  analyzeMemoryProject({
    'requirements.txt': 'kedro==1.0.0\n',
    'src/demo/pipelines/p/pipeline.py': pipe,
    ...(registry ? { 'src/demo/pipeline_registry.py': registry } : {}),
  });

describe('nodes with names not known statically', () => {
  test('a loop of 10 lists 10 nodes, each marked, and no duplicate name or output is reported', async () => {
    const { result } = await analyze(LOOP);
    const json = projectJson(result.projects[0]!.model);
    const names = json.nodes.map((n) => n.name);
    expect(names).toHaveLength(10);
    expect(json.nodes.every((n) => n.nameUncertain)).toBe(true);
    expect(names[0]).toMatch(/^f__[0-9a-f]{8} \(name not exactly known, 1 of 10\)$/);
    expect(names[9]).toMatch(/ \(name not exactly known, 10 of 10\)$/);
    expect(new Set(names).size).toBe(10);
    expect(json.pipelines.find((p) => p.name === 'p')?.nodes).toEqual(names);
    expect(json.datasets.find((d) => d.name === 'out')?.producers).toEqual(names);
    // Kedro may merge them (the same name after all) or refuse ten writers of `out`: not known, not reported.
    expect(render(result).filter((l) => / KL01[02] /.test(l))).toEqual([]);
  });

  test('a known name with outputs not known: one node per evaluation, no KL012', async () => {
    const { result } = await analyze(pipeline(`def create_pipeline(**kwargs):
    return Pipeline([Node(f, "a", f"out_{random.random()}", name="same") for i in range(3)])`));
    const json = projectJson(result.projects[0]!.model);
    expect(json.nodes.map((n) => n.name)).toEqual(['same (name not exactly known, 1 of 3)', 'same (name not exactly known, 2 of 3)', 'same (name not exactly known, 3 of 3)']);
    expect(render(result, 'KL012')).toEqual([]);
  });

  test('one pipeline in two registry entries, or added to itself, is still one set of nodes', async () => {
    const registry = `from kedro.pipeline import Pipeline
from demo.pipelines.p.pipeline import create_pipeline

def register_pipelines():
    p = create_pipeline()
    return {"p": p, "twice": p + p, "__default__": p + create_pipeline()}
`;
    const { result } = await analyze(LOOP, registry);
    const json = projectJson(result.projects[0]!.model);
    expect(json.nodes).toHaveLength(10);
    expect(json.pipelines.map((p) => [p.name, p.nodes.length])).toEqual([['p', 10], ['twice', 10], ['__default__', 10]]);
  });

  test('nodes with known names are merged as Kedro merges them', async () => {
    const { result } = await analyze(pipeline(`def create_pipeline(**kwargs):
    one = Node(f, "a", "b", name="one")
    return Pipeline([one]) + Pipeline([Node(f, "a", "b", name="one")]) + Pipeline([Node(f, "b", "c", name=f"n_{i}") for i in range(3)])`));
    expect(projectJson(result.projects[0]!.model).nodes.map((n) => n.name)).toEqual(['one', 'n_0', 'n_1', 'n_2']);
    expect(render(result, 'KL012')).toEqual([]);
  });
});

test('a pipeline kept from the last pass and one built again from the same evaluation still share its nodes', async () => {
  // a and b both return helpers.SHARED; after an edit to b only, a comes from the call cache and SHARED is evaluated
  // again for b: its nodes are the same evaluation, one set of nodes as in a fresh analysis.
  const HELPER = pipeline(`def helper(tag):
    return Pipeline([Node(f, "a", f"{tag}_out", name=f"n_{random.random()}") for i in range(3)])

SHARED = helper("x")`);
  const files: Record<string, string> = {
    'requirements.txt': 'kedro==1.0.0\n',
    'src/demo/helpers.py': HELPER,
    'src/demo/pipelines/a/pipeline.py': 'from demo.helpers import SHARED\n\ndef create_pipeline(**kwargs):\n    return SHARED\n',
    'src/demo/pipelines/b/pipeline.py': 'from demo.helpers import SHARED\n\ndef create_pipeline(**kwargs):\n    return SHARED\n',
  };
  const shape = (r: Awaited<ReturnType<typeof analyze>>['result'] | undefined) => {
    const json = projectJson(r!.projects[0]!.model);
    return [json.nodes.length, json.pipelines.map((p) => `${p.name}:${p.nodes.length}`)];
  };
  const { result, host, ws } = await analyzeMemoryProject(files);
  expect(shape(result)).toEqual([3, ['a:3', 'b:3', '__default__:3']]);
  const edited = files['src/demo/pipelines/b/pipeline.py']!.replace('return', '# edited\n    return');
  host.set('src/demo/pipelines/b/pipeline.py', edited);
  expect(shape(await ws.analyze())).toEqual([3, ['a:3', 'b:3', '__default__:3']]);
  expect(shape((await analyzeMemoryProject({ ...files, 'src/demo/pipelines/b/pipeline.py': edited })).result)).toEqual([3, ['a:3', 'b:3', '__default__:3']]);
  // Two calls of the helper are two evaluations: Kedro has 6 nodes if the names differ (and then refuses 6 writers of
  // x_out, which is not reported: the names are not known).
  const twice = await analyzeMemoryProject({ ...files, 'src/demo/pipelines/b/pipeline.py': 'from demo.helpers import helper\n\ndef create_pipeline(**kwargs):\n    return helper("x")\n' });
  expect(shape(twice.result)).toEqual([6, ['a:3', 'b:3', '__default__:6']]);
  expect(render(twice.result).filter((l) => / KL01[02] /.test(l))).toEqual([]);
});
