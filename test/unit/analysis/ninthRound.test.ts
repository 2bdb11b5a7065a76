import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

// Ninth real-project round: the false warnings (and one unclear message), each reproduced here in a few lines.

const PIPELINE = (nodes: string) => `from kedro.pipeline import Pipeline, node
from .nodes import *

def create_pipeline(**kwargs):
    return Pipeline([
${nodes}
    ])
`;

describe('KL203 and TypedDict keys that are not required', () => {
  // A project's preprocessing TypedDict said `total=False` and its node read the optional keys with `.get()`:
  // "lacks 'columns_to_normalize', required by ..." was reported although no key of such a class is required.
  test('total=False makes every key optional unless Required[...]; NotRequired[...] in a total class; both unwrap for the type check', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'df:\n  type: pandas.CSVDataset\n  filepath: df.csv\n',
      'conf/base/parameters.yml': 'prep:\n  drop: [a]\nclean:\n  target: y\nserve:\n  host: h\n  port: "80"\n',
      'src/demo/pipelines/p/nodes.py': [
        'from typing import List, TypedDict',
        'from typing_extensions import NotRequired, Required',
        '',
        'class Prep(TypedDict, total=False):',
        '    drop: List[str]',
        '    target: Required[str]',
        '    normalize: List[str]',
        '',
        'class Serve(TypedDict):',
        '    host: str',
        '    port: NotRequired[int]',
        '    app: dict',
        '',
        'def prep(df, opts: Prep): ...',
        'def clean(df, opts: Prep): ...',
        'def serve(df, opts: Serve): ...',
        '',
      ].join('\n'),
      'src/demo/pipelines/p/pipeline.py': PIPELINE(
        '        node(prep, ["df", "params:prep"], "a"),\n        node(clean, ["df", "params:clean"], "b"),\n        node(serve, ["df", "params:serve"], "c"),',
      ),
    });
    expect(render(result, 'KL203')).toEqual([
      "conf/base/parameters.yml:1:1 KL203 Parameter 'prep' lacks 'target', required by Prep (typeddict).",
      "conf/base/parameters.yml:5:1 KL203 Parameter 'serve' lacks 'app', required by Serve (typeddict).",
      "conf/base/parameters.yml:7:3 KL203 'serve.port' is a str, but Serve.port is annotated as int.",
    ]);
  });
});

describe('KL202 and a parameter the function compares with None', () => {
  // A project annotated `VCT_selection: list` and began the node with `if VCT_selection is None:`; its YAML set
  // `VCT_selection: null`. The function handles None itself, as it does for `x: list = None`.
  test('null is not checked for a parameter the body compares with None; it still is for the others', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'df:\n  type: pandas.CSVDataset\n  filepath: df.csv\n',
      'conf/base/parameters.yml': 'names:\nlimits:\nother:\nlabel: 3\n',
      'src/demo/pipelines/p/nodes.py': [
        'def select(df, names: list, limits: dict, other: list, label: str):',
        '    if names is None:',
        '        names = list(df)',
        '    bounds = {} if limits is not None and label == None else limits',
        '    return df[names]',
        '',
      ].join('\n'),
      'src/demo/pipelines/p/pipeline.py': PIPELINE('        node(select, ["df", "params:names", "params:limits", "params:other", "params:label"], "a"),'),
    });
    expect(render(result, 'KL202')).toEqual([
      "src/demo/pipelines/p/pipeline.py:6:63 KL202 Parameter 'other' is null in YAML, but 'select' annotates 'other' as list.",
      "src/demo/pipelines/p/pipeline.py:6:79 KL202 Parameter 'label' is an int in YAML, but 'select' annotates 'label' as str.",
    ]);
  });
});

describe('KL101 and the dataset classes Kedro 0.17 had', () => {
  // A Kedro 0.17.6 project's catalog used `pandas.AppendableExcelDataSet`, which kedro.extras.datasets had until 0.18.0
  // (as `networkx.NetworkXDataSet`); the class table started at 0.18.0.
  const CATALOG = 'book:\n  type: pandas.AppendableExcelDataSet\n  filepath: data/book.xlsx\ngraph:\n  type: networkx.NetworkXDataSet\n  filepath: data/graph.json\n';
  test('known on 0.17, reported with the releases that have it on 0.18', async () => {
    const on017 = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'requirements.txt': 'kedro==0.17.6\n' });
    expect(render(on017.result, 'KL101')).toEqual([]);
    const on018 = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'requirements.txt': 'kedro==0.18.14\n' });
    expect(render(on018.result, 'KL101')).toEqual([
      "conf/base/catalog.yml:2:9 KL101 Dataset type 'pandas.AppendableExcelDataSet' does not exist in the releases this project uses (kedro ==0.18.14 · kedro-datasets >=1.0,<2.1, from requirements.txt: kedro ==0.18.14); it exists in kedro.extras.datasets (kedro 0.17.0–<0.18.0).",
      "conf/base/catalog.yml:5:9 KL101 Dataset type 'networkx.NetworkXDataSet' does not exist in the releases this project uses (kedro ==0.18.14 · kedro-datasets >=1.0,<2.1, from requirements.txt: kedro ==0.18.14); it exists in kedro.extras.datasets (kedro 0.17.0–<0.18.0).",
    ]);
  });
});

describe('KL030 names the class a bare annotation means when it shares the loaded type\'s name', () => {
  // A Kedro 0.18 project imported `from pyspark.sql import DataFrame` and annotated a node reading a pandas CSV with it:
  // "loads pd.DataFrame, but ... annotates 'data' as DataFrame" read as a contradiction-free sentence.
  test('DataFrame (pyspark.sql.DataFrame) against pd.DataFrame, read and returned; a dotted annotation stays as written', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'raw:\n  type: pandas.CSVDataset\n  filepath: raw.csv\ntagged:\n  type: pandas.CSVDataset\n  filepath: tagged.csv\n',
      'src/demo/pipelines/p/nodes.py': [
        'import polars as pl',
        'from pyspark.sql import DataFrame',
        '',
        'def tag(data: DataFrame) -> DataFrame: ...',
        'def count(data: pl.DataFrame) -> None: ...',
        '',
      ].join('\n'),
      'src/demo/pipelines/p/pipeline.py': PIPELINE('        node(tag, "raw", "tagged"),\n        node(count, "raw", None),'),
    });
    expect(render(result, 'KL030')).toEqual([
      "src/demo/pipelines/p/pipeline.py:6:20 KL030 'raw' is a pandas.CSVDataset that loads pd.DataFrame, but 'tag' annotates 'data' as DataFrame (pyspark.sql.DataFrame).",
      "src/demo/pipelines/p/pipeline.py:6:27 KL030 'tag' returns DataFrame (pyspark.sql.DataFrame), but 'tagged' is a pandas.CSVDataset that saves pd.DataFrame.",
      "src/demo/pipelines/p/pipeline.py:7:22 KL030 'raw' is a pandas.CSVDataset that loads pd.DataFrame, but 'count' annotates 'data' as pl.DataFrame.",
    ]);
  });
});

describe('Catalogs a Kedro 0.18 project reads with OmegaConfigLoader, and escaped braces in a factory', () => {
  // A 0.18.7 project set CONFIG_LOADER_CLASS = OmegaConfigLoader and kept its old Jinja loops as YAML comments
  // (`#{% set ships = [...] %}`); one factory wrote `filepath: data/{namespace}/{{ship}}.ship`. The file was taken for a
  // template TemplatedConfigLoader renders (KL909, nothing in it read); read, `{{ship}}` was a missing '{ship}' (KL106),
  // though 0.18 fills values in with str.format_map, where `{{ship}}` is the text `{ship}`.
  const CATALOG = [
    '#{% set ships = ["a", "b"] %}',
    '"{namespace}.ship":',
    '  type: pickle.PickleDataset',
    '  filepath: data/{namespace}/{{ship}}.ship',
    '"{namespace}.table":',
    '  type: pandas.CSVDataset',
    '  filepath: data/{layer}/{namespace}.csv',
    '',
  ].join('\n');
  const project = (settings: string, kedro: string) => ({
    'conf/base/catalog.yml': CATALOG,
    'src/demo/settings.py': settings,
    'requirements.txt': `kedro${kedro}\n`,
  });
  test('OmegaConfigLoader on 0.18: the file is YAML; {{ship}} is no placeholder; {layer} still is', async () => {
    const { result } = await analyzeMemoryProject(project('from kedro.config import OmegaConfigLoader\n\nCONFIG_LOADER_CLASS = OmegaConfigLoader\n', '==0.18.14'));
    expect(render(result).filter((l) => /KL106|KL909/.test(l))).toEqual([
      "conf/base/catalog.yml:5:1 KL106 Pattern '{namespace}.table' uses '{layer}' in its configuration but not in its name.",
    ]);
  });
  test('the default loader on 0.18 may be TemplatedConfigLoader-like: the file is still not read', async () => {
    const { result } = await analyzeMemoryProject(project('', '==0.18.14'));
    expect(render(result).filter((l) => /KL106|KL909/.test(l))).toEqual([
      'conf/base/catalog.yml:1:1 KL909 This catalog file is a Jinja2 template (TemplatedConfigLoader renders it before reading the YAML); it is not analysed, and checks of what it defines are skipped.',
    ]);
  });
  test("on 0.19 the up-front check reads {{ship}} as '{{ship}', which the key lacks; a range over both reports only {layer}", async () => {
    const on019 = await analyzeMemoryProject(project('', '==0.19.15'));
    expect(render(on019.result, 'KL106')).toEqual([
      "conf/base/catalog.yml:2:1 KL106 Pattern '{namespace}.ship' uses '{{ship}' in its configuration but not in its name.",
      "conf/base/catalog.yml:5:1 KL106 Pattern '{namespace}.table' uses '{layer}' in its configuration but not in its name.",
    ]);
    const both = await analyzeMemoryProject(project('from kedro.config import OmegaConfigLoader\n\nCONFIG_LOADER_CLASS = OmegaConfigLoader\n', '>=0.18.14,<0.20'));
    expect(render(both.result, 'KL106')).toEqual([
      "conf/base/catalog.yml:5:1 KL106 Pattern '{namespace}.table' uses '{layer}' in its configuration but not in its name.",
    ]);
  });
});
