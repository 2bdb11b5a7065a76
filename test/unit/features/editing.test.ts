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
