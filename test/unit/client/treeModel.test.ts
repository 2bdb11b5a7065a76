import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ProjectJson } from '../../../common/pipelineModel';
import { buildDatasetTree, buildPipelineTree, findNode, inRanges, nodeAt, RANGE, type TreeNode } from '../../../client/src/views/treeModel';
import { fileUri } from '../../../server/src/core/uri';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { FsSourceHost } from '../../../server/src/host/fsHost';
import { testWorkspace } from '../../helpers/analyze';

const shape = (nodes: readonly TreeNode[], depth = 9): unknown =>
  nodes.map((n) => (n.children.length && depth > 0 ? { [`${n.kind}:${n.label}`]: shape(n.children, depth - 1) } : `${n.kind}:${n.label}`));

let example: ProjectJson;
let modular: ProjectJson;

beforeAll(async () => {
  const ws = await testWorkspace(new FsSourceHost());
  await ws.discover([fileUri(path.resolve('examples/spaceflights')), fileUri(path.resolve('test/fixtures/projects/modular'))]);
  const result = await ws.analyze();
  const projects = result?.projects.map((p) => projectJson(p.model)) ?? [];
  example = projects.find((p) => p.packageName === 'spaceflights') as ProjectJson;
  modular = projects.find((p) => p.packageName === 'modular_demo') as ProjectJson;
});

describe('Pipelines tree', () => {
  test('pipelines in natural order (p2 before p10), __default__ last', () => {
    const names = ['p10', '__default__', 'p2', 'p1', 'data_science'];
    const project = { ...modular, pipelines: names.map((name) => ({ name, partial: false, nodes: [] })) };
    expect(buildPipelineTree([project]).map((n) => n.label)).toEqual(['data_science', 'p1', 'p2', 'p10', '__default__']);
  });

  test('pipelines → namespaces → nodes → datasets, __default__ last', () => {
    expect(shape(buildPipelineTree([modular]), 2)).toEqual([
      { 'pipeline:ingest': [{ 'namespace:eu': ['node:clean'] }, { 'namespace:us': ['node:clean'] }] },
      // Inputs as written in the dict (the hash uses signature order, the tree shows the code's order).
      { 'pipeline:train': [{ 'node:combine__56a37cb3': ['dataset:us.clean_orders', 'dataset:eu.clean_orders', 'dataset:all_orders@pandas'] }, expect.anything(), expect.anything()] },
      { 'pipeline:__default__': expect.any(Array) },
    ]);
    const node = buildPipelineTree([modular])[1]?.children[0];
    expect(node).toMatchObject({ kind: 'node', name: 'combine__56a37cb3', description: 'us.clean_orders, eu.clean_orders → all_orders@pandas', contextValue: 'kedro.node' });
    expect(node?.children.map((c) => [c.label, c.description, c.contextValue])).toEqual([
      ['us.clean_orders', '→ in · pandas.ParquetDataset', 'kedro.dataset.input'],
      ['eu.clean_orders', '→ in · pandas.ParquetDataset', 'kedro.dataset.input'],
      ['all_orders@pandas', 'out → · pandas.ParquetDataset', 'kedro.dataset.output'],
    ]);
  });

  test("a node's dataset rows are built when first read, once; tooltips are built when asked for", () => {
    const node = buildPipelineTree([modular])[1]?.children[0] as TreeNode;
    expect(typeof Object.getOwnPropertyDescriptor(node, 'children')?.get).toBe('function');
    expect(node.hasChildren).toBe(true);
    expect(node.children).toBe(node.children);
    expect(node.children).toHaveLength(3);
    const text = (t: TreeNode['tooltip']): string | undefined => (typeof t === 'function' ? t() : t);
    expect(text(node.tooltip)).toBe('node combine__56a37cb3\nfunction combine');
    expect(text(node.children[0]?.tooltip)).toBe(
      'us.clean_orders: pandas.ParquetDataset\nfilepath: data/02_intermediate/us_orders.parquet\nlayer: intermediate\nfactory: {region}.clean_orders\nenv: base\nwritten by: us.clean\nread by: combine__56a37cb3',
    );
    const raw = buildDatasetTree([modular])[0]?.children[0];
    expect([raw?.label, text(raw?.tooltip)]).toEqual(['raw_orders', 'raw_orders: pandas.CSVDataset\ntype as written: ${_pandas_csv.type}\nfilepath: data/01_raw/orders.csv\nlayer: raw\nenv: base\nwritten by: —\nread by: eu.clean, us.clean']);
    // Nodes without inputs or outputs are leaves.
    const plain = modular.nodes.find((n) => !n.namespace) as ProjectJson['nodes'][number];
    const lone = buildPipelineTree([{ ...modular, nodes: [{ ...plain, inputs: [], outputs: [] }], pipelines: [{ name: 'x', partial: false, nodes: [plain.name] }] }])[0]?.children;
    expect(lone?.map((n) => [n.kind, n.hasChildren, n.children.length])).toEqual([['node', false, 0]]);
  });

  test('several projects get a project level; filters by text and tag', () => {
    expect(shape(buildPipelineTree([example, modular]), 0)).toEqual(['project:Spaceflights', 'project:Modular Demo']);
    const byTag = buildPipelineTree([example], { tags: ['training'] });
    expect(byTag.map((p) => [p.label, p.description, p.children.map((c) => c.label)])).toEqual([
      ['data_processing', '0/3 nodes', []],
      ['data_science', '2/3 nodes', ['train_model_node', 'evaluate_model_node']],
      ['reporting', '0/2 nodes', []],
      ['__default__', '2/8 nodes', ['train_model_node', 'evaluate_model_node']],
    ]);
    expect(buildPipelineTree([example], { text: 'SHUTTLE' })[0]?.children.map((c) => c.label)).toEqual(['preprocess_shuttles_node', 'create_model_input_table_node']);
  });

  test('the project level names the environment as the status bar does, also an empty run environment', async () => {
    const { analyzeMemoryProject } = await import('../../helpers/analyze');
    const { result } = await analyzeMemoryProject({
      'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": ""}\n',
      'conf/base/catalog.yml': 'raw_a:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/a.csv\n',
    });
    const empty = { ...projectJson(result.projects[0]!.model), rootUri: 'file:///other', projectName: 'Empty' };
    expect(empty.env).toBe('');
    const rows = buildPipelineTree([example, empty]);
    const text = (t: TreeNode['tooltip']): string => String(typeof t === 'function' ? t() : t);
    expect(rows.map((r) => [r.label, r.description, text(r.tooltip).split('\n')[1]])).toEqual([
      ['Spaceflights', 'env local', 'environment base + local'],
      // Kedro's run pass is the conf folder itself (every environment folder's files): named as the status bar does.
      ['Empty', 'env the conf folder itself', 'environment base + the conf folder itself'],
    ]);
  });

  test('the node under the cursor', () => {
    const tree = buildPipelineTree([example]);
    const ds = example.nodes.find((n) => n.name === 'train_model_node');
    expect(nodeAt(tree, ds?.location.uri ?? '', (ds?.location.range.start.line ?? 0) + 2)?.id).toBe(`pipeline:${example.rootUri}:data_science/node:train_model_node`);
    expect(nodeAt(tree, ds?.location.uri ?? '', 0)).toBeUndefined();
  });

  test('findNode: the first item, depth first, that matches (how a command reveals a node by name or id)', () => {
    const tree = buildPipelineTree([example]);
    // train_model_node is listed under data_science and again under __default__: the first listing wins.
    expect(findNode(tree, (n) => n.kind === 'node' && n.name === 'train_model_node')?.id).toBe(`pipeline:${example.rootUri}:data_science/node:train_model_node`);
    const id = `pipeline:${example.rootUri}:__default__/node:train_model_node`;
    expect(findNode(tree, (n) => n.id === id)?.id).toBe(id);
    expect(findNode(tree, (n) => n.name === 'no_such_node')).toBeUndefined();
  });
});

describe('Datasets tree', () => {
  test('layers in Kedro order, factory marked, memory last', () => {
    const tree = buildDatasetTree([example]);
    expect(tree.map((l) => l.label)).toEqual(['raw', 'intermediate', 'primary', 'models', 'reporting', 'in memory']);
    expect(tree[1]?.children.map((d) => d.description)).toEqual([
      'pandas.CSVDataset · factory · data/02_intermediate/preprocessed_companies.csv',
      'pandas.CSVDataset · factory · data/02_intermediate/preprocessed_shuttles.csv',
    ]);
    expect(tree[5]?.children.map((d) => d.label)).toEqual(['X_test', 'X_train', 'y_test', 'y_train']);
  });
});

describe('Datasets tree: layers from metadata and from data folders', () => {
  // kedro-viz demo project: most entries declare metadata.kedro-viz.layer, the models only sit in data/06_models/.
  test('a folder layer is named without its number and shares the group of the same metadata layer', async () => {
    const { analyzeMemoryProject } = await import('../../helpers/analyze');
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml':
        'a:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/a.csv\n  metadata:\n    kedro-viz:\n      layer: raw\n' +
        'b:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/b.csv\n' +
        'm:\n  type: pickle.PickleDataset\n  filepath: data/06_models/m.pkl\n',
      'src/demo/pipelines/p/nodes.py': 'def f(x, y):\n    return x\n',
      'src/demo/pipelines/p/pipeline.py': 'from kedro.pipeline import Pipeline, Node\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(f, ["a", "b"], "m", name="n")])\n',
    });
    const tree = buildDatasetTree([projectJson(result.projects[0]!.model)]);
    expect(tree.map((l) => [l.label, l.children.map((d) => d.label)])).toEqual([
      ['raw', ['a', 'b']],
      ['models', ['m']],
    ]);
  });
});

describe('Datasets tree: inputs in no catalog', () => {
  test('a dataset read but neither in the catalog nor written by a node is not listed as in memory', async () => {
    const { analyzeMemoryProject } = await import('../../helpers/analyze');
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'raw_a:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/a.csv\n',
      'src/demo/pipelines/p/nodes.py': 'def f(x, y):\n    return x\n',
      'src/demo/pipelines/p/pipeline.py': 'from kedro.pipeline import Pipeline, Node\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(f, ["raw_a", "features"], "out", name="n")])\n',
    });
    const tree = buildDatasetTree([projectJson(result.projects[0]!.model)]);
    expect(tree.map((l) => [l.label, l.description, l.children.map((d) => [d.label, d.description])])).toEqual([
      ['raw', '1', [['raw_a', 'pandas.CSVDataset · data/01_raw/a.csv']]],
      ['not in the catalog', '1 · read, never written', [['features', 'no catalog entry, no node writes it']]],
      ['in memory', '1 · not persisted', [['out', 'MemoryDataset']]],
    ]);
  });
});

describe('Datasets tree: unused catalog entries', () => {
  test('listed in their layer, dimmed and marked unused; the pipelines tree does not show them', async () => {
    const { analyzeMemoryProject } = await import('../../helpers/analyze');
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'raw_a:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/a.csv\nold_b:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/b.csv\n',
      'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
      'src/demo/pipelines/p/pipeline.py': 'from kedro.pipeline import Pipeline, Node\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(f, "raw_a", "out", name="n")])\n',
    });
    const project = projectJson(result.projects[0]!.model);
    expect(project.datasets.map((d) => [d.name, d.unused ?? false])).toEqual([['old_b', true], ['out', false], ['raw_a', false]]);
    const tree = buildDatasetTree([project]);
    expect(tree.map((l) => [l.label, l.children.map((d) => [d.label, d.description, d.dimmed ?? false])])).toEqual([
      ['raw', [['old_b', 'unused · pandas.CSVDataset · data/01_raw/b.csv', true], ['raw_a', 'pandas.CSVDataset · data/01_raw/a.csv', false]]],
      ['in memory', [['out', 'MemoryDataset', false]]],
    ]);
    expect(JSON.stringify(shape(buildPipelineTree([project])))).not.toContain('old_b');
  });
});

describe('large levels', () => {
  const leaf = (i: number): TreeNode => ({ id: `x/node:n${i}`, kind: 'node', label: `n${i}`, contextValue: 'kedro.node', children: [], rootUri: 'file:///p' });
  test(`a level of more than ${RANGE} rows is split into ranges of ${RANGE}, labelled by their first and last row, every row kept in order`, () => {
    const rows = Array.from({ length: 2 * RANGE + 1 }, (_, i) => leaf(i));
    const ranges = inRanges(rows, 'x', 'file:///p', 'nodes');
    expect(ranges.map((r) => [r.kind, r.label, r.description, r.children.length])).toEqual([
      ['range', `n0 … n${RANGE - 1}`, `1–${RANGE} of ${2 * RANGE + 1} nodes`, RANGE],
      ['range', `n${RANGE} … n${2 * RANGE - 1}`, `${RANGE + 1}–${2 * RANGE} of ${2 * RANGE + 1} nodes`, RANGE],
      ['range', `n${2 * RANGE} … n${2 * RANGE}`, `${2 * RANGE + 1}–${2 * RANGE + 1} of ${2 * RANGE + 1} nodes`, 1],
    ]);
    expect(ranges.flatMap((r) => r.children)).toEqual(rows);
    expect(new Set(ranges.map((r) => r.id)).size).toBe(3);
    expect(inRanges(rows.slice(0, RANGE), 'x', 'file:///p', 'nodes')).toEqual(rows.slice(0, RANGE));
  });
});

describe('Datasets view rows', () => {
  test('a ${globals:…} filepath and type show resolved in the row, as written in the tooltip; its data/0N_ folder names the layer', async () => {
    const { analyzeMemoryProject } = await import('../../helpers/analyze');
    const { result } = await analyzeMemoryProject({
      'conf/base/globals.yml': 'folders:\n  raw: 01_raw\ndatasets:\n  csv: pandas.CSVDataset\n',
      'conf/base/catalog.yml': 'companies:\n  type: ${globals:datasets.csv}\n  filepath: data/${globals:folders.raw}/companies.csv\n',
      'src/demo/pipelines/p/pipeline.py': 'from kedro.pipeline import Pipeline, node\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(f, "companies", "out", name="load")])\n',
    });
    const rows = buildDatasetTree([projectJson(result.projects[0]!.model)]).flatMap((g) => g.children);
    const row = rows.find((r) => r.label === 'companies');
    expect(row?.description).toBe('pandas.CSVDataset · data/01_raw/companies.csv');
    expect(buildDatasetTree([projectJson(result.projects[0]!.model)]).map((g) => g.label)).toEqual(['raw', 'in memory']);
    expect(typeof row?.tooltip === 'function' ? row.tooltip() : row?.tooltip).toBe(
      'companies: pandas.CSVDataset\ntype as written: ${globals:datasets.csv}\nfilepath: data/01_raw/companies.csv\nfilepath as written: data/${globals:folders.raw}/companies.csv\nlayer: raw\nenv: base\nwritten by: —\nread by: load',
    );
  });
});

describe('Pipelines view of a project whose pipelines could not be analysed', () => {
  test('one info row says so (the view kept saying "Analysing the Kedro project…"), its catalog entries not dimmed as unused; with several projects, under its project', async () => {
    const { analyzeMemoryProject } = await import('../../helpers/analyze');
    // A registry built in a loop over keys read at run time, as a 1.0 project does from its own config file.
    const registry = 'from kedro.pipeline import Pipeline\nfrom .config import load\n\ndef register_pipelines():\n    pipelines = {}\n    for name in load():\n        pipelines[name] = Pipeline([])\n    return pipelines\n';
    const { result } = await analyzeMemoryProject({ 'src/demo/pipeline_registry.py': registry, 'src/demo/config.py': 'def load():\n    return {}\n', 'conf/base/catalog.yml': 'votes:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/votes.csv\n' });
    const json = projectJson(result.projects[0]!.model);
    expect(json.pipelines).toEqual([]);
    // Not known to be unused (KL110 stays quiet too): every entry was dimmed.
    expect(json.datasets.find((d) => d.name === 'votes')).toMatchObject({ name: 'votes', source: 'catalog' });
    expect(json.datasets.find((d) => d.name === 'votes')?.unused).toBeUndefined();
    expect(result.projects[0]!.problems.filter((x) => x.code === 'KL110')).toEqual([]);
    const rows = buildPipelineTree([json]);
    expect(rows.map((r) => [r.kind, r.label, r.description])).toEqual([['info', 'No pipeline could be analysed', 'register_pipelines() in pipeline_registry.py']]);
    const two = buildPipelineTree([json, example]);
    expect(two[0]?.children.map((r) => r.label)).toEqual(['No pipeline could be analysed']);
    expect(two[1]?.children.some((r) => r.kind === 'info')).toBe(false);
  });
});
