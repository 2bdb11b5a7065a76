import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import Ajv from 'ajv';

// `kedro-lens pipelines --format kedro-viz --output-dir DIR` against what Kedro-Viz's `--load-file DIR` path reads: it
// serves DIR/api/main, DIR/api/run-status, DIR/api/pipelines/<id> and DIR/api/nodes/<id> as they are, and its front
// end draws the graph from the first three. The schema below is our own statement of the fields its response models
// declare (pipeline graph: nodes, edges, layers, tags, pipelines, modular_pipelines tree, selected_pipeline).
const cli = (args: string[]) => spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { encoding: 'utf8' });
const named = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: ['string', 'null'] } } };
const stringList = { type: 'array', items: { type: 'string' } };
const graphSchema = {
  type: 'object',
  required: ['nodes', 'edges', 'layers', 'tags', 'pipelines', 'modular_pipelines', 'selected_pipeline'],
  properties: {
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'tags', 'pipelines', 'type'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          tags: stringList,
          pipelines: stringList,
          type: { enum: ['task', 'data', 'parameters', 'modularPipeline'] },
          modular_pipelines: { anyOf: [stringList, { type: 'null' }] },
          layer: { type: ['string', 'null'] },
          dataset_type: { type: ['string', 'null'] },
        },
        // Task nodes also carry their parameters and full name.
        if: { properties: { type: { const: 'task' } } },
        then: { required: ['parameters', 'full_name'], properties: { parameters: { type: 'object' }, full_name: { type: 'string' } } },
      },
    },
    edges: { type: 'array', items: { type: 'object', required: ['source', 'target'], additionalProperties: false, properties: { source: { type: 'string' }, target: { type: 'string' } } } },
    layers: stringList,
    tags: { type: 'array', items: named },
    pipelines: { type: 'array', items: named },
    modular_pipelines: {
      type: 'object',
      required: ['__root__'],
      additionalProperties: {
        type: 'object',
        required: ['id', 'name', 'inputs', 'outputs', 'children'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, inputs: stringList, outputs: stringList, children: { type: 'array', items: { type: 'object', required: ['id', 'type'], properties: { id: { type: 'string' }, type: { type: 'string' } } } } },
      },
    },
    selected_pipeline: { type: 'string' },
  },
};
const validateGraph = new Ajv({ allErrors: true }).compile(graphSchema);

interface Graph {
  nodes: { id: string; name: string; type: string; pipelines: string[]; tags: string[]; modular_pipelines: string[] | null; layer?: string | null; full_name?: string; parameters?: Record<string, unknown> }[];
  edges: { source: string; target: string }[];
  layers: string[];
  tags: { id: string }[];
  pipelines: { id: string }[];
  modular_pipelines: Record<string, { id: string; inputs: string[]; outputs: string[]; children: { id: string; type: string }[] }>;
  selected_pipeline: string;
}

/** The ids must agree across the parts, or the front end draws dangling edges / empty groups. */
function consistencyProblems(g: Graph, nodeFiles: Set<string>): string[] {
  const out: string[] = [];
  const ids = new Set(g.nodes.map((n) => n.id));
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const pipelineIds = new Set(g.pipelines.map((p) => p.id));
  const tagIds = new Set(g.tags.map((t) => t.id));
  const layers = new Set(g.layers);
  if (ids.size !== g.nodes.length) out.push('duplicate node ids');
  if (!pipelineIds.has(g.selected_pipeline)) out.push(`selected_pipeline ${g.selected_pipeline} not in pipelines`);
  for (const e of g.edges) if (!ids.has(e.source) || !ids.has(e.target)) out.push(`edge ${e.source}->${e.target} to an unknown node`);
  for (const n of g.nodes) {
    for (const p of n.pipelines) if (!pipelineIds.has(p)) out.push(`node ${n.id} in unknown pipeline ${p}`);
    if (!n.pipelines.includes(g.selected_pipeline)) out.push(`node ${n.id} listed but not in ${g.selected_pipeline}`);
    for (const t of n.tags) if (!tagIds.has(t)) out.push(`node ${n.id} has unknown tag ${t}`);
    for (const m of n.modular_pipelines ?? []) if (!g.modular_pipelines[m]) out.push(`node ${n.id} in unknown modular pipeline ${m}`);
    if ((n.modular_pipelines === null) !== (n.type === 'modularPipeline')) out.push(`node ${n.id}: modular_pipelines null iff modularPipeline`);
    if (n.layer && !layers.has(n.layer)) out.push(`node ${n.id} has layer ${n.layer} not in layers`);
    if (n.type !== 'modularPipeline' && !nodeFiles.has(n.id)) out.push(`no api/nodes/${n.id}`);
    if (n.type === 'modularPipeline' && !g.modular_pipelines[n.id]) out.push(`modular pipeline node ${n.id} not in the tree`);
  }
  const inTree = new Set<string>();
  for (const [key, mp] of Object.entries(g.modular_pipelines)) {
    if (mp.id !== key) out.push(`tree key ${key} holds id ${mp.id}`);
    for (const io of [...mp.inputs, ...mp.outputs]) if (!ids.has(io)) out.push(`modular pipeline ${key} input/output ${io} is not a node`);
    for (const c of mp.children) {
      inTree.add(c.id);
      if (!ids.has(c.id) && !g.modular_pipelines[c.id]) out.push(`modular pipeline ${key} child ${c.id} is unknown`);
      else if (byId.get(c.id) && byId.get(c.id)!.type !== c.type) out.push(`child ${c.id} typed ${c.type}, node is ${byId.get(c.id)!.type}`);
    }
  }
  // Every node is reachable from the root of the tree (the front end expands the tree to place nodes).
  for (const n of g.nodes) if (!inTree.has(n.id)) out.push(`node ${n.id} is in no modular pipeline's children`);
  return out;
}

let tmp = '';
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kedro-lens-viz-'));
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function exportOf(project: string) {
  const dir = path.join(tmp, path.basename(project));
  const r = cli(['pipelines', project, '--format', 'kedro-viz', '--output-dir', dir]);
  expect({ code: r.status, out: r.stdout, err: r.stderr }).toEqual({ code: 0, out: '', err: '' });
  const read = (...p: string[]) => JSON.parse(fs.readFileSync(path.join(dir, 'api', ...p), 'utf8')) as unknown;
  const nodeFiles = new Set(fs.readdirSync(path.join(dir, 'api/nodes')));
  const pipelines = Object.fromEntries(fs.readdirSync(path.join(dir, 'api/pipelines')).map((f) => [f, read('pipelines', f) as Graph]));
  return { main: read('main') as Graph, runStatus: read('run-status'), pipelines, nodeFiles, read };
}

describe('pipelines --format kedro-viz', () => {
  test.each(['examples/spaceflights', 'test/fixtures/projects/modular'])('%s: every graph file has the shape and consistent ids', (project) => {
    const { main, pipelines, nodeFiles, runStatus } = exportOf(project);
    expect(runStatus).toEqual({ nodes: {}, datasets: {}, pipeline: { run_id: 'default-run-id', start_time: null, end_time: null, duration: 0, status: 'success', error: null } });
    expect(Object.keys(pipelines).sort()).toEqual(main.pipelines.map((p) => p.id).sort());
    for (const g of [main, ...Object.values(pipelines)]) {
      validateGraph(g);
      expect(validateGraph.errors ?? []).toEqual([]);
      expect(consistencyProblems(g, nodeFiles)).toEqual([]);
    }
    expect(pipelines['__default__']).toEqual(main);
  });

  test('the example: layers in data-flow order, datasets by Kedro-Viz id, metadata of nodes and datasets', () => {
    const { main, pipelines, read } = exportOf('examples/spaceflights');
    expect(main.selected_pipeline).toBe('__default__');
    expect(main.layers).toEqual(['raw', 'intermediate', 'primary', 'models', 'reporting']);
    expect(main.pipelines.map((p) => p.id)).toEqual(['data_processing', 'data_science', 'reporting', '__default__']);
    expect(main.tags.map((t) => t.id)).toEqual(['reporting', 'training']);
    expect(main.nodes.filter((n) => n.type === 'task')).toHaveLength(8);
    expect(pipelines['data_science']!.nodes.filter((n) => n.type === 'task').map((n) => n.name)).toEqual(['split_data_node', 'train_model_node', 'evaluate_model_node']);
    // A dataset's id is the first 8 hex digits of SHA-1 of its name, as Kedro-Viz computes it.
    const companies = main.nodes.find((n) => n.name === 'companies')!;
    expect(companies).toMatchObject({ id: 'aed46479', type: 'data', layer: 'raw', pipelines: ['__default__', 'data_processing'] });
    expect(read('nodes', companies.id)).toEqual({ filepath: 'data/01_raw/companies.csv', type: 'pandas.CSVDataset', run_command: 'kedro run --to-outputs=companies' });
    const split = main.nodes.find((n) => n.name === 'split_data_node')!;
    expect(split.parameters).toMatchObject({ 'model_options.test_size': 0.2, 'model_options.random_state': 3 });
    expect(read('nodes', split.id)).toMatchObject({ filepath: 'src/spaceflights/pipelines/data_science/nodes.py', inputs: ['model_input_table', 'params:model_options'], outputs: ['X_train', 'X_test', 'y_train', 'y_test'], run_command: 'kedro run --nodes=split_data_node' });
    const edgesOf = (id: string) => main.edges.filter((e) => e.source === id || e.target === id).map((e) => (e.source === id ? `->${e.target}` : `${e.source}->`));
    expect(edgesOf(split.id).sort()).toEqual(['->872981f9', '->9ca016a8', '->cae2d1c7', '->f6d9538c', '23c94afb->', 'ab512939->'].sort());
  });

  test('namespaces become modular pipelines: a tree from __root__, a node per namespace wired to its inputs and outputs', () => {
    const { main } = exportOf('test/fixtures/projects/modular');
    const tree = main.modular_pipelines;
    expect(Object.keys(tree).sort()).toEqual(['__root__', 'eu', 'us']);
    expect(tree['__root__']!.children.filter((c) => c.type === 'modularPipeline').map((c) => c.id)).toEqual(['eu', 'us']);
    const eu = main.nodes.find((n) => n.id === 'eu')!;
    expect(eu).toMatchObject({ type: 'modularPipeline', modular_pipelines: null });
    const euTasks = main.nodes.filter((n) => n.type === 'task' && n.modular_pipelines?.includes('eu'));
    expect(euTasks.map((n) => [n.name, n.full_name])).toEqual([['clean', 'eu.clean']]);
    expect(tree['eu']!.children).toEqual([{ id: euTasks[0]!.id, type: 'task' }]);
    for (const i of tree['eu']!.inputs) expect(main.edges).toContainEqual({ source: i, target: 'eu' });
    for (const o of tree['eu']!.outputs) expect(main.edges).toContainEqual({ source: 'eu', target: o });
    expect(tree['eu']!.outputs.map((id) => main.nodes.find((n) => n.id === id)!.name)).toEqual(['eu.clean_orders']);
  });

  test('usage: --output-dir goes with --format kedro-viz; a consistency check that can fail does', () => {
    expect(cli(['pipelines', 'examples/spaceflights', '--format', 'kedro-viz']).status).toBe(2);
    expect(cli(['pipelines', 'examples/spaceflights', '--output-dir', path.join(tmp, 'x')]).status).toBe(2);
    const { main, nodeFiles } = exportOf('examples/spaceflights');
    const broken = { ...main, edges: [...main.edges, { source: 'deadbeef', target: main.nodes[0]!.id }] };
    expect(consistencyProblems(broken, nodeFiles)).toEqual([`edge deadbeef->${main.nodes[0]!.id} to an unknown node`]);
    validateGraph({ ...main, modular_pipelines: {} });
    expect(validateGraph.errors?.[0]?.message).toBe("must have required property '__root__'");
  });
});
