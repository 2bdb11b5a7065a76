import { expect, test } from 'vitest';
import { analyzeMemoryProject, render, REGISTRY } from '../../helpers/analyze';

type Result = Awaited<ReturnType<typeof analyzeMemoryProject>>['result'];

const nodeNames = (result: Result): [string, string[]][] => {
  const model = result.projects[0]?.model;
  if (!model) throw new Error('no project');
  return [...model.registry.pipelines].map(([name, p]) => [name, p.pipeline.nodes.map((n) => n.name)]);
};

// Eighth real-project round (a Kedro 0.18 course project): find_pipelines() takes `__default__` from the module
// `<package>.pipeline`, whose create_pipeline is imported from a module of `pipelines/` rather than defined there.
// Kedro reads the attribute either way; only a definition was looked for, so `__default__` was empty and its
// catalog entries "unused".
const SIMPLIFIED = {
  'src/demo/pipeline.py': 'from .pipelines.steps import create_pipeline\n',
  'src/demo/pipelines/__init__.py': '',
  'src/demo/pipelines/steps.py': [
    'from kedro.pipeline import Pipeline, node',
    '',
    'def load():',
    '    return 1',
    '',
    'def train(data):',
    '    return data',
    '',
    'def create_pipeline(**kwargs):',
    '    return Pipeline([node(load, [], "data", name="load"), node(train, "data", "model", name="train")])',
    '',
  ].join('\n'),
  'conf/base/catalog.yml': 'data:\n  type: pickle.PickleDataset\n  filepath: data/data.pkl\nmodel:\n  type: pickle.PickleDataset\n  filepath: data/model.pkl\n',
};

test("find_pipelines(): <package>.pipeline's imported create_pipeline is __default__", async () => {
  const { result } = await analyzeMemoryProject({ ...SIMPLIFIED, 'src/demo/pipeline_registry.py': REGISTRY });
  expect(nodeNames(result)).toEqual([['__default__', ['load', 'train']]]);
  expect(render(result, 'KL110')).toEqual([]);
});

test('find_pipelines(): a <package>.pipeline without create_pipeline still gives an empty __default__', async () => {
  const { result } = await analyzeMemoryProject({ ...SIMPLIFIED, 'src/demo/pipeline.py': 'from .pipelines.steps import load\n', 'src/demo/pipeline_registry.py': REGISTRY });
  expect(nodeNames(result)).toEqual([['__default__', []]]);
  expect(render(result, 'KL110').length).toBe(2);
});
