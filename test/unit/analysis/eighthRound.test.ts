import { expect, test } from 'vitest';
import { analyzeMemoryProject, render, REGISTRY } from '../../helpers/analyze';
import { hoverFor } from '../../../server/src/features/hover';
import { positionIndex } from '../../../server/src/features/positions';

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

// augury (Kedro 0.17.1): the project's register_catalog hook builds the catalog and adds `roster_data` to it with
// `data_catalog.add("roster_data", JSONRemoteDataSet(...))`; a node reads it. KL001 said no catalog had it.
const HOOKED = (kedro: string, method: string, add: string) => ({
  'requirements.txt': `kedro==${kedro}\n`,
  'src/demo/settings.py': 'from demo.hooks import ProjectHooks\n\nHOOKS = (ProjectHooks(),)\n',
  'src/demo/hooks.py': [
    'from kedro.framework.hooks import hook_impl',
    'from kedro.io import DataCatalog, MemoryDataSet',
    '',
    'class ProjectHooks:',
    '    @hook_impl',
    `    def ${method}(self, catalog, **kwargs):`,
    '        data_catalog = DataCatalog.from_config(catalog) if isinstance(catalog, dict) else catalog',
    `        ${add}`,
    '        return data_catalog',
    '',
  ].join('\n'),
  'src/demo/pipelines/read/pipeline.py': 'from kedro.pipeline import Pipeline, node\n\n\ndef use(a, b):\n    return a\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(use, ["roster_data", "other_data"], "out", name="use")])\n',
});

test('KL001: a dataset the 0.17 register_catalog hook adds by name is provided; others are still missing', async () => {
  const { result } = await analyzeMemoryProject(HOOKED('0.17.7', 'register_catalog', 'data_catalog.add("roster_data", MemoryDataSet())'));
  expect(render(result, 'KL001')).toEqual(["src/demo/pipelines/read/pipeline.py:9:49 KL001 Dataset 'other_data' is not in the catalog and no node produces it."]);
});

test('KL001: register_catalog is not a hook after 0.17, so what it adds does not count on 0.18', async () => {
  const { result } = await analyzeMemoryProject(HOOKED('0.18.14', 'register_catalog', 'data_catalog.add("roster_data", MemoryDataSet())'));
  expect(render(result, 'KL001').map((l) => l.replace(/.* KL001 /, ''))).toEqual([
    "Dataset 'roster_data' is not in the catalog and no node produces it.",
    "Dataset 'other_data' is not in the catalog and no node produces it.",
  ]);
});

test('KL001: after_catalog_created adding by name (add, add_feed_dict, item assignment) provides those names', async () => {
  for (const add of ['catalog.add(data_set_name="roster_data", data_set=MemoryDataSet())', 'catalog.add_feed_dict({"roster_data": 1})', 'catalog["roster_data"] = MemoryDataSet()']) {
    const { result } = await analyzeMemoryProject(HOOKED('1.0.0', 'after_catalog_created', add));
    expect(render(result, 'KL001').map((l) => l.replace(/.* KL001 /, ''))).toEqual(["Dataset 'other_data' is not in the catalog and no node produces it."]);
  }
});

// Anomaly-Detection-Pipeline-Kedro (Kedro 0.17.7): a node reads `neptune_run`, which kedro-neptune's hook adds to every
// run's catalog; `kedro neptune init` wrote conf/base/neptune.yml (the plugin is not in the requirements).
const NEPTUNE = {
  'src/demo/pipelines/report/pipeline.py': 'from kedro.pipeline import Pipeline, node\n\n\ndef log(run):\n    return None\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(log, "neptune_run", None, name="log")])\n',
};

test('KL001: neptune_run is provided where kedro-neptune is installed (its neptune.yml, or a requirement)', async () => {
  const missing = "src/demo/pipelines/report/pipeline.py:9:33 KL001 Dataset 'neptune_run' is not in the catalog and no node produces it.";
  expect(render((await analyzeMemoryProject(NEPTUNE)).result, 'KL001')).toEqual([missing]);
  expect(render((await analyzeMemoryProject({ ...NEPTUNE, 'conf/base/neptune.yml': 'neptune:\n  project: me/demo\n' })).result, 'KL001')).toEqual([]);
  expect(render((await analyzeMemoryProject({ ...NEPTUNE, 'requirements.txt': 'kedro>=1.0,<2\nkedro-neptune>=0.4\n' })).result, 'KL001')).toEqual([]);
  const disabled = { ...NEPTUNE, 'conf/base/neptune.yml': 'neptune:\n  project: me/demo\n', 'src/demo/settings.py': 'DISABLE_HOOKS_FOR_PLUGINS = ("kedro-neptune",)\n' };
  expect(render((await analyzeMemoryProject(disabled)).result, 'KL001')).toEqual([missing]);
});

// self-supervised-learning (Kedro 0.18.14): `find_optimal_order(...) -> List[str]` saved by a yaml.YAMLDataSet. yaml.dump
// writes a list as well as a dict: the hint that the dataset "saves dict" was wrong.
test('KL030: yaml.YAMLDataset saves any YAML value (a list too); a DataFrame return is still noted', async () => {
  const kl030 = async (ret: string) =>
    render(
      (
        await analyzeMemoryProject({
          'src/demo/pipelines/order/pipeline.py': `from typing import List\nimport pandas as pd\nfrom kedro.pipeline import Pipeline, node\n\n\ndef order() -> ${ret}:\n    return []\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(order, [], "image_order", name="order")])\n`,
          'conf/base/catalog.yml': 'image_order:\n  type: yaml.YAMLDataset\n  filepath: data/order.yml\n',
        })
      ).result,
      'KL030',
    );
  expect(await kl030('List[str]')).toEqual([]);
  expect(await kl030('pd.DataFrame')).toEqual([
    "src/demo/pipelines/order/pipeline.py:11:39 KL030 'order' returns pd.DataFrame, but 'image_order' is a yaml.YAMLDataset that saves dict | list | str | int | float | bool.",
  ]);
});

// test-kedro (Kedro 0.18.2): pipeline_registry.py runs `sys.path.append("src/kedro_test")` and then imports
// `from pipelines.processing_pipeline import processing_pipeline`. Kedro runs from the project root, so the import
// works; it was not resolved, and both registered pipelines were empty (two KL909 notes).
const SYS_PATH = (path: string) => ({
  'src/demo/pipeline_registry.py': `import sys\n\nsys.path.append(${JSON.stringify(path)})\n\nfrom pipelines.steps import steps_pipeline\n\n\ndef register_pipelines():\n    return {"steps": steps_pipeline(), "__default__": steps_pipeline()}\n`,
  'src/demo/pipelines/__init__.py': '',
  'src/demo/pipelines/steps.py': 'from kedro.pipeline import Pipeline, node\nfrom helpers.functions import double\n\n\ndef steps_pipeline():\n    return Pipeline([node(double, "a", "b", name="double")])\n',
  'src/demo/helpers/functions.py': 'def double(x):\n    return 2 * x\n',
  'conf/base/catalog.yml': 'a:\n  type: pickle.PickleDataset\n  filepath: data/a.pkl\n',
});

test('a literal sys.path.append(<folder under the root>) makes its modules importable by their short names', async () => {
  const { result } = await analyzeMemoryProject(SYS_PATH('src/demo'));
  expect(render(result, 'KL909')).toEqual([]);
  expect(nodeNames(result)).toEqual([
    ['steps', ['double']],
    ['__default__', ['double']],
  ]);
  const node = result.projects[0]?.model?.nodes[0];
  expect(node?.func?.target?.module.uri).toBe('file:///proj/src/demo/helpers/functions.py');
});

test('a sys.path entry that is absolute or climbs out of the root is not followed (KL909 as before)', async () => {
  for (const path of ['/opt/src/demo', '../other/src/demo']) {
    const { result } = await analyzeMemoryProject(SYS_PATH(path));
    expect(render(result, 'KL909').length).toBe(2);
  }
});

// kaggle-enefit (Kedro 0.18.14): `node(convert, inputs=mapping(["cl", "ep"]), outputs=None)` with a helper
// `def mapping(inputs): return {k: k for k in inputs}`. The helper had no body IR (no pipeline words), so the node's
// inputs were unknown: one KL909, and no check of that node.
test('a helper returning a dict comprehension is evaluated: the node gets its inputs', async () => {
  const { result } = await analyzeMemoryProject({
    'src/demo/pipelines/fmt/pipeline.py': [
      'from kedro.pipeline import Pipeline, node',
      '',
      'def mapping(inputs):',
      '    """A value-to-value mapping."""',
      '    return {k: k for k in inputs}',
      '',
      'def fix(x):',
      '    return x',
      '',
      'def save(cl, ep):',
      '    return None',
      '',
      'def create_pipeline(**kwargs):',
      '    return Pipeline([node(fix, "raw", "cl", name="fix"), node(save, inputs=mapping(["cl", "ep"]), outputs=None, name="save")])',
      '',
    ].join('\n'),
    'conf/base/catalog.yml': 'raw:\n  type: pandas.CSVDataset\n  filepath: data/raw.csv\n',
  });
  expect(render(result, 'KL909')).toEqual([]);
  expect(render(result, 'KL001')).toEqual(["src/demo/pipelines/fmt/pipeline.py:14:92 KL001 Dataset 'ep' is not in the catalog and no node produces it."]);
});

test('the hover of a plugin-added dataset says where it comes from, not "not found"', async () => {
  const { result, host } = await analyzeMemoryProject({ ...NEPTUNE, 'conf/base/neptune.yml': 'neptune:\n  project: me/demo\n' });
  const model = result.projects[0]!.model!;
  const text = NEPTUNE['src/demo/pipelines/report/pipeline.py'];
  const line = text.split('\n').findIndex((l) => l.includes('"neptune_run"'));
  const t = positionIndex(model).at(host.uri('src/demo/pipelines/report/pipeline.py'), { line, character: (text.split('\n')[line] as string).indexOf('"neptune_run"') + 1 });
  expect(t && hoverFor(model, t)).toBe(
    ['**`neptune_run`** — added to the catalog at run time', '', 'A hook of the project or an installed plugin adds this dataset when the catalog is created.', '', 'written by — · read by `log`'].join('\n'),
  );
});
