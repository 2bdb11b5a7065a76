import { describe, expect, test } from 'vitest';
import { resolvedConfig } from '../../../server/src/features/resolvedConfig';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

const PIPE = (body: string) => `from kedro.pipeline import Pipeline, Node
from .nodes import *
from .nodes import split, train, clean

def create_pipeline(**kwargs):
    return Pipeline([
${body}
    ])
`;

const NODES = `from dataclasses import dataclass
from typing import TypedDict
from pydantic import BaseModel

@dataclass
class SplitOptions:
    test_size: float
    random_state: int = 3

class TrainOptions(BaseModel):
    lr: float
    epochs: int

class CleanOptions(TypedDict):
    threshold: float

def split(df, opts: SplitOptions, size: float): ...
def train(df, opts: TrainOptions, name: str): ...
def clean(df, opts: CleanOptions, flags: dict): ...
`;

describe('KL202 parameter-type-mismatch and KL203 parameter-model-mismatch', () => {
  test('YAML types against annotations and against dataclass / pydantic / TypedDict fields', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'df:\n  type: pandas.CSVDataset\n  filepath: df.csv\n',
      'conf/base/parameters.yml': `split:
  test_sise: 0.2
  random_state: 1
size: "0.2"
train:
  lr: 0.1
  epochs: 3.5
  momentum: 0.9
clean:
  threshold: 1
name: model
flags: [a]
`,
      'src/demo/pipelines/p/nodes.py': NODES,
      'src/demo/pipelines/p/pipeline.py': PIPE(`        Node(split, ["df", "params:split", "params:size"], "a"),
        Node(train, ["df", "params:train", "params:name"], "b"),
        Node(clean, ["df", "params:clean", "params:flags"], "c"),`),
    });
    expect(render(result).filter((l) => /KL20[23]/.test(l))).toEqual([
      "conf/base/parameters.yml:1:1 KL203 Parameter 'split' lacks 'test_size', required by SplitOptions (dataclass).",
      "conf/base/parameters.yml:2:3 KL203 'test_sise' is not a field of SplitOptions.",
      "conf/base/parameters.yml:7:3 KL203 'train.epochs' is a float, but TrainOptions.epochs is annotated as int.",
      "conf/base/parameters.yml:8:3 KL203 'momentum' is not a field of TrainOptions (pydantic ignores it by default).",
      "src/demo/pipelines/p/pipeline.py:7:45 KL202 Parameter 'size' is a str in YAML, but 'split' annotates 'size' as float.",
      "src/demo/pipelines/p/pipeline.py:9:45 KL202 Parameter 'flags' is a list in YAML, but 'clean' annotates 'flags' as dict.",
    ]);
    const severities = Object.fromEntries(result.projects[0]?.problems.filter((p) => p.code === 'KL203').map((p) => [p.message.slice(0, 20), p.severity]) ?? []);
    expect(severities).toEqual({
      "Parameter 'split' la": 'error',
      "'test_sise' is not a": 'error',
      "'train.epochs' is a ": 'warning',
      "'momentum' is not a ": 'warning',
    });
  });
});

describe('KL202 severities', () => {
  test('a different kind (str for float) is a warning; a near miss (list for tuple, float for int) is a hint', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'df:\n  type: pandas.CSVDataset\n  filepath: df.csv\n',
      'conf/base/parameters.yml': 'size: "0.2"\nshape: [1, 2]\nepochs: 3.5\n',
      'src/demo/pipelines/p/nodes.py': 'def fit(df, size: float, shape: tuple[int, int], epochs: int): ...\n',
      'src/demo/pipelines/p/pipeline.py': PIPE('        Node(fit, ["df", "params:size", "params:shape", "params:epochs"], "a"),').replace('split, train, clean', 'fit'),
    });
    expect(result.projects[0]?.problems.filter((p) => p.code === 'KL202').map((p) => `${p.message} ${p.severity}`)).toEqual([
      "Parameter 'size' is a str in YAML, but 'fit' annotates 'size' as float. warning",
      "Parameter 'shape' is a list in YAML, but 'fit' annotates 'shape' as tuple[int, int]. hint",
      "Parameter 'epochs' is a float in YAML, but 'fit' annotates 'epochs' as int. hint",
    ]);
  });
});

describe('KL202 and interpolations', () => {
  test('a value that is one whole ${...} takes the referenced type: not checked; a ${...} inside a longer string is a str', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'df:\n  type: pandas.CSVDataset\n  filepath: df.csv\n',
      'conf/base/globals.yml': 'ids: [id, key]\nsize: 0.2\n',
      'conf/base/parameters.yml': 'cols: ${globals:ids}\nsize: "${globals:size}"\nlabel: "run-${globals:size}"\n',
      'src/demo/pipelines/p/nodes.py': 'def fit(df, cols: list[str], size: float, label: list[str]): ...\n',
      'src/demo/pipelines/p/pipeline.py': PIPE('        Node(fit, ["df", "params:cols", "params:size", "params:label"], "a"),').replace('split, train, clean', 'fit'),
      'requirements.txt': 'kedro==1.0.0\n',
    });
    expect(render(result, 'KL202')).toEqual([
      "src/demo/pipelines/p/pipeline.py:7:57 KL202 Parameter 'label' is a str in YAML, but 'fit' annotates 'label' as list[str].",
    ]);
  });
});

describe('KL202: what the function itself accepts', () => {
  test('null for `x: str = None` (implicit Optional) and a parameter the body tests with isinstance() are not checked', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'df:\n  type: pandas.CSVDataset\n  filepath: df.csv\n',
      'conf/base/parameters.yml': 'team:\nleague:\ncols: result\nkeys: id\nother: id\n',
      'src/demo/pipelines/p/nodes.py':
        'from typing import List\n\ndef fit(df, league: str, cols: List[str], keys: List[str], other: List[str], team: str = None):\n' +
        '    if isinstance(cols, str):\n        cols = [cols]\n    keys = [keys] if isinstance(keys, str) else keys\n    return df\n',
      'src/demo/pipelines/p/pipeline.py': PIPE('        Node(fit, ["df", "params:league", "params:cols", "params:keys", "params:other", "params:team"], "a"),').replace('split, train, clean', 'fit'),
    });
    expect(render(result, 'KL202')).toEqual([
      "src/demo/pipelines/p/pipeline.py:7:27 KL202 Parameter 'league' is null in YAML, but 'fit' annotates 'league' as str.",
      "src/demo/pipelines/p/pipeline.py:7:74 KL202 Parameter 'other' is a str in YAML, but 'fit' annotates 'other' as List[str].",
    ]);
  });
});

describe('hooks', () => {
  test('KL300 misspelt hook, unknown argument, default value; KL301 class in HOOKS', async () => {
    const { result } = await analyzeMemoryProject({
      'src/demo/hooks.py': `from kedro.framework.hooks import hook_impl

class MLflowHooks:
    @hook_impl
    def before_node_runs(self, node):
        pass

    @hook_impl
    def after_node_run(self, node, outputs, session_id, run_id=None):
        pass

    @hook_impl
    def after_pipeline_run(self, run_params, pipeline):
        pass

    def helper(self, x):
        pass

    def on_pipeline_error(self, error):
        pass
`,
      'src/demo/settings.py': 'from demo.hooks import MLflowHooks\n\nHOOKS = (MLflowHooks,)\n',
    });
    expect(render(result).filter((l) => /KL30\d/.test(l))).toEqual([
      "src/demo/hooks.py:19:9 KL300 'on_pipeline_error' is not marked with @hook_impl, so Kedro never calls it.",
      "src/demo/hooks.py:5:9 KL300 'before_node_runs' is not a Kedro hook, so it is never called. Did you mean 'before_node_run'?",
      "src/demo/hooks.py:9:45 KL300 'after_node_run' has no argument 'session_id'; Kedro passes 'node', 'catalog', 'inputs', 'outputs', 'is_async', 'run_id'.",
      "src/demo/hooks.py:9:57 KL300 'run_id' has a default value, so 'after_node_run' always receives the default instead of Kedro's value.",
      'src/demo/settings.py:3:10 KL301 \'MLflowHooks\' is a class; register an instance: MLflowHooks().',
    ]);
  });
});

describe('hook specs per Kedro release', () => {
  const HOOKS = `from kedro.framework.hooks import hook_impl

class H:
    @hook_impl
    def before_node_run(self, node, session_id):
        pass

    @hook_impl
    def after_catalog_created(self, catalog, feed_dict):
        pass

    @hook_impl
    def before_dataset_loaded(self, dataset_name, node):
        pass

    @hook_impl
    def after_context_created(self, context):
        pass

    @hook_impl
    def register_config_loader(self, conf_paths):
        pass
`;
  const run = async (requirements: string) =>
    render(
      (
        await analyzeMemoryProject({
          'src/demo/hooks.py': HOOKS,
          'src/demo/settings.py': 'from demo.hooks import H\n\nHOOKS = (H(),)\n',
          'requirements.txt': requirements,
        })
      ).result,
      'KL300',
    );

  test('0.19: session_id and feed_dict are right; the 0.17 registration hook is gone', async () => {
    expect(await run('kedro~=0.19.0\n')).toEqual([
      "src/demo/hooks.py:21:9 KL300 'register_config_loader' is not a Kedro hook in the Kedro releases this project uses (kedro >=0.19.0,<0.20 · kedro-datasets >=2.0,<8), so it is never called.",
    ]);
  });

  test('1.x: session_id and feed_dict were renamed', async () => {
    expect(await run('kedro>=1.0\n')).toEqual([
      "src/demo/hooks.py:21:9 KL300 'register_config_loader' is not a Kedro hook in the Kedro releases this project uses (kedro >=1.0 · kedro-datasets >=2.0), so it is never called.",
      "src/demo/hooks.py:5:37 KL300 'before_node_run' has no argument 'session_id'; Kedro passes 'node', 'catalog', 'inputs', 'is_async', 'run_id'.",
      "src/demo/hooks.py:9:46 KL300 'after_catalog_created' has no argument 'feed_dict'; Kedro passes 'catalog', 'conf_catalog', 'conf_creds', 'parameters', 'save_version', 'load_versions'.",
    ]);
  });

  test('0.18.0: no after_context_created, no node in dataset hooks; a 0.18 range spanning 0.18.5 keeps node quiet', async () => {
    expect(await run('kedro==0.18.0\n')).toEqual([
      "src/demo/hooks.py:13:51 KL300 'before_dataset_loaded' has no argument 'node'; Kedro passes 'dataset_name'.",
      "src/demo/hooks.py:17:9 KL300 'after_context_created' is not a Kedro hook in the Kedro releases this project uses (kedro ==0.18.0 · kedro-datasets >=1.0,<2.1), so it is never called. Did you mean 'after_catalog_created'?",
      "src/demo/hooks.py:21:9 KL300 'register_config_loader' is not a Kedro hook in the Kedro releases this project uses (kedro ==0.18.0 · kedro-datasets >=1.0,<2.1), so it is never called.",
    ]);
    expect(await run('kedro~=0.18.0\n')).toEqual([
      "src/demo/hooks.py:21:9 KL300 'register_config_loader' is not a Kedro hook in the Kedro releases this project uses (kedro >=0.18.0,<0.19 · kedro-datasets >=1.0,<2.1), so it is never called.",
    ]);
  });

  test('0.17 projects are not judged; a range reaching below 0.18 only reports names no release has', async () => {
    expect(await run('kedro==0.17.6\n')).toEqual([]);
    const { result } = await analyzeMemoryProject({
      'src/demo/hooks.py': HOOKS.replace('before_node_run', 'before_node_runs'),
      'src/demo/settings.py': 'from demo.hooks import H\n\nHOOKS = (H(),)\n',
      'requirements.txt': 'kedro>=0.17\n',
    });
    expect(render(result, 'KL300')).toEqual(["src/demo/hooks.py:5:9 KL300 'before_node_runs' is not a Kedro hook, so it is never called. Did you mean 'before_node_run'?"]);
  });
});

describe('catalog hygiene', () => {
  const CAT = `raw:
  type: pandas.CSVDataset
  filepath: data/01_raw/raw.csv
present:
  type: pandas.CSVDataset
  filepath: data/01_raw/present.csv
features:
  type: pandas.CSVDataset
  filepath: data/05_model_input/features.csv
clean:
  type: pandas.CSVDataset
  filepath: data/02_intermediate/clean.csv
  metadata:
    kedro-viz:
      layer: intermediate
leftover:
  type: pandas.CSVDataset
  filepath: data/03_primary/leftover.csv
"{name}_pattern":
  type: MemoryDataset
`;
  test('KL110: a dataset factory no dataset takes its entry from (Kedro ranks the matching factories; one wins)', async () => {
    const catalog = `"{name}_csv":
  type: pandas.CSVDataset
  filepath: data/{name}.csv
"{x}_csv":
  type: pandas.CSVDataset
  filepath: data/x/{x}.csv
"{name}_parquet":
  type: pandas.ParquetDataset
  filepath: data/{name}.parquet
"{name}_nb":
  type: MemoryDataset
"{name}_explicit":
  type: MemoryDataset
b_explicit:
  type: MemoryDataset
`;
    const files = {
      'conf/base/catalog.yml': catalog,
      'src/demo/pipeline_registry.py': 'from kedro.pipeline import Pipeline, node\ndef f(x, y): return x\ndef register_pipelines():\n    return {"__default__": Pipeline([node(f, ["companies_csv", "b_explicit"], "out")])}\n',
      'notebooks/look.py': 'catalog.load("draft_nb")\n',
    };
    const { result } = await analyzeMemoryProject(files);
    // `{x}_csv` matches companies_csv too, but ties with `{name}_csv` and ranks after it by name; b_explicit has its own
    // entry; `{name}_nb` gives a notebook's dataset its entry.
    expect(render(result, 'KL110')).toEqual([
      "conf/base/catalog.yml:12:1 KL110 Dataset factory '{name}_explicit' matches no dataset of any registered pipeline.",
      "conf/base/catalog.yml:4:1 KL110 Dataset factory '{x}_csv' matches no dataset of any registered pipeline.",
      "conf/base/catalog.yml:7:1 KL110 Dataset factory '{name}_parquet' matches no dataset of any registered pipeline.",
    ]);
    expect(result.projects[0]!.problems.find((p) => p.code === 'KL110')?.severity).toBe('hint');
    // Before 0.18.12 a `{...}` key is no factory: nothing is said of it here.
    const old = await analyzeMemoryProject({ ...files, 'requirements.txt': 'kedro==0.18.11\n' });
    expect(render(old.result, 'KL110')).toEqual([]);
  });

  test("KL110: an entry a hook of the package saves by name is used; one only a notebook loads is not", async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'audit:\n  type: MemoryDataset\nscratch:\n  type: MemoryDataset\nleftover:\n  type: MemoryDataset\n',
      'src/demo/pipeline_registry.py': 'from kedro.pipeline import Pipeline, node\ndef f(x): return x\ndef register_pipelines():\n    return {"__default__": Pipeline([node(f, "params:a", "b")])}\n',
      'conf/base/parameters.yml': 'a: 1\n',
      'src/demo/hooks.py': 'from kedro.framework.hooks import hook_impl\nclass Audit:\n    @hook_impl\n    def after_pipeline_run(self, catalog):\n        catalog.save("audit", 1)\n',
      'src/demo/settings.py': 'from demo.hooks import Audit\nHOOKS = (Audit(),)\n',
      'notebooks/look.py': 'catalog.load("scratch")\n',
    });
    expect(render(result, 'KL110')).toEqual([
      "conf/base/catalog.yml:3:1 KL110 Catalog entry 'scratch' is not used by any registered pipeline.",
      "conf/base/catalog.yml:5:1 KL110 Catalog entry 'leftover' is not used by any registered pipeline.",
    ]);
  });

  test('KL110 unused entry, KL111 missing input file, KL112 backwards layer', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CAT,
      'data/01_raw/present.csv': 'a\n1\n',
      'src/demo/pipelines/p/nodes.py': NODES,
      'src/demo/pipelines/p/pipeline.py': PIPE(`        Node(clean, ["raw", "present", "params:x"], "features"),
        Node(clean, ["features", "present", "params:x"], "clean"),`),
      'conf/base/parameters.yml': 'x: {threshold: 1.0}\n',
    });
    // `{name}_pattern` matches none of the pipeline's datasets.
    expect(render(result, 'KL110')).toEqual([
      "conf/base/catalog.yml:16:1 KL110 Catalog entry 'leftover' is not used by any registered pipeline.",
      "conf/base/catalog.yml:19:1 KL110 Dataset factory '{name}_pattern' matches no dataset of any registered pipeline.",
    ]);
    expect(render(result, 'KL111')).toEqual(["conf/base/catalog.yml:3:13 KL111 'raw' is read from 'data/01_raw/raw.csv', which does not exist in the project."]);
    expect(render(result, 'KL112')).toHaveLength(1);
    expect(render(result, 'KL112')[0]).toMatch(/^src\/demo\/pipelines\/p\/pipeline\.py:8:59 KL112 Node 'clean__[0-9a-f]{8}' reads 'features' \(model_input\) but writes 'clean' to an earlier layer \(intermediate\)\.$/);
  });
});

describe('KL111 only for known file datasets with local paths', () => {
  test('project classes, absolute paths outside the project and files another entry writes are not checked', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': `store:
  type: demo.datasets.StoreDataset
  path: data/store/
on_dbfs:
  type: pandas.CSVDataset
  filepath: /dbfs/FileStore/a.csv
made:
  type: pandas.CSVDataset
  filepath: data/made.csv
made_again:
  type: pandas.CSVDataset
  filepath: data/made.csv
parts:
  type: partitions.PartitionedDataset
  path: data/parts
  dataset: pandas.CSVDataset
missing:
  type: pandas.CSVDataset
  filepath: /proj/data/missing.csv
`,
      'src/demo/datasets.py': `from kedro.io import AbstractDataset

class StoreDataset(AbstractDataset):
    def __init__(self, path):
        self._p = path
`,
      'src/demo/pipelines/p/nodes.py': 'def f(*a): return 1\n',
      'src/demo/pipelines/p/pipeline.py': `from kedro.pipeline import Pipeline, Node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([
        Node(f, ["store", "on_dbfs", "parts", "missing"], "made"),
        Node(f, "made_again", "y"),
    ])
`,
    });
    expect(render(result, 'KL111')).toEqual([
      "conf/base/catalog.yml:15:9 KL111 'parts' is read from 'data/parts', which does not exist in the project.",
      "conf/base/catalog.yml:19:13 KL111 'missing' is read from '/proj/data/missing.csv', which does not exist in the project.",
    ]);
  });
});

describe('KL111 glob paths: judged by whether any file matches', () => {
  const inputs = (names: string[]) => `from kedro.pipeline import Pipeline, Node

def create_pipeline(**kwargs):
    return Pipeline([Node(len, ${JSON.stringify(names)}, "out")])
`;
  const spark = (entries: Record<string, string>) =>
    Object.entries(entries)
      .map(([name, filepath]) => `${name}:\n  type: spark.SparkDataset\n  filepath: ${filepath}\n  file_format: parquet\n`)
      .join('');

  test('*, ?, [ab], ** and a pattern in a folder name: a match is no finding, no match is one', async () => {
    const globs = {
      star: 'data/trips/*.parquet',
      star_none: 'data/trips/*.csv',
      one: 'data/q/part-?.parquet',
      one_none: 'data/q/part-?.csv',
      set: 'data/c/[ab].csv',
      set_none: 'data/c/[xy].csv',
      deep: 'data/deep/**/*.parquet',
      deep_none: 'data/deep/**/*.csv',
      folder: 'data/*/day.parquet',
      folder_none: 'data/*/night.parquet',
      no_folder: 'data/absent/*.parquet',
    };
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': spark(globs),
      'data/trips/part-0.parquet': '',
      'data/q/part-1.parquet': '',
      'data/q/part-10.csv': '',
      'data/c/b.csv': '',
      'data/c/c.csv': '',
      'data/deep/x/y/z.parquet': '',
      'data/deep/x/y/z.txt': '',
      'data/2024/day.parquet': '',
      'src/demo/pipelines/p/pipeline.py': inputs(Object.keys(globs)),
    });
    expect(render(result, 'KL111')).toEqual([
      "conf/base/catalog.yml:15:13 KL111 'one_none' is read from 'data/q/part-?.csv', a pattern that no file in the project matches.",
      "conf/base/catalog.yml:23:13 KL111 'set_none' is read from 'data/c/[xy].csv', a pattern that no file in the project matches.",
      "conf/base/catalog.yml:31:13 KL111 'deep_none' is read from 'data/deep/**/*.csv', a pattern that no file in the project matches.",
      "conf/base/catalog.yml:39:13 KL111 'folder_none' is read from 'data/*/night.parquet', a pattern that no file in the project matches.",
      "conf/base/catalog.yml:43:13 KL111 'no_folder' is read from 'data/absent/*.parquet', a pattern that no file in the project matches.",
      "conf/base/catalog.yml:7:13 KL111 'star_none' is read from 'data/trips/*.csv', a pattern that no file in the project matches.",
    ]);
  });

  test('a ** that would list more than 64 folders is not judged; a file created later is seen', async () => {
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`data/wide/d${i}/x.txt`, '']));
    const { result, host, ws } = await analyzeMemoryProject({
      'conf/base/catalog.yml': spark({ wide: 'data/wide/**/*.parquet', later: 'data/later/*.parquet' }),
      ...many,
      'data/later/README.txt': '',
      'src/demo/pipelines/p/pipeline.py': inputs(['wide', 'later']),
    });
    expect(render(result, 'KL111')).toEqual(["conf/base/catalog.yml:7:13 KL111 'later' is read from 'data/later/*.parquet', a pattern that no file in the project matches."]);
    host.set('data/later/part-0.parquet', '');
    const again = await ws.analyze();
    expect(again && render(again, 'KL111')).toEqual([]);
  });
});

describe('configuration', () => {
  test('KL903 names the one key CONFIG_LOADER_ARGS lacks', async () => {
    const { result } = await analyzeMemoryProject({
      'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"base_env": "base", "merge_strategy": {"parameters": "soft"}}\n',
      'conf/base/catalog.yml': 'a:\n  type: MemoryDataset\n',
    });
    expect(render(result, 'KL903')).toEqual([
      "src/demo/settings.py:1:1 KL903 CONFIG_LOADER_ARGS lacks 'default_run_env'; Kedro then uses '' for it: the run environment is the conf folder itself, which reads the files of every environment folder together (a key in two of them stops the run with \"Duplicate keys found\").",
    ]);
  });

  test("KL903 for a default_run_env set to '' (any release): the run environment is the conf folder itself, not base alone", async () => {
    for (const requirements of ['kedro==0.18.14\n', 'kedro==1.5.0\n']) {
      const { result } = await analyzeMemoryProject({
        'requirements.txt': requirements,
        'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": ""}\n',
        'conf/base/catalog.yml': 'a:\n  type: MemoryDataset\n',
      });
      expect(result.projects[0]!.model.envChain).toEqual(['base', '']);
      expect(render(result, 'KL903')).toEqual([
        "src/demo/settings.py:1:1 KL903 CONFIG_LOADER_ARGS sets 'default_run_env' to '': the run environment is the conf folder itself, which reads the files of every environment folder together (a key in two of them stops the run with \"Duplicate keys found\").",
      ]);
    }
    const both = await analyzeMemoryProject({ 'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"base_env": "", "default_run_env": ""}\n', 'conf/base/catalog.yml': 'a:\n  type: MemoryDataset\n' });
    expect(render(both.result, 'KL903')).toEqual([
      "src/demo/settings.py:1:1 KL903 CONFIG_LOADER_ARGS sets 'base_env' and 'default_run_env' to '': both the base and the run environment are the conf folder itself, which reads the files of every environment folder together (a key in two of them stops the run with \"Duplicate keys found\").",
    ]);
    const named = await analyzeMemoryProject({ 'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local"}\n', 'conf/base/catalog.yml': 'a:\n  type: MemoryDataset\n' });
    expect(render(named.result, 'KL903')).toEqual([]);
  });

  test('KL903 loader args without env keys; KL904 missing env folder', async () => {
    const { result } = await analyzeMemoryProject({
      'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"merge_strategy": {"parameters": "soft"}}\n',
      'conf/base/catalog.yml': 'a:\n  type: MemoryDataset\n',
    }, { env: 'prod' });
    expect(render(result).filter((l) => /KL90[34]/.test(l))).toEqual([
      "pyproject.toml:1:1 KL904 Environment folder 'conf/prod' does not exist; `kedro run --env=prod` fails.",
      "src/demo/settings.py:1:1 KL903 CONFIG_LOADER_ARGS lacks 'base_env' and 'default_run_env'; Kedro then uses '' for them: both the base and the run environment are the conf folder itself, which reads the files of every environment folder together (a key in two of them stops the run with \"Duplicate keys found\").",
    ]);
  });

  test('KL905 oc.env outside credentials, unknown resolver, missing globals, runtime params without default', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/globals.yml': 'folders:\n  raw: data/01_raw\n',
      'conf/base/catalog.yml': `a:
  type: pandas.CSVDataset
  filepath: \${oc.env:DATA}/a.csv
b:
  type: pandas.CSVDataset
  filepath: \${globals:folders.raw}/b.csv
c:
  type: pandas.CSVDataset
  filepath: \${globals:folders.missing}/c.csv
d:
  type: pandas.CSVDataset
  filepath: \${globals:other, data}/d.csv
e:
  type: pandas.CSVDataset
  filepath: \${my_resolver:x}/e.csv
`,
      'conf/base/parameters.yml': 'seed: ${runtime_params:seed}\nlr: ${runtime_params:lr, 0.1}\n',
      'conf/local/credentials.yml': 'db:\n  password: ${oc.env:DB_PASSWORD}\n',
    });
    expect(render(result, 'KL905')).toEqual([
      "conf/base/catalog.yml:15:13 KL905 Resolver 'my_resolver' is not registered in CONFIG_LOADER_ARGS[\"custom_resolvers\"].",
      "conf/base/catalog.yml:3:13 KL905 'oc.env' is only available in credentials files unless settings.py registers it in CONFIG_LOADER_ARGS[\"custom_resolvers\"].",
      "conf/base/catalog.yml:9:13 KL905 Globals key 'folders.missing' is not defined in globals.yml and has no default.",
      "conf/base/parameters.yml:1:7 KL905 'seed' must be passed with `kedro run --params seed=...` (no default given).",
    ]);
  });

  test('KL905: a globals file the parameters patterns also take is still read as globals (and as parameters)', async () => {
    const settings = `from kedro.config import OmegaConfigLoader
CONFIG_LOADER_CLASS = OmegaConfigLoader
CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local", "config_patterns": {"parameters": ["parameters*", "globals.yml"]}}
`;
    const { result } = await analyzeMemoryProject({
      'requirements.txt': 'kedro~=1.0\n',
      'src/demo/settings.py': settings,
      'conf/base/globals.yml': 'shapes:\n  circle:\n    cols: [r]\nsquare:\n  cols: [side]\n',
      'conf/base/catalog.yml': 'geo:\n  type: MemoryDataset\n  metadata:\n    all: ${globals:shapes}\n    gone: ${globals:triangle}\n',
      'src/demo/pipeline_registry.py': `from kedro.pipeline import Pipeline, node
def f(*a): return 1
def register_pipelines():
    return {"__default__": Pipeline([node(f, ["params:shapes.circle.cols", "params:shapes.square.cols"], "geo")])}
`,
    });
    expect(render(result, 'KL905')).toEqual(["conf/base/catalog.yml:5:11 KL905 Globals key 'triangle' is not defined in globals.yml and has no default."]);
    // Its keys are parameters too: `square` sits at the top level, not under `shapes`.
    expect(render(result, 'KL201')).toEqual(["src/demo/pipeline_registry.py:4:77 KL201 Parameter 'shapes.square.cols' is not defined in the parameters of base + local."]);
  });

  test('KL905: a globals file the catalog patterns take first is still read as globals (and as a catalog)', async () => {
    // The globals patterns take `catalog_globals.yml`, which `catalog*` takes first: OmegaConfigLoader matches each kind's
    // patterns on its own, so `${globals:...}` reads it, and its keys are catalog keys as well.
    const settings = `from kedro.config import OmegaConfigLoader
CONFIG_LOADER_CLASS = OmegaConfigLoader
CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local", "config_patterns": {"globals": ["*globals.yml"]}}
`;
    const files = {
      'requirements.txt': 'kedro~=1.0\n',
      'src/demo/settings.py': settings,
      'conf/base/catalog_globals.yml': 'bucket: s3://data\nfolders:\n  raw: 01_raw\n',
      'conf/base/catalog.yml': 'geo:\n  type: pandas.CSVDataset\n  filepath: ${globals:bucket}/${globals:folders.raw}/geo.csv\n  metadata:\n    gone: ${globals:folders.none}\n',
      'src/demo/pipeline_registry.py': `from kedro.pipeline import Pipeline, node
def f(*a): return 1
def register_pipelines():
    return {"__default__": Pipeline([node(f, "geo", "out")])}
`,
    };
    const { result } = await analyzeMemoryProject(files);
    const model = result.projects[0]!.model;
    expect(model.confFiles.find((f) => f.ref.relPath === 'catalog_globals.yml')?.kind).toBe('catalog');
    expect(render(result, 'KL905')).toEqual(["conf/base/catalog.yml:5:11 KL905 Globals key 'folders.none' is not defined in globals.yml and has no default."]);
    expect(resolvedConfig(model, 'catalog', 'geo')).toContain('  filepath: s3://data/01_raw/geo.csv\n');
    // Credentials files are not globals: a pattern taking them reads nothing into `${globals:...}` here.
    const creds = await analyzeMemoryProject({ ...files, 'conf/base/catalog_globals.yml': 'x: 1\n', 'conf/local/credentials_globals.yml': 'bucket: s3://secret\n' });
    expect(render(creds.result, 'KL905').map((l) => l.split(' KL905 ')[1])).toEqual([
      "Globals key 'bucket' is not defined in globals.yml and has no default.",
      "Globals key 'folders.raw' is not defined in globals.yml and has no default.",
      "Globals key 'folders.none' is not defined in globals.yml and has no default.",
    ]);
  });

  test('KL905 knows the resolvers the project registers itself with OmegaConf.register_new_resolver', async () => {
    const catalog = 'm:\n  type: MemoryDataset\n  metadata:\n    a: ${today:x}\n    b: ${later:y}\n    c: ${nowhere:z}\n';
    const files = {
      'conf/base/catalog.yml': catalog,
      'src/demo/settings.py': 'from omegaconf import OmegaConf\nOmegaConf.register_new_resolver("today", lambda x: x)\n',
      'src/demo/hooks.py': 'from omegaconf import OmegaConf\nclass H:\n    def after_context_created(self, context):\n        OmegaConf.register_new_resolver(name="later", resolver=str)\n',
    };
    const { result } = await analyzeMemoryProject(files);
    expect(render(result, 'KL905')).toEqual(["conf/base/catalog.yml:6:8 KL905 Resolver 'nowhere' is not registered in CONFIG_LOADER_ARGS[\"custom_resolvers\"]."]);
    // A name computed at run time could be any resolver: none is reported.
    const computed = await analyzeMemoryProject({ ...files, 'src/demo/resolvers.py': 'from omegaconf import OmegaConf\nfor k, f in {"nowhere": str}.items():\n    OmegaConf.register_new_resolver(k, f)\n' });
    expect(render(computed.result, 'KL905')).toEqual([]);
  });

  test("KL905 knows the resolvers an installed plugin's hooks register, unless settings.py disables its hooks", async () => {
    const catalog = 'm:\n  type: MemoryDataset\n  metadata:\n    pandera:\n      schema: ${pa.python:demo.schemas.S}\n    other: ${pa.unknown:x}\n';
    const files = { 'conf/base/catalog.yml': catalog, 'requirements.txt': 'kedro~=1.0\nkedro-pandera>=0.2.3\n' };
    const { result } = await analyzeMemoryProject(files);
    expect(render(result, 'KL905')).toEqual(["conf/base/catalog.yml:6:12 KL905 Resolver 'pa.unknown' is not registered in CONFIG_LOADER_ARGS[\"custom_resolvers\"]."]);
    const disabled = await analyzeMemoryProject({ ...files, 'src/demo/settings.py': 'DISABLE_HOOKS_FOR_PLUGINS = ("kedro-pandera",)\n' });
    expect(render(disabled.result, 'KL905')).toEqual([
      "conf/base/catalog.yml:5:15 KL905 Resolver 'pa.python' is not registered in CONFIG_LOADER_ARGS[\"custom_resolvers\"].",
      "conf/base/catalog.yml:6:12 KL905 Resolver 'pa.unknown' is not registered in CONFIG_LOADER_ARGS[\"custom_resolvers\"].",
    ]);
  });
});
