import { expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

// Seventh real-project round (a Kedro 1.3 project): the registry returns `{"__default__": all, **stages}`. A dict
// display with `**mapping` was not evaluated: one KL909 note and no registered pipeline at all.

const REGISTRY = `from kedro.pipeline import Pipeline, node


def f(*args):
    return args


def register_pipelines():
    stages = {
        "clean": Pipeline([node(f, "raw", "clean", name="clean")]),
        "train": Pipeline([node(f, "clean", "model", name="train")]),
    }
    everything = sum(stages.values(), Pipeline([]))
    return {"__default__": everything, "train": Pipeline([]), **stages, "extra": Pipeline([node(f, "model", "report", name="report")])}
`;

const nodeNames = (result: Awaited<ReturnType<typeof analyzeMemoryProject>>['result']) => {
  const model = result.projects[0]?.model;
  if (!model) throw new Error('no project');
  return [...model.registry.pipelines].map(([name, p]) => [name, p.pipeline.nodes.map((n) => n.name)]);
};

test('a dict display with **mapping takes its entries: a repeated key keeps its place and the last value', async () => {
  const { result } = await analyzeMemoryProject({ 'src/demo/pipeline_registry.py': REGISTRY });
  expect(render(result, 'KL909')).toEqual([]);
  expect(nodeNames(result)).toEqual([
    ['__default__', ['clean', 'train']],
    ['train', ['train']],
    ['clean', ['clean']],
    ['extra', ['report']],
  ]);
});

test('**mapping of something not a dict leaves the registry unknown (KL909 once)', async () => {
  const { result } = await analyzeMemoryProject({ 'src/demo/pipeline_registry.py': REGISTRY.replace('**stages', '**load_more()').replace('def register', 'from elsewhere import load_more\n\n\ndef register') });
  expect(render(result, 'KL909').length).toBe(1);
  expect(nodeNames(result)).toEqual([]);
});
