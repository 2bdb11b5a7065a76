import { describe, expect, test } from 'vitest';
import { codeActionsFor } from '../../../server/src/features/codeActions';
import { completionsAt } from '../../../server/src/features/completion';
import { analyzeMemoryProject, ROOT } from '../../helpers/analyze';

const PIPE = `from kedro.pipeline import Pipeline, Node
from .nodes import train

def create_pipeline(**kwargs):
    return Pipeline([
        Node(train, {"data": "x", "": "y"}, "model"),
    ])
`;

describe('completion of function keyword names in dict inputs', () => {
  test('offers the parameters not yet used, with annotations', async () => {
    const { result, host } = await analyzeMemoryProject({
      'src/demo/pipelines/p/nodes.py': 'def train(data, options: dict, *, seed: int = 1):\n    return data\n',
      'src/demo/pipelines/p/pipeline.py': PIPE,
    });
    const model = result.projects[0]?.model;
    const uri = host.uri('src/demo/pipelines/p/pipeline.py');
    const line = 5;
    const character = PIPE.split('\n')[line]?.indexOf('"": ') as number;
    const items = completionsAt(model!, uri, PIPE, { line, character: character + 1 });
    expect(items.map((i) => [i.label, i.kind, i.detail])).toEqual([
      ['options', 'argument', 'train(options: dict)'],
      ['seed', 'argument', 'train(seed: int = …)'],
    ]);
  });
});

describe('"Add parameter" quick fix', () => {
  test('nests the missing key under the deepest existing mapping', async () => {
    const params = 'model:\n  lr: 0.1\nseed: 1\n';
    const { result } = await analyzeMemoryProject({
      'conf/base/parameters.yml': params,
      'src/demo/pipelines/p/nodes.py': 'def f(a, b):\n    return a\n',
      'src/demo/pipelines/p/pipeline.py': 'from kedro.pipeline import Pipeline, Node\nfrom .nodes import f\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(f, ["params:seed", "params:model.opt.depth"], "o")])\n',
    });
    const model = result.projects[0]!.model;
    const problem = result.projects[0]!.problems.find((p) => p.code === 'KL201')!;
    const actions = codeActionsFor(model, problem.loc.uri, '', problem.loc.span, [{ code: 'KL201', span: problem.loc.span, data: problem.data! }]);
    const add = actions.find((a) => a.title.startsWith('Add parameter'));
    expect(add?.title).toBe("Add parameter 'model.opt.depth' to conf/base/parameters.yml");
    expect(add?.edits).toEqual([
      { uri: `${ROOT}/conf/base/parameters.yml`, span: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '  opt:\n    depth: null  # TODO: set a value\n' },
    ]);
  });
});

describe('quick fixes inside a pipeline reused under namespaces', () => {
  // One template, two namespaces: the strings in the template are written without the namespace, which Kedro adds.
  const TEMPLATE = `from kedro.pipeline import Pipeline, Node, pipeline
from .nodes import f

def create_pipeline(**kwargs):
    template = Pipeline([Node(f, ["raw_tabel", "params:model.seeed"], "out", name="n")])
    return pipeline(template, namespace="a") + pipeline(template, namespace="b")
`;
  const project = () =>
    analyzeMemoryProject({
      'conf/base/catalog.yml': 'a.raw_table:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/a.csv\nb.raw_table:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/b.csv\n',
      'conf/base/parameters.yml': 'a:\n  model:\n    seed: 1\nb:\n  model:\n    seed: 2\n',
      'src/demo/pipelines/p/nodes.py': 'def f(data, seed):\n    return data\n',
      'src/demo/pipelines/p/pipeline.py': TEMPLATE,
    });

  test('the suggestions are spelt as the template writes them, without the namespace Kedro adds', async () => {
    const { result } = await project();
    const found = result.projects[0]!.problems.filter((p) => p.code === 'KL001' || p.code === 'KL201');
    expect(found.map((p) => [p.code, p.message, p.data?.['suggestions']])).toEqual([
      ['KL001', "Dataset 'a.raw_tabel' is not in the catalog and no node produces it.", ['raw_table']],
      ['KL001', "Dataset 'b.raw_tabel' is not in the catalog and no node produces it.", ['raw_table']],
      ['KL201', "Parameter 'a.model.seeed' is not defined in the parameters of base + local.", ['params:model.seed']],
      ['KL201', "Parameter 'b.model.seeed' is not defined in the parameters of base + local.", ['params:model.seed']],
    ]);
  });

  test('each fix is offered once for the findings of both instances, and edits the string as written', async () => {
    const { result } = await project();
    const model = result.projects[0]!.model;
    const problems = result.projects[0]!.problems.filter((p) => p.code === 'KL001');
    const span = problems[0]!.loc.span;
    const actions = codeActionsFor(model, problems[0]!.loc.uri, TEMPLATE, span, problems.map((p) => ({ code: p.code, span: p.loc.span, data: p.data! })));
    expect(actions.map((a) => a.title)).toEqual([
      "Change to 'raw_table'",
      "Add catalog entry for 'a.raw_tabel' (pickle.PickleDataset) to conf/base/catalog.yml",
      'Suppress KL001 on this line',
      "Add catalog entry for 'b.raw_tabel' (pickle.PickleDataset) to conf/base/catalog.yml",
    ]);
    expect(actions[0]!.edits.map((e) => e.newText)).toEqual(['raw_table']);
    expect(actions[0]!.safe).toBe(true);
  });

  test('a suggestion from another namespace is not offered: no edit of the string reaches it', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'b.raw_table:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/b.csv\n',
      'src/demo/pipelines/p/nodes.py': 'def f(data):\n    return data\n',
      'src/demo/pipelines/p/pipeline.py': 'from kedro.pipeline import Pipeline, Node, pipeline\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return pipeline(Pipeline([Node(f, "raw_table", "out", name="n")]), namespace="a")\n',
    });
    const p = result.projects[0]!.problems.find((x) => x.code === 'KL001')!;
    expect(p.message).toBe("Dataset 'a.raw_table' is not in the catalog and no node produces it.");
    expect(p.data?.['suggestions']).toEqual([]);
  });

  const PIPE_NS = 'from kedro.pipeline import Pipeline, Node, pipeline\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return pipeline(Pipeline([Node(f, "params:model.depth", "out", name="n")]), namespace="ns")\n';
  test('"Add parameter" is not offered under a key whose value is not a mapping as written (an interpolation)', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/parameters.yml': 'shared:\n  seed: 1\nns:\n  model: ${shared}\n',
      'src/demo/pipelines/p/nodes.py': 'def f(depth):\n    return depth\n',
      'src/demo/pipelines/p/pipeline.py': PIPE_NS,
    });
    const model = result.projects[0]!.model;
    const p = result.projects[0]!.problems.find((x) => x.code === 'KL201')!;
    expect(p.message).toBe("Parameter 'ns.model.depth' is not defined in the parameters of base + local.");
    const actions = codeActionsFor(model, p.loc.uri, PIPE_NS, p.loc.span, [{ code: p.code, span: p.loc.span, data: p.data! }]);
    expect(actions.map((a) => a.title)).toEqual(["Change to 'params:model.seed'", 'Suppress KL201 on this line']);
  });
});
