import { describe, expect, test } from 'vitest';
import { completionsAt } from '../../../server/src/features/completion';
import { hoverFor } from '../../../server/src/features/hover';
import { definitionOf, referencesOf } from '../../../server/src/features/navigation';
import { positionIndex } from '../../../server/src/features/positions';
import { analyzeMemoryProject } from '../../helpers/analyze';
import { wrapArgAt } from '../../../server/src/features/wrapContext';

const PIPE = `from kedro.pipeline import Node, Pipeline
from .nodes import evaluate, split, train


def create_pipeline(**kwargs) -> Pipeline:
    base = Pipeline(
        [
            Node(split, ["model_input_table", "params:model_options"], ["X_train", "y_train"], name="split"),
            Node(train, ["X_train", "y_train"], "regressor", name="train"),
            Node(evaluate, ["regressor", "X_train"], "metrics", name="evaluate"),
        ]
    )
    gbm = Pipeline(base, namespace="gbm", inputs={"model_input_table": "model_table"}, outputs={"metrics": "gbm_metrics"}, parameters={"model_options": "gbm_options"})
    linear = Pipeline(base, namespace="linear", inputs="model_input_table", parameters={"params:model_options"})
    return gbm + linear
`;

const CATALOG = `model_input_table:
  type: pandas.CSVDataset
  filepath: data/03_primary/model_input_table.csv

model_table:
  type: pandas.CSVDataset
  filepath: data/03_primary/model_table.csv

"{ns}.regressor":
  type: pickle.PickleDataset
  filepath: data/06_models/{ns}_regressor.pkl
`;

const PARAMS = `model_options:
  test_size: 0.2
gbm_options:
  test_size: 0.3
linear:
  model_options:
    test_size: 0.25
`;

async function setup() {
  const { result, host } = await analyzeMemoryProject({
    'conf/base/catalog.yml': CATALOG,
    'conf/base/parameters.yml': PARAMS,
    'src/demo/pipelines/models/nodes.py': 'def split(t, o):\n    return t, t\n\n\ndef train(x, y):\n    return x\n\n\ndef evaluate(r, x):\n    return {}\n',
    'src/demo/pipelines/models/pipeline.py': PIPE,
  });
  const model = result.projects[0]!.model;
  const uri = host.uri('src/demo/pipelines/models/pipeline.py');
  const lines = PIPE.split('\n');
  const pos = (line: number, needle: string, shift = 1) => ({ line, character: (lines[line] as string).indexOf(needle) + shift });
  const target = (line: number, needle: string, shift = 1) => positionIndex(model).at(uri, pos(line, needle, shift));
  const hover = (line: number, needle: string) => {
    const t = target(line, needle);
    return t && hoverFor(model, t);
  };
  const definition = (line: number, needle: string) => {
    const t = target(line, needle);
    return t ? definitionOf(model, t).map((l) => `${l.uri.slice(l.uri.indexOf('/proj/') + 6)}:${l.span.start.line}:${l.span.start.character}-${l.span.end.character}`) : undefined;
  };
  return { model, uri, lines, pos, target, hover, definition, host };
}

const catalogEntry = (name: string, type: string, filepath: string, layer: string, extra: string[] = [], flow: string) =>
  [`**\`${name}\`** — \`${type}\``, '', [`filepath: \`${filepath}\``, `layer: ${layer}`, 'from: `conf/base/catalog.yml` (base)', ...extra].join('  \n'), '', flow].join('\n');

describe('a template pipeline reused under two namespaces', () => {
  test('hover on a string of the template lists every instance, then each one', async () => {
    const { hover } = await setup();
    expect(hover(8, '"regressor"')).toBe(
      [
        '**`regressor`** in a reused pipeline — used as `gbm.regressor` (gbm) and `linear.regressor` (linear)',
        '',
        '---',
        '',
        catalogEntry('gbm.regressor', 'pickle.PickleDataset', 'data/06_models/gbm_regressor.pkl', 'models (from its `06_models` folder; no metadata layer)', ['factory: `{ns}.regressor`', 'load() → Any · save() ← Any'], 'written by `gbm.train` · read by `gbm.evaluate`'),
        '',
        '---',
        '',
        catalogEntry('linear.regressor', 'pickle.PickleDataset', 'data/06_models/linear_regressor.pkl', 'models (from its `06_models` folder; no metadata layer)', ['factory: `{ns}.regressor`', 'load() → Any · save() ← Any'], 'written by `linear.train` · read by `linear.evaluate`'),
      ].join('\n'),
    );
    // A mapped parameter keeps its mapped name in one instance, and is prefixed in the other only when not listed.
    expect(hover(7, '"params:model_options"')).toBe(
      [
        '**`params:model_options`** in a reused pipeline — used as `params:gbm_options` (gbm) and `params:model_options` (linear)',
        '',
        '---',
        '',
        '**`params:gbm_options`** = `{test_size}` (dict)\n\nfrom: `conf/base/parameters.yml` (base) · read by `gbm.split`',
        '',
        '---',
        '',
        '**`params:model_options`** = `{test_size}` (dict)\n\nfrom: `conf/base/parameters.yml` (base) · read by `linear.split`',
      ].join('\n'),
    );
  });

  test('F12 on a string of the template goes to every instance; references cover every instance', async () => {
    const { definition, target, model } = await setup();
    // X_train read by `train`: written by `split` in both instances (one place).
    expect(definition(8, '"X_train"')).toEqual(['src/demo/pipelines/models/pipeline.py:7:73-80']);
    // Both instances' parameters, each its own YAML key.
    expect(definition(7, '"params:model_options"')).toEqual(['conf/base/parameters.yml:2:0-11', 'conf/base/parameters.yml:0:0-13']);
    expect(definition(8, '"regressor"')).toEqual(['conf/base/catalog.yml:8:0-16']);
    const t = target(8, '"X_train"');
    const refs = t ? referencesOf(model, t, false).map((l) => `${l.span.start.line}:${l.span.start.character}`) : [];
    // gbm.X_train and linear.X_train: written once, read twice, in the template (deduplicated places).
    expect(refs).toEqual(['7:73', '8:26', '9:42']);
  });

  test('strings of the wrapper: a mapping key names the inner dataset, a value the outer one', async () => {
    const { hover, definition } = await setup();
    const modelTable = catalogEntry('model_table', 'pandas.CSVDataset', 'data/03_primary/model_table.csv', 'primary (from its `03_primary` folder; no metadata layer)', ['load() → pd.DataFrame · save() ← pd.DataFrame'], 'written by — · read by `gbm.split`');
    expect(hover(12, '"model_input_table"')).toBe(
      ['**`model_input_table`** — `inputs=` key: the wrapped pipeline\'s dataset, renamed to `model_table`', '', 'used as `model_table` (gbm)', '', '---', '', modelTable].join('\n'),
    );
    expect(hover(12, '"model_table"')).toBe(['**`model_table`** — `inputs=` value: what the wrapped pipeline\'s `model_input_table` becomes', '', 'used as `model_table` (gbm)', '', '---', '', modelTable].join('\n'));
    // Key → where the template's nodes use it; value → the catalog entry.
    expect(definition(12, '"model_input_table"')).toEqual(['src/demo/pipelines/models/pipeline.py:7:26-43']);
    expect(definition(12, '"model_table"')).toEqual(['conf/base/catalog.yml:4:0-11']);
    expect(definition(12, '"metrics"')).toEqual(['src/demo/pipelines/models/pipeline.py:9:54-61']);
    // The mapped output is produced by the template's node: F12 on the value lands there.
    expect(definition(12, '"gbm_metrics"')).toEqual(['src/demo/pipelines/models/pipeline.py:9:54-61']);
    expect(hover(12, '"gbm_options"')).toBe(
      [
        '**`params:gbm_options`** — `parameters=` value: what the wrapped pipeline\'s `params:model_options` becomes',
        '',
        'used as `params:gbm_options` (gbm)',
        '',
        '---',
        '',
        '**`params:gbm_options`** = `{test_size}` (dict)\n\nfrom: `conf/base/parameters.yml` (base) · read by `gbm.split`',
      ].join('\n'),
    );
    expect(definition(12, '"model_options"')).toEqual(['src/demo/pipelines/models/pipeline.py:7:47-67']);
    expect(definition(12, '"gbm_options"')).toEqual(['conf/base/parameters.yml:2:0-11']);
    // A str/set entry keeps its name: it is not prefixed with the namespace.
    expect(hover(13, '"model_input_table"')?.split('\n').slice(0, 3)).toEqual(['**`model_input_table`** — listed in `inputs=`: keeps this name (no namespace prefix)', '', 'used as `model_input_table` (linear)']);
    expect(definition(13, '"model_input_table"')).toEqual(['conf/base/catalog.yml:0:0-17']);
    expect(definition(13, '"params:model_options"')).toEqual(['conf/base/parameters.yml:0:0-13']);
  });

  test('namespace=: the nodes it names, what it renames, where its parameters live', async () => {
    const { hover, definition } = await setup();
    expect(hover(13, '"linear"')).toBe(
      [
        '**namespace `linear`**',
        '',
        [
          'nodes: `linear.split`, `linear.train`, `linear.evaluate`',
          'datasets and parameters not listed in inputs/outputs/parameters are prefixed with `linear.`',
          'renamed: `X_train` → `linear.X_train`, `y_train` → `linear.y_train`, `regressor` → `linear.regressor`, `metrics` → `linear.metrics`',
        ].join('  \n'),
      ].join('\n'),
    );
    expect(hover(12, '"gbm"')?.split('  \n')[2]).toBe(
      'renamed: `model_input_table` → `model_table`, `params:model_options` → `params:gbm_options`, `X_train` → `gbm.X_train`, `y_train` → `gbm.y_train`, `regressor` → `gbm.regressor`, `metrics` → `gbm_metrics`',
    );
    expect(definition(13, '"linear"')).toEqual(['conf/base/parameters.yml:4:0-6']);
  });

  test('completion in the wrapper: keys offer the wrapped names of that argument, values the outer ones', async () => {
    const { model, uri, lines, pos } = await setup();
    const text = PIPE;
    const at = (line: number, needle: string) => completionsAt(model, uri, text, pos(line, needle, needle.length)).map((c) => c.label);
    expect(at(12, 'inputs={"')).toEqual(['model_input_table']);
    expect(at(12, 'outputs={"')).toEqual(['X_train', 'y_train', 'regressor', 'metrics']);
    expect(at(12, 'parameters={"')).toEqual(['model_options']);
    expect(at(13, 'inputs="')).toEqual(['model_input_table']);
    expect(at(13, 'parameters={"')).toEqual(['model_options']);
    // A value: any dataset of the project (catalog entries first), or any parameter.
    expect(at(12, '"model_input_table": "').slice(0, 2)).toEqual(['model_input_table', 'model_table']);
    expect(at(12, '"model_options": "')).toEqual(['model_options', 'model_options.test_size', 'gbm_options', 'gbm_options.test_size', 'linear', 'linear.model_options', 'linear.model_options.test_size']);
    const range = completionsAt(model, uri, text, pos(12, 'outputs={"', 'outputs={"'.length))[0]?.range;
    const c = (lines[12] as string).indexOf('outputs={"') + 'outputs={"'.length;
    expect(range).toEqual({ start: { line: 12, character: c }, end: { line: 12, character: c } });
    // Typing a key: the partial is replaced.
    const typed = text.replace('outputs={"metrics"', 'outputs={"reg"');
    const r = completionsAt(model, uri, typed, { line: 12, character: c + 3 });
    expect(r[0]?.range).toEqual({ start: { line: 12, character: c }, end: { line: 12, character: c + 3 } });
    // Node strings inside the template still complete as before.
    expect(at(8, 'Node(train, ["')).toContain('model_table');
  });
});

describe('prefix_datasets_with_namespace by the project\'s Kedro', () => {
  const pipe = `from kedro.pipeline import Node, Pipeline
from .nodes import f


def create_pipeline(**kwargs):
    return Pipeline([Node(f, "a", "b", name="n")], namespace="ns", prefix_datasets_with_namespace=False)
`;
  const hoverNs = async (files: Record<string, string>) => {
    const { result, host } = await analyzeMemoryProject({ 'src/demo/pipelines/p/nodes.py': 'def f(a):\n    return a\n', 'src/demo/pipelines/p/pipeline.py': pipe, ...files });
    const model = result.projects[0]!.model;
    const t = positionIndex(model).at(host.uri('src/demo/pipelines/p/pipeline.py'), { line: 5, character: pipe.split('\n')[5]!.indexOf('"ns"') + 1 });
    return t && hoverFor(model, t);
  };

  test('Kedro 1.x: the nodes are namespaced, their datasets keep their names', async () => {
    expect(await hoverNs({})).toBe(['**namespace `ns`**', '', 'nodes: `ns.n`  \n`prefix_datasets_with_namespace=False`: dataset and parameter names are left as written'].join('\n'));
  });

  test('Kedro 0.19: the argument does not exist yet', async () => {
    expect((await hoverNs({ 'requirements.txt': 'kedro~=0.19.14\n' }))?.split('  \n')[1]).toBe('`prefix_datasets_with_namespace` is new in Kedro 1.0: Kedro >=0.19.14,<0.20 rejects it (TypeError)');
  });
});

describe('wrapArgAt', () => {
  test('which argument and side a string being typed is in', () => {
    expect(wrapArgAt('Pipeline(base, inputs={')).toEqual({ arg: 'inputs', side: 'key' });
    expect(wrapArgAt('pipeline(base, outputs={"a": "b", ')).toEqual({ arg: 'outputs', side: 'key' });
    expect(wrapArgAt('pipeline(base, outputs={"a": ')).toEqual({ arg: 'outputs', side: 'value' });
    expect(wrapArgAt('kp.pipeline(base, parameters=[')).toEqual({ arg: 'parameters', side: 'both' });
    expect(wrapArgAt('Pipeline(\n    base,\n    namespace="x",\n    inputs=')).toEqual({ arg: 'inputs', side: 'both' });
    expect(wrapArgAt('Node(f, inputs=[')).toBeUndefined();
    expect(wrapArgAt('Pipeline([Node(f, inputs=')).toBeUndefined();
    expect(wrapArgAt('Pipeline(base, tags=[')).toBeUndefined();
  });
});
