import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject } from '../../helpers/analyze';

// Python the config-driven pipelines use to turn parameter values into dataset names.

const NODES = 'def f(x):\n    return x\n';

async function nodesOf(pipeline: string): Promise<string[]> {
  const { result } = await analyzeMemoryProject({ 'src/demo/pipelines/p/nodes.py': NODES, 'src/demo/pipelines/p/pipeline.py': pipeline });
  const p = result.projects[0]?.model.registry.pipelines.get('p')?.pipeline;
  if (!p) throw new Error('no pipeline');
  return [...p.nodes.map((n) => `${n.name}: ${n.inputs.map((i) => i.name).join(',')}${n.partial ? ' (partial)' : ''}`), ...(p.open.length ? ['(open)'] : [])];
}

describe('str methods, str(), isinstance()', () => {
  test('each evaluated as Python does on known values; others stay unknown', async () => {
    const pipeline = `import logging
from kedro.pipeline import Pipeline, node
from .nodes import f

logger = logging.getLogger(__name__)
VALUES = {"A_Name ": "input:table", "n": 1.5, "skip": None}


def pick(values):
    out = []
    for k, v in values.items():
        if isinstance(v, str) and v.startswith(("input:", "in:")):
            out.append(v[6:].replace("table", "tab") + "_" + str(k).strip().lower())
    return out


def create_pipeline(**kwargs):
    nodes = []
    for name in ["Raw_One", "raw_two", "other", "ÄB"]:
        if not name.lower().startswith("raw"):
            logger.info("skipped %s", name)
            continue
        nodes.append(node(f, [name.upper(), name.endswith("two") and "yes" or "no", *pick({name: "input:table"})], name.lower(), name=name.lower()))
    nodes.append(node(f, [str(7), str(True), str(None), *pick(VALUES)], "x", name="consts"))
    nodes.append(node(f, "ÄB".lower(), "y", name="non_ascii"))
    return Pipeline(nodes)
`;
    expect(await nodesOf(pipeline)).toEqual([
      'raw_one: RAW_ONE,no,tab_raw_one',
      'raw_two: RAW_TWO,yes,tab_raw_two',
      'consts: 7,True,None,tab_a_name',
      'non_ascii:  (partial)',
      // "ÄB".lower() is not computed: the loop's guard on it is not known, so the list stays open.
      '(open)',
    ]);
  });

  test('helpers a pipeline function calls keep their body, transitively within the module; others do not', async () => {
    const pipeline = `from kedro.pipeline import Pipeline, node
from .nodes import f


def strip_prefix(v):
    return v[3:]


def names_in(values):
    out = []
    for v in values:
        if v.startswith("in:"):
            out.append(strip_prefix(v))
    return out


def unused(values):
    out = []
    for v in values:
        out.append(strip_prefix(v))
    return out


def create_pipeline(**kwargs):
    return Pipeline([node(f, names_in(["in:a", "b", "in:c"]), "out", name="n")])
`;
    expect(await nodesOf(pipeline)).toEqual(['n: a,c']);
    const { result } = await analyzeMemoryProject({ 'src/demo/pipelines/p/nodes.py': NODES, 'src/demo/pipelines/p/pipeline.py': pipeline });
    const facts = result.projects[0]?.model.python.module('demo.pipelines.p.pipeline')?.facts;
    expect(facts?.functions.map((fn) => [fn.name, fn.body.length > 0])).toEqual([
      ['strip_prefix', true],
      ['names_in', true],
      ['unused', false],
      ['create_pipeline', true],
    ]);
  });
});
