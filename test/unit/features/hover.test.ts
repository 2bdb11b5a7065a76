import { describe, expect, test } from 'vitest';
import { completionsAt } from '../../../server/src/features/completion';
import { hoverFor } from '../../../server/src/features/hover';
import { positionIndex } from '../../../server/src/features/positions';
import { analyzeMemoryProject } from '../../helpers/analyze';

const PIPE = `from kedro.pipeline import Pipeline, Node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([
        Node(f, "companys", "mid", name="a"),
        Node(f, "mid", "", name="b"),
        Node(f, "", "out", name="c"),
    ])
`;

async function setup() {
  const { result, host } = await analyzeMemoryProject({
    'conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n',
    'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
    'src/demo/pipelines/p/pipeline.py': PIPE,
  });
  const model = result.projects[0]!.model;
  const uri = host.uri('src/demo/pipelines/p/pipeline.py');
  const lines = PIPE.split('\n');
  const hoverAt = (line: number, needle: string): string | undefined => {
    const t = positionIndex(model).at(uri, { line, character: (lines[line] as string).indexOf(needle) + 1 });
    return t && hoverFor(model, t);
  };
  return { model, uri, hoverAt };
}

describe('dataset hover', () => {
  test('a name nobody provides is "not found", with the names KL001 suggests (not a MemoryDataset)', async () => {
    const { hoverAt } = await setup();
    expect(hoverAt(5, '"companys"')).toBe(
      [
        '**`companys`** — not found',
        '',
        'No catalog entry in base + local, no dataset factory and no node output has this name.',
        '',
        'Did you mean `companies`?',
        '',
        'read by `a`',
      ].join('\n'),
    );
  });

  test('a node output outside the catalog is still a MemoryDataset', async () => {
    const { hoverAt } = await setup();
    expect(hoverAt(6, '"mid"')).toBe(['**`mid`** — MemoryDataset', '', 'Not in the catalog: it lives in memory while the run lasts and is not saved.', '', 'written by `a` · read by `b`'].join('\n'));
  });

  test('an empty string being typed gets no hover and is never offered as a dataset', async () => {
    const { model, uri, hoverAt } = await setup();
    expect(hoverAt(7, '""')).toBeUndefined();
    const line = 7;
    const items = completionsAt(model, uri, PIPE, { line, character: (PIPE.split('\n')[line] as string).indexOf('""') + 1 });
    expect(items.map((i) => i.label)).not.toContain('');
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['companies', 'mid', 'params:']));
  });
});

describe('odd names', () => {
  test('a catalog key holding a newline stays inside its code span', async () => {
    const pipe = 'from kedro.pipeline import Pipeline, Node\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(f, "x\\ny", "out", name="a")])\n';
    const { result, host } = await analyzeMemoryProject({
      'conf/base/catalog.yml': '"x\\ny":\n  type: pandas.CSVDataset\n  filepath: data/x.csv\n',
      'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
      'src/demo/pipelines/p/pipeline.py': pipe,
    });
    const model = result.projects[0]!.model;
    const t = positionIndex(model).at(host.uri('src/demo/pipelines/p/pipeline.py'), { line: 4, character: (pipe.split('\n')[4] as string).indexOf('"x') + 1 });
    expect(t && hoverFor(model, t)?.split('\n')[0]).toBe('**`x\\ny`** — `pandas.CSVDataset`');
  });
});

describe('dataset hover on a project that prefixes its catalog keys', () => {
  const PREFIXED = `from kedro.pipeline import Pipeline, Node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([
        Node(f, "raw.sales", "clean_sales", name="a"),
        Node(f, "clean_sales", "report", name="b"),
    ])
`;
  const CATALOG = `raw.sales:
  type: kedro_mlflow.io.artifacts.MlflowArtifactDataset
  dataset:
    type: pandas.CSVDataset
    filepath: data/01_raw/sales.csv
processed.clean_sales:
  type: pandas.ParquetDataset
  filepath: data/03_primary/clean_sales.parquet
`;
  test('a wrapper shows the dataset it wraps; a memory dataset names the prefixed entry it is not', async () => {
    const { result, host } = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n', 'src/demo/pipelines/p/pipeline.py': PREFIXED });
    const model = result.projects[0]!.model;
    const lines = PREFIXED.split('\n');
    const at = (line: number, needle: string) => {
      const t = positionIndex(model).at(host.uri('src/demo/pipelines/p/pipeline.py'), { line, character: (lines[line] as string).indexOf(needle) + 1 });
      return t && hoverFor(model, t);
    };
    expect(at(5, '"raw.sales"')).toBe(
      [
        '**`raw.sales`** — `kedro_mlflow.io.artifacts.MlflowArtifactDataset`',
        '',
        'dataset: `pandas.CSVDataset` · filepath: `data/01_raw/sales.csv`  \nfrom: `conf/base/catalog.yml` (base)',
        '',
        'written by — · read by `a`',
      ].join('\n'),
    );
    expect(at(5, '"clean_sales"')).toBe(
      [
        '**`clean_sales`** — MemoryDataset',
        '',
        'Not in the catalog: it lives in memory while the run lasts and is not saved.',
        '',
        'The catalog has `processed.clean_sales`: another name (its prefix is part of it), not this dataset.',
        '',
        'written by `a` · read by `b`',
      ].join('\n'),
    );
  });
});

describe('dataset hover on transcoded names', () => {
  // kedro-viz demo project: written as `int_typed_shuttles@pandas1`, read as `int_typed_shuttles@pandas2`.
  test('a reader of another variant is a reader of this dataset, as the writer of another variant is its writer', async () => {
    const pipe = `from kedro.pipeline import Pipeline, Node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([
        Node(f, "shuttles", "typed@pandas1", name="w"),
        Node(f, "typed@pandas2", "out", name="r"),
    ])
`;
    const { result, host } = await analyzeMemoryProject({
      'conf/base/catalog.yml':
        'shuttles:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/s.csv\n' +
        'typed@pandas1:\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/t.pq\n' +
        'typed@pandas2:\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/t.pq\n',
      'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
      'src/demo/pipelines/p/pipeline.py': pipe,
    });
    const model = result.projects[0]!.model;
    const uri = host.uri('src/demo/pipelines/p/pipeline.py');
    const lines = pipe.split('\n');
    const flowAt = (line: number, needle: string): string | undefined => {
      const t = positionIndex(model).at(uri, { line, character: (lines[line] as string).indexOf(needle) + 1 });
      return t && hoverFor(model, t)?.split('\n').at(-1);
    };
    expect(flowAt(5, '"typed@pandas1"')).toBe('written by `w` · read by `r (as @pandas2)`');
    expect(flowAt(6, '"typed@pandas2"')).toBe('written by `w` · read by `r`');
  });
});

describe('parameter hover', () => {
  // template_config_loader_demo (0.18): nodes take `parameters` whole, so no node names `params:env` itself.
  test('nodes given `parameters` or an enclosing `params:` dictionary are listed as readers too', async () => {
    const pipe = `from kedro.pipeline import Pipeline, Node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([
        Node(f, "parameters", "a", name="whole"),
        Node(f, "params:nested", "b", name="part"),
        Node(f, "params:nested.x", "c", name="one"),
    ])
`;
    const params = 'env: base\nnested:\n  x: 1\n';
    const { result, host } = await analyzeMemoryProject({
      'conf/base/parameters.yml': params,
      'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
      'src/demo/pipelines/p/pipeline.py': pipe,
    });
    const model = result.projects[0]!.model;
    const uri = host.uri('conf/base/parameters.yml');
    const at = (line: number, character: number): string | undefined => {
      const t = positionIndex(model).at(uri, { line, character });
      return t && hoverFor(model, t);
    };
    expect(at(0, 1)).toBe(['**`params:env`** = `base` (str)', '', 'from: `conf/base/parameters.yml` (base) · read by —  \nalso inside `parameters`, read by `whole`'].join('\n'));
    expect(at(2, 3)?.split('\n').slice(2).join('\n')).toBe(
      'from: `conf/base/parameters.yml` (base) · read by `one`  \nalso inside `parameters`, read by `whole`  \nalso inside `params:nested`, read by `part`',
    );
  });
});

describe('hovers while no pipeline could be analysed', () => {
  test('who writes, reads or matches is unknown, not "—" (a registry built in a loop over a config file)', async () => {
    const registry = 'from kedro.pipeline import Pipeline\nfrom .config import load\n\ndef register_pipelines():\n    pipelines = {}\n    for name in load():\n        pipelines[name] = Pipeline([])\n    return pipelines\n';
    const catalog = '"{p}__labels":\n  type: pandas.CSVDataset\n  filepath: data/{p}/labels.csv\nvotes:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/votes.csv\n';
    const { result } = await analyzeMemoryProject({ 'src/demo/pipeline_registry.py': registry, 'src/demo/config.py': 'def load():\n    return {}\n', 'conf/base/catalog.yml': catalog, 'conf/base/parameters.yml': 'k: 1\n' });
    const m = result.projects[0]!.model;
    const uri = 'file:///proj/conf/base/catalog.yml';
    const entries = [...m.confFiles].find((f) => f.uri === uri)!.catalog;
    const factory = entries.find((e) => e.isPattern)!;
    const votes = entries.find((e) => e.name === 'votes')!;
    expect(hoverFor(m, { kind: 'catalogKey', name: factory.name, entry: factory, uri, env: 'base' })?.split('\n')[2]).toBe('matches: unknown (no pipeline could be analysed)');
    expect(hoverFor(m, { kind: 'catalogKey', name: 'votes', entry: votes, uri, env: 'base' })?.split('\n').pop()).toBe('written by unknown (no pipeline could be analysed) · read by unknown (no pipeline could be analysed)');
    expect(hoverFor(m, { kind: 'paramKey', path: 'k' } as Parameters<typeof hoverFor>[1])?.split('\n').pop()).toBe('from: `conf/base/parameters.yml` (base) · read by unknown (no pipeline could be analysed)');
  });
});
