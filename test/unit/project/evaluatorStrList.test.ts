import { expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

// Sixth real-project round (a Kedro 0.18.2 recommender): pipeline factories build their namespace with
// `"_".join(["prefix"] + parts)`, copy a list argument with `.copy()` and splice parameters into it with
// `inputs[1:1] = [...]`. Each was unknown: three KL909 notes and pipelines without those nodes.

const REGISTRY = `from kedro.pipeline import Pipeline, node, pipeline


def f(*args):
    return args


def modeling(dataset, model, comments=None):
    parts = [x for x in [dataset, model, comments] if x is not None]
    namespace = "_".join(["modeling"] + parts)
    upstream = "_".join(["prep"] + parts[::2])
    models = {"dgsr": Pipeline([node(f, "mapped", "graph", name="graph")])}
    return pipeline(pipe=models.get(model), inputs={"mapped": f"{upstream}.mapped"}, namespace=namespace)


def preprocessing(subsets):
    inputs = subsets.copy()
    inputs[1:1] = ["params:date_column", "params:item_column"]
    inputs[len(inputs):] = ["last"]
    return pipeline([node(f, inputs, "mapped", name="prep")], namespace="prep_hm")


def register_pipelines():
    return {"modeling": modeling(dataset="hm", model="dgsr"), "prep": preprocessing(subsets=["train", "test"])}
`;

test('str.join, list.copy() and slice assignment are evaluated', async () => {
  const { result } = await analyzeMemoryProject({
    'src/demo/pipeline_registry.py': REGISTRY,
    'conf/base/parameters.yml': 'prep_hm:\n  date_column: d\n  item_column: i\n',
  });
  expect(render(result, 'KL909')).toEqual([]);
  const model = result.projects[0]?.model;
  if (!model) throw new Error('no project');
  const nodes = (name: string) => model.registry.pipelines.get(name)?.pipeline.nodes.map((n) => ({ name: n.name, inputs: n.inputs.map((i) => i.name) }));
  expect(nodes('modeling')).toEqual([{ name: 'modeling_hm_dgsr.graph', inputs: ['prep_hm.mapped'] }]);
  expect(nodes('prep')).toEqual([
    { name: 'prep_hm.prep', inputs: ['prep_hm.train', 'params:prep_hm.date_column', 'params:prep_hm.item_column', 'prep_hm.test', 'prep_hm.last'] },
  ]);
});

test('a slice assignment with an unknown bound leaves the list unknown (KL909 once)', async () => {
  const { result } = await analyzeMemoryProject({
    'src/demo/pipeline_registry.py': REGISTRY.replace('inputs[1:1] =', 'inputs[int(os.environ["AT"]):1] =').replace('from kedro', 'import os\nfrom kedro'),
    'conf/base/parameters.yml': 'prep_hm:\n  date_column: d\n  item_column: i\n',
  });
  expect(render(result, 'KL909')).toEqual([
    'src/demo/pipeline_registry.py:21:22 KL909 This node inputs/outputs cannot be evaluated statically; checks that depend on it are skipped.',
  ]);
});
