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

// augury (Kedro 0.17): `def clean_full_data(*frames) -> pd.DataFrame: return [f.assign(...) for f in frames]` feeds a
// node with two outputs. The annotation is wrong, the list is what Kedro gets: the node runs when two frames come in.
const COMPREHENSION = (body: string) => ({
  'src/demo/pipelines/clean/nodes.py': `import pandas as pd\n\n\ndef clean(*frames) -> pd.DataFrame:\n    ${body}\n`,
  'src/demo/pipelines/clean/pipeline.py': 'from kedro.pipeline import Pipeline, node\nfrom .nodes import clean\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(clean, ["a", "b"], ["c", "d"], name="clean")])\n',
  'conf/base/catalog.yml': 'a:\n  type: pandas.CSVDataset\n  filepath: data/a.csv\nb:\n  type: pandas.CSVDataset\n  filepath: data/b.csv\n',
});

test('KL021: a single-value annotation over list-comprehension returns is a hint, not an error', async () => {
  const { result } = await analyzeMemoryProject(COMPREHENSION('return [f.dropna() for f in frames]'));
  expect(result.projects[0]?.problems.filter((p) => p.code === 'KL021').map((p) => [p.severity, p.message])).toEqual([
    ['hint', "'clean' is annotated to return a single pd.DataFrame, but every return builds a list (a comprehension); the annotation is what is wrong."],
  ]);
});

test('KL021: a single-value annotation with a return that is not a sequence display stays an error', async () => {
  const { result } = await analyzeMemoryProject(COMPREHENSION('return frames[0]'));
  expect(result.projects[0]?.problems.filter((p) => p.code === 'KL021').map((p) => [p.severity, p.message])).toEqual([
    ['error', "'clean' is annotated to return a single pd.DataFrame, but the node lists 2 outputs."],
  ]);
});

// readmission-ml-project (Kedro 0.18.3): `def post_processing(x_in: np.ndarray, y_train: np.ndarray)` reads a
// pandas.CSVDataSet as y_train and calls `y_train['readmitted'].to_numpy()`: the run works, the annotation is loose.
const ARRAY = (annotation: string, type: string) => ({
  'src/demo/pipelines/post/nodes.py': `import numpy as np\nimport pandas as pd\nimport polars as pl\n\n\ndef post(y: ${annotation}):\n    return y\n`,
  'src/demo/pipelines/post/pipeline.py': 'from kedro.pipeline import Pipeline, node\nfrom .nodes import post\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(post, "y", "out", name="post")])\n',
  'conf/base/catalog.yml': `y:\n  type: ${type}\n  filepath: data/y.csv\n`,
});

test('KL030: an np.ndarray annotation on a pandas dataset is a hint; a polars one stays a warning', async () => {
  const kl030 = async (annotation: string, type: string) =>
    (await analyzeMemoryProject(ARRAY(annotation, type))).result.projects[0]?.problems.filter((p) => p.code === 'KL030').map((p) => [p.severity, p.message]);
  expect(await kl030('np.ndarray', 'pandas.CSVDataset')).toEqual([['hint', "'y' is a pandas.CSVDataset that loads pd.DataFrame, but 'post' annotates 'y' as np.ndarray."]]);
  expect(await kl030('pl.DataFrame', 'pandas.CSVDataset')).toEqual([['warning', "'y' is a pandas.CSVDataset that loads pd.DataFrame, but 'post' annotates 'y' as pl.DataFrame."]]);
  expect(await kl030('pd.DataFrame', 'polars.CSVDataset')).toEqual([['warning', "'y' is a polars.CSVDataset that loads pl.DataFrame, but 'post' annotates 'y' as pd.DataFrame."]]);
});
