import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';
import { prechecksOf } from '../../../server/src/analysis/pipelines';
import { coversAllNodes } from '../../../server/src/project/model';
import type { ResolvedNode } from '../../../server/src/project/pipelines/types';
import { annotationArity } from '../../../server/src/analysis/rules/kl021NodeOutputs';

const NODES = `import pandas as pd

def f(a):
    return a

def two(a, b):
    return a, b

def kw(a, *, b):
    return a

def posonly(a, /, b=1):
    return a

def many(*args, **kwargs):
    return args

def split(df) -> tuple[pd.DataFrame, pd.DataFrame]:
    return df, df

def single(df) -> pd.DataFrame:
    return df

def pairs(df):
    if df:
        return 1, 2
    return 3, 4

def named(df):
    return {"train": df, "test": df}

def side_effect(df):
    return df.sum()

def split_mislabelled(df) -> pd.DataFrame:
    return df, df

def gen(df):
    yield df

def paren_pair(df) -> (pd.DataFrame, dict):
    return fit(df)
`;

const CATALOG = 'raw:\n  type: pandas.CSVDataset\n  filepath: raw.csv\nraw2:\n  type: pandas.CSVDataset\n  filepath: raw2.csv\n';

const project = (body: string, extra: Record<string, string> = {}) =>
  analyzeMemoryProject({
    'conf/base/catalog.yml': CATALOG,
    'conf/base/parameters.yml': 'p: 1\n',
    'src/demo/pipelines/p/nodes.py': NODES,
    'src/demo/pipelines/p/pipeline.py': `from kedro.pipeline import Pipeline, Node
from .nodes import *
from .nodes import f, two, kw, posonly, many, split, single, pairs, named, side_effect, gen, split_mislabelled, paren_pair

def create_pipeline(**kwargs):
    return Pipeline([
${body}
    ])
`,
    ...extra,
  });

const lines = async (body: string, code: string, extra: Record<string, string> = {}) => render((await project(body, extra)).result, code);

describe('KL020 node-inputs-signature', () => {
  test('too many (at the first extra input), too few, keyword-only, unknown dict key and positional-only by name (at the key)', async () => {
    expect(
      await lines(
        `        Node(f, ["raw", "raw2"], "o1"),
        Node(two, "raw", "o2"),
        Node(kw, ["raw"], "o3"),
        Node(two, {"a": "raw", "c": "raw2"}, "o4"),
        Node(posonly, {"a": "raw"}, "o5"),`,
        'KL020',
      ),
    ).toEqual([
      "src/demo/pipelines/p/pipeline.py:10:33 KL020 Inputs of 'two' expected [a, b], but got {'a': 'raw', 'c': 'raw2'}: 'c' is not a parameter of two().",
      "src/demo/pipelines/p/pipeline.py:11:25 KL020 Inputs of 'posonly' expected [a, b], but got {'a': 'raw'}: 'a' is positional-only and cannot be passed by name.",
      "src/demo/pipelines/p/pipeline.py:7:26 KL020 Inputs of 'f' expected [a], but got ['raw', 'raw2']: 2 inputs for 1 positional parameter.",
      "src/demo/pipelines/p/pipeline.py:8:20 KL020 Inputs of 'two' expected [a, b], but got ['raw']: missing 'b'.",
      "src/demo/pipelines/p/pipeline.py:9:20 KL020 Inputs of 'kw' expected [a, b], but got ['raw']: keyword-only 'b' cannot be filled by positional inputs; use dict inputs.",
    ]);
  });

  test('valid bindings: defaults, *args/**kwargs, dict with keyword-only, params', async () => {
    expect(
      await lines(
        `        Node(posonly, "raw", "o1"),
        Node(many, ["raw", "raw2", "params:p"], "o2"),
        Node(many, {"x": "raw"}, "o3"),
        Node(kw, {"a": "raw", "b": "raw2"}, "o4"),
        Node(two, ["raw", "params:p"], "o5"),`,
        'KL020',
      ),
    ).toEqual([]);
  });
});

describe('KL021 node-outputs-mismatch', () => {
  test('tuple annotation, single annotation, return literals, dict keys, outputs=None', async () => {
    expect(
      await lines(
        `        Node(split, "raw", ["a", "b", "c"]),
        Node(single, "raw", ["d", "e"]),
        Node(pairs, "raw", ["f1", "g", "h"]),
        Node(named, "raw", {"train": "i", "valid": "j"}),
        Node(side_effect, "raw2", None),`,
        'KL021',
        { 'requirements.txt': 'kedro>=1.3\n' },
      ),
    ).toEqual([
      "src/demo/pipelines/p/pipeline.py:10:39 KL021 'named' returns a dict with keys {test, train}, but the node's outputs have keys {train, valid}.",
      "src/demo/pipelines/p/pipeline.py:11:14 KL021 'side_effect' returns a value but the node has outputs=None; Kedro warns and discards it.",
      "src/demo/pipelines/p/pipeline.py:7:30 KL021 'split' returns 2 values, but the node lists 3 outputs.",
      "src/demo/pipelines/p/pipeline.py:8:31 KL021 'single' is annotated to return a single pd.DataFrame, but the node lists 2 outputs.",
      "src/demo/pipelines/p/pipeline.py:9:30 KL021 'pairs' returns 2 values, but the node lists 3 outputs.",
    ]);
  });

  test('returns that all match the outputs win over the annotation: a hint, no error', async () => {
    const { result } = await project(`        Node(split_mislabelled, "raw", ["a", "b"]),
        Node(split, "raw2", ["c", "d", "e"]),`);
    expect(render(result, 'KL021')).toEqual([
      "src/demo/pipelines/p/pipeline.py:7:42 KL021 'split_mislabelled' is annotated to return a single pd.DataFrame, but every return gives the 2 values the node lists; the annotation is what is wrong.",
      "src/demo/pipelines/p/pipeline.py:8:31 KL021 'split' returns 2 values, but the node lists 3 outputs.",
    ]);
    const severities = result.projects[0]?.problems.filter((p) => p.code === 'KL021').map((p) => p.severity);
    expect(severities?.sort()).toEqual(['error', 'hint']);
  });

  test('a tuple expression as return annotation, `-> (A, B)`, counts as a pair, not as one value', async () => {
    expect(
      await lines(
        `        Node(paren_pair, "raw", ["a", "b"]),
        Node(paren_pair, "raw2", ["c", "d", "e"]),`,
        'KL021',
      ),
    ).toEqual(["src/demo/pipelines/p/pipeline.py:8:36 KL021 'paren_pair' is annotated to return 2 values ((pd.DataFrame, dict)), but the node lists 3 outputs."]);
    expect(annotationArity('(pd.DataFrame)')).toEqual({ kind: 'single' });
    expect(annotationArity('(pd.DataFrame,)')).toEqual({ kind: 'tuple', length: 1 });
    expect(annotationArity('(Any, Dict[str, int], list)')).toEqual({ kind: 'tuple', length: 3 });
    expect(annotationArity('()')).toBeUndefined();
  });

  test('outputs=None on a returning function: a warning only when the range is always Kedro 1.3+', async () => {
    const body = `        Node(side_effect, "raw", None),`;
    expect(render((await project(body, { 'requirements.txt': 'kedro>=1.3,<2\n' })).result, 'KL021')).toEqual([
      "src/demo/pipelines/p/pipeline.py:7:14 KL021 'side_effect' returns a value but the node has outputs=None; Kedro warns and discards it.",
    ]);
    expect(render((await project(body, { 'requirements.txt': 'kedro==1.2.0\n' })).result, 'KL021')).toEqual([]);
    expect(render((await project(body, { 'requirements.txt': 'kedro~=0.19.15\n' })).result, 'KL021')).toEqual([]);
  });

  test('matching outputs and generators are fine', async () => {
    expect(
      await lines(
        `        Node(split, "raw", ["a", "b"]),
        Node(pairs, "raw2", ["c", "d"]),
        Node(named, "a", {"train": "e", "test": "g"}),
        Node(gen, "b", ["h", "i", "j"]),`,
        'KL021',
      ),
    ).toEqual([]);
  });
});

describe('KL023 transcoded input and output per Kedro release', () => {
  const body = `        Node(f, "y@spark", "y@pandas", name="c"),
        Node(f, "raw", "raw", name="d"),`;
  test('from 0.19.4 the transcoding suffix is stripped', async () => {
    expect(render((await project(body, { 'requirements.txt': 'kedro==0.19.4\n' })).result, 'KL023')).toEqual([
      "src/demo/pipelines/p/pipeline.py:7:29 KL023 Node 'c' reads and writes 'y'; a node cannot have the same inputs and outputs.",
      "src/demo/pipelines/p/pipeline.py:8:25 KL023 Node 'd' reads and writes 'raw'; a node cannot have the same inputs and outputs.",
    ]);
  });
  test('before 0.19.4 (or a range spanning it) only identical full names conflict', async () => {
    for (const pin of ['kedro==0.18.14\n', 'kedro~=0.19.0\n']) {
      expect(render((await project(body, { 'requirements.txt': pin })).result, 'KL023')).toEqual([
        "src/demo/pipelines/p/pipeline.py:8:25 KL023 Node 'd' reads and writes 'raw'; a node cannot have the same inputs and outputs.",
      ]);
    }
  });
});

describe('pipeline-level rules', () => {
  test('KL010 duplicate output, KL012 duplicate name, KL023 io conflict, KL014 params output, KL022 bad name', async () => {
    const { result } = await project(`        Node(f, "raw", "table", name="a"),
        Node(f, "raw2", "table@pandas", name="b"),
        Node(f, "table@pandas", "x", name="a"),
        Node(f, "y@spark", "y@pandas", name="c"),
        Node(f, "raw", "params:p", name="bad name"),`);
    expect(render(result).filter((l) => /KL01[0-4]|KL02[23]/.test(l))).toEqual([
      "src/demo/pipelines/p/pipeline.py:10:29 KL023 Node 'c' reads and writes 'y'; a node cannot have the same inputs and outputs.",
      "src/demo/pipelines/p/pipeline.py:11:25 KL014 Node 'bad name' writes 'params:p', which overwrites a parameter in memory instead of saving a dataset.",
      "src/demo/pipelines/p/pipeline.py:11:42 KL022 'bad name' is not a valid node name: use only letters, digits, '_', '-' and '.'.",
      "src/demo/pipelines/p/pipeline.py:7:25 KL013 'table' is used with a transcoding suffix elsewhere in pipeline 'p'; reference it as 'table@<format>' here too.",
      "src/demo/pipelines/p/pipeline.py:8:26 KL010 Dataset 'table' is already written by node 'a'; node outputs must be unique.",
      "src/demo/pipelines/p/pipeline.py:9:44 KL012 Node name 'a' is used by another node of pipeline 'p'; node names must be unique.",
    ]);
  });

  test('KL011 shows the cycle path in data-flow order', async () => {
    expect(await lines(`        Node(f, "features", "clean", name="clean_node"),\n        Node(f, "clean", "features", name="featurise"),`, 'KL011')).toEqual([
      "src/demo/pipelines/p/pipeline.py:7:44 KL011 Circular dependency: clean_node --clean--> featurise --features--> clean_node.",
    ]);
  });

  test('KL013 bare name next to a transcoded one', async () => {
    expect(await lines(`        Node(f, "raw", "orders@pandas"),\n        Node(f, "orders", "report"),`, 'KL013')).toEqual([
      "src/demo/pipelines/p/pipeline.py:8:18 KL013 'orders' is used with a transcoding suffix elsewhere in pipeline 'p'; reference it as 'orders@<format>' here too.",
    ]);
  });

  test('a cycle or a duplicate across pipelines never run together is not reported (the whole-project precheck only narrows)', async () => {
    const pipeline = (body: string) => `from kedro.pipeline import Pipeline, Node\nfrom demo.pipelines.p.nodes import f\ndef create_pipeline(**kwargs):\n    return Pipeline([${body}])\n`;
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/p/nodes.py': NODES,
      'src/demo/pipelines/p/pipeline.py': pipeline('Node(f, "features", "clean", name="n1"), Node(f, "raw", "table", name="t1")'),
      'src/demo/pipelines/q/pipeline.py': pipeline('Node(f, "clean", "features", name="n2"), Node(f, "raw", "table", name="t2")'),
      // No __default__ sum: p and q are only ever run on their own.
      'src/demo/pipeline_registry.py': 'from kedro.framework.project import find_pipelines\n\ndef register_pipelines():\n    return find_pipelines()\n',
    });
    expect(render(result).filter((l) => /KL01[0-3]/.test(l))).toEqual([]);
    // The union of all nodes has the cycle (features → clean → features) and the duplicate writer of 'table'.
    const model = result.projects[0]?.model;
    expect(model && prechecksOf(model)).toEqual({ duplicateOutputs: true, duplicateNames: false, transcoding: false, cycle: true });
    // find_pipelines() registers an empty __default__ of its own.
    expect([...(result.projects[0]?.model.registry.pipelines.values() ?? [])].map((p) => [p.name, p.pipeline.nodes.length])).toEqual([
      ['__default__', 0],
      ['p', 2],
      ['q', 2],
    ]);
  });

  test('the whole-project precheck finds nothing in a chain of nodes', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/p/nodes.py': NODES,
      'src/demo/pipelines/p/pipeline.py': `from kedro.pipeline import Pipeline, Node\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(f, "b", "c", name="n2"), Node(f, "raw", "b", name="n1"), Node(f, "c", "d", name="n3")])\n`,
    });
    const model = result.projects[0]?.model;
    expect(model && prechecksOf(model)).toEqual({ duplicateOutputs: false, duplicateNames: false, transcoding: false, cycle: false });
  });

  test('the cycle precheck on a dense graph (more edges than nodes), with and without a cycle', async () => {
    const dense = (cyclic: boolean) => {
      const nodes = Array.from({ length: 14 }, (_, k) => {
        const inputs = Array.from({ length: k }, (_, i) => `"d${i}"`);
        if (cyclic && k === 0) inputs.push('"d13"');
        return `Node(many, [${inputs.join(', ') || '"raw"'}], "d${k}", name="n${k}")`;
      });
      return `from kedro.pipeline import Pipeline, Node\nfrom .nodes import many\n\ndef create_pipeline(**kwargs):\n    return Pipeline([${nodes.join(', ')}])\n`;
    };
    for (const cyclic of [false, true]) {
      const { result } = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'src/demo/pipelines/p/nodes.py': NODES, 'src/demo/pipelines/p/pipeline.py': dense(cyclic) });
      const model = result.projects[0]?.model;
      expect(model?.nodes).toHaveLength(14);
      expect(model && prechecksOf(model).cycle).toBe(cyclic);
    }
  });

  test('KL002 knows a pipeline of every node at a glance, and still checks the others', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/p/nodes.py': NODES,
      'src/demo/pipeline_registry.py': `from kedro.pipeline import Pipeline, Node
from demo.pipelines.p.nodes import f

def register_pipelines():
    n1 = Node(f, "raw", "a", name="n1")
    n2 = Node(f, "a", "b", name="n2")
    return {"__default__": Pipeline([n2, n1]), "dup": Pipeline([n1, n1]), "one": Pipeline([n2])}
`,
    });
    const model = result.projects[0]?.model;
    if (!model) throw new Error('no model');
    const nodesOf = (name: string) => model.registry.pipelines.get(name)?.pipeline.nodes ?? [];
    expect(model.nodes.map((n) => n.name)).toEqual(['n2', 'n1']);
    expect(coversAllNodes(model, nodesOf('__default__'))).toBe(true);
    expect(coversAllNodes(model, nodesOf('one'))).toBe(false);
    expect(coversAllNodes(model, [model.nodes[0], model.nodes[0]] as ResolvedNode[])).toBe(false);
    expect(render(result).filter((l) => l.includes('KL002'))).toEqual([
      "src/demo/pipeline_registry.py:6:19 KL002 'a' is a free input of pipeline 'one' but exists only in memory while another pipeline runs; `kedro run --pipelines=one` fails unless it is in the catalog.",
    ]);
  });

  test('the same node reused under two namespaces is not a duplicate', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/p/nodes.py': NODES,
      'src/demo/pipelines/p/pipeline.py': `from kedro.pipeline import Pipeline, Node
from .nodes import f

def create_pipeline(**kwargs):
    base = Pipeline([Node(f, "raw", "clean", name="clean")])
    return Pipeline(base, namespace="eu", inputs={"raw"}) + Pipeline(base, namespace="us", inputs={"raw"})
`,
    });
    expect(render(result)).toEqual([]);
    expect(result.projects[0]?.model.nodes.map((n) => [n.name, n.outputs[0]?.name])).toEqual([
      ['eu.clean', 'eu.clean'],
      ['us.clean', 'us.clean'],
    ]);
  });

  test('KL002 a pipeline reading the memory dataset of another pipeline', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/a/nodes.py': NODES,
      'src/demo/pipelines/a/pipeline.py': 'from kedro.pipeline import Pipeline, Node\nfrom .nodes import f\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(f, "raw", "mem")])\n',
      'src/demo/pipelines/b/pipeline.py': 'from kedro.pipeline import Pipeline, Node\nfrom ..a.nodes import f\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(f, "mem", "out")])\n',
    });
    expect(render(result)).toEqual([
      "src/demo/pipelines/b/pipeline.py:4:31 KL002 'mem' is a free input of pipeline 'b' but exists only in memory while another pipeline runs; `kedro run --pipelines=b` fails unless it is in the catalog.",
    ]);
  });
});
