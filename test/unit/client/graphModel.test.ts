import { describe, expect, test } from 'vitest';
import { project } from '../../helpers/graphProject';
import { analyzeMemoryProject, render } from '../../helpers/analyze';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { buildPipelineGraph, datasetLayer, defaultCollapsed, focusSet, graphPipelinePicks, namespaceChain, searchMatches, visibleGraph, type PipelineGraph, type ViewOptions } from '../../../client/src/graph/graphModel';

const graph = (): PipelineGraph => buildPipelineGraph(project(), '__default__') as PipelineGraph;
const opts = (o: Partial<ViewOptions> = {}): ViewOptions => ({ collapsed: new Set(), tags: [], hideParameters: false, ...o });
const edgeList = (edges: readonly { from: string; to: string; count: number }[]): string[] => edges.map((e) => `${e.from} -> ${e.to}${e.count > 1 ? ` ×${e.count}` : ''}`).sort();

describe('pipeline graph model', () => {
  test('node and dataset vertices, edges dataset → node → dataset, parameters apart', () => {
    const g = graph();
    expect([...g.vertices.values()].map((v) => `${v.kind} ${v.id} [${v.namespace}] ${v.label}`)).toEqual([
      'node node:clean [] clean',
      'dataset data:raw [] raw',
      'dataset data:clean_data [] clean_data',
      'node node:a.prep [a] prep',
      'dataset data:a.x [a] x',
      'node node:a.b.train [a.b] train',
      'parameters data:params:a.rate [a] params:a.rate',
      'dataset data:a.b.model [a.b] model',
      'node node:report [] report',
      'dataset data:ghost [] ghost',
      'dataset data:metrics [] metrics',
    ]);
    expect(edgeList(g.edges)).toEqual([
      'data:a.b.model -> node:report',
      'data:a.x -> node:a.b.train',
      'data:clean_data -> node:a.prep',
      'data:ghost -> node:report',
      'data:params:a.rate -> node:a.b.train',
      'data:raw -> node:clean',
      'node:a.b.train -> data:a.b.model',
      'node:a.prep -> data:a.x',
      'node:clean -> data:clean_data',
      'node:report -> data:metrics',
    ]);
    expect(g.namespaces).toEqual(['a', 'a.b']);
    expect(g.tags).toEqual(['prep', 'reporting', 'train']);
  });

  test('layers from catalog metadata or the data/0N_ folder; missing inputs; locations', () => {
    const g = graph();
    const v = (id: string) => g.vertices.get(id);
    expect([v('data:raw')?.layer, v('data:raw')?.layerIndex]).toEqual(['raw', 0]);
    expect([v('data:clean_data')?.layer, v('data:clean_data')?.layerIndex]).toEqual(['intermediate', 1]);
    expect([v('data:a.b.model')?.layer, v('data:a.b.model')?.layerIndex]).toEqual(['models', 5]);
    expect([v('data:metrics')?.layer, v('data:metrics')?.layerIndex]).toEqual(['reporting', 7]);
    expect(v('data:a.x')?.layer).toBeUndefined();
    expect(datasetLayer({ layer: 'Custom' })).toBe('custom');
    expect(datasetLayer({ filepath: 's3://bucket/data/04_feature/f.pq' })).toBe('feature');
    // ghost: memory, nobody writes it → missing; a.x is memory but produced.
    expect([...g.vertices.values()].filter((x) => x.missing).map((x) => x.id)).toEqual(['data:ghost']);
    // A node opens its function; without funcLocation, its node() call.
    expect(v('node:clean')?.location?.uri).toBe('file:///p/nodes.py');
    expect(v('node:report')?.location?.uri).toBe('file:///p/pipeline.py');
    expect(v('data:raw')?.location?.uri).toBe('file:///p/catalog.yml');
  });

  test('an unknown pipeline gives undefined; an empty one gives an empty graph', () => {
    expect(buildPipelineGraph(project(), 'nope')).toBeUndefined();
    const empty = buildPipelineGraph(project(), 'empty') as PipelineGraph;
    expect([empty.vertices.size, empty.edges.length, empty.partial]).toEqual([0, 0, true]);
    expect(visibleGraph(empty, opts()).vertices).toEqual([]);
  });

  test('namespace chains nest', () => {
    expect(namespaceChain('a.b.c')).toEqual(['a', 'a.b', 'a.b.c']);
    expect(namespaceChain('')).toEqual([]);
  });

  test('nothing collapsed: every vertex, groups for each expanded namespace', () => {
    const v = visibleGraph(graph(), opts());
    expect(v.vertices).toHaveLength(11);
    expect(v.groups).toEqual(['a', 'a.b']);
    expect(v.members.size).toBe(0);
  });

  test('a collapsed namespace is one box whose edges are the folded edges crossing its boundary', () => {
    const v = visibleGraph(graph(), opts({ collapsed: new Set(['a']) }));
    expect(v.vertices.map((x) => x.id)).toEqual(['node:clean', 'data:raw', 'data:clean_data', 'ns:a', 'node:report', 'data:ghost', 'data:metrics']);
    expect(v.vertices.find((x) => x.id === 'ns:a')).toMatchObject({ kind: 'namespace', label: 'a', namespace: '', detail: 'namespace · 2 nodes' });
    expect(edgeList(v.edges)).toEqual(['data:clean_data -> ns:a', 'data:ghost -> node:report', 'data:raw -> node:clean', 'node:clean -> data:clean_data', 'node:report -> data:metrics', 'ns:a -> node:report']);
    expect(v.members.get('ns:a')).toEqual(['node:a.prep', 'data:a.x', 'node:a.b.train', 'data:params:a.rate', 'data:a.b.model']);
    expect(v.groups).toEqual([]);
  });

  test('collapsing only the inner namespace keeps the outer group; several crossing edges fold into one with a count', () => {
    const v = visibleGraph(graph(), opts({ collapsed: new Set(['a.b']) }));
    expect(v.vertices.find((x) => x.id === 'ns:a.b')).toMatchObject({ label: 'b', name: 'a.b', namespace: 'a', detail: 'namespace · 1 node' });
    expect(edgeList(v.edges).filter((e) => e.includes('ns:a.b'))).toEqual(['data:a.x -> ns:a.b', 'data:params:a.rate -> ns:a.b', 'ns:a.b -> node:report']);
    expect(v.groups).toEqual(['a']);
    // Two inputs of the same collapsed box from one outside vertex fold: collapse `a` with report consuming twice.
    const p = project();
    const twice = { ...p, nodes: p.nodes.map((n) => (n.name === 'report' ? { ...n, inputs: ['a.b.model', 'a.x'] } : n)) };
    const folded = visibleGraph(buildPipelineGraph(twice, '__default__') as PipelineGraph, opts({ collapsed: new Set(['a']) }));
    expect(edgeList(folded.edges).filter((e) => e.startsWith('ns:a'))).toEqual(['ns:a -> node:report ×2']);
  });

  test('tag filter keeps tagged nodes and the datasets they touch', () => {
    const v = visibleGraph(graph(), opts({ tags: ['train'] }));
    expect(v.vertices.map((x) => x.id).sort()).toEqual(['data:a.b.model', 'data:a.x', 'data:params:a.rate', 'node:a.b.train']);
    expect(edgeList(v.edges)).toEqual(['data:a.x -> node:a.b.train', 'data:params:a.rate -> node:a.b.train', 'node:a.b.train -> data:a.b.model']);
    const two = visibleGraph(graph(), opts({ tags: ['prep', 'reporting'] }));
    expect(two.vertices.filter((x) => x.kind === 'node').map((x) => x.id)).toEqual(['node:clean', 'node:a.prep', 'node:report']);
  });

  test('parameters can be hidden', () => {
    const v = visibleGraph(graph(), opts({ hideParameters: true }));
    expect(v.vertices.some((x) => x.kind === 'parameters')).toBe(false);
    expect(v.edges.some((e) => e.from.startsWith('data:params:'))).toBe(false);
  });

  test('focus keeps a vertex, its ancestors and its descendants', () => {
    const g = graph();
    expect([...focusSet(g.edges, 'node:a.prep')].sort()).toEqual(['data:a.b.model', 'data:a.x', 'data:clean_data', 'data:metrics', 'data:raw', 'node:a.b.train', 'node:a.prep', 'node:clean', 'node:report']);
    // params:a.rate and ghost are neither upstream nor downstream of a.prep.
    const v = visibleGraph(g, opts({ focus: 'data:ghost' }));
    expect(v.vertices.map((x) => x.id)).toEqual(['node:report', 'data:ghost', 'data:metrics']);
    // Focus then collapse: the box holds only the focused members.
    const c = visibleGraph(g, opts({ focus: 'data:params:a.rate', collapsed: new Set(['a']) }));
    expect(c.members.get('ns:a')).toEqual(['node:a.b.train', 'data:params:a.rate', 'data:a.b.model']);
    // An unknown focus id is ignored rather than emptying the graph.
    expect(visibleGraph(g, opts({ focus: 'node:gone' })).vertices).toHaveLength(11);
  });

  test('namespaces start collapsed above the threshold', () => {
    expect([...defaultCollapsed(graph(), 11)]).toEqual([]);
    expect([...defaultCollapsed(graph(), 10)]).toEqual(['a', 'a.b']);
  });

  test('search matches names and functions; a collapsed box matches through its members', () => {
    const g = graph();
    expect([...searchMatches(g, visibleGraph(g, opts()), 'TRAIN')]).toEqual(['node:a.b.train']);
    expect([...searchMatches(g, visibleGraph(g, opts({ collapsed: new Set(['a']) })), 'model')]).toEqual(['ns:a']);
    expect([...searchMatches(g, visibleGraph(g, opts()), 'nodes.clean')]).toEqual(['node:clean']);
    expect(searchMatches(g, visibleGraph(g, opts()), '  ').size).toBe(0);
  });
});

describe('parameters the analysis reports missing (KL201) are drawn missing, like datasets nothing provides', () => {
  test('an undefined params: input is missing; a defined one and a runtime_params one are not', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\nout:\n  type: pandas.CSVDataset\n  filepath: data/${runtime_params:agent_id}/out.csv\n',
      'conf/base/parameters.yml': 'model_options:\n  test_size: 0.2\n',
      'src/demo/pipelines/ds/nodes.py': 'def train(df, a, b, c): ...\n',
      'src/demo/pipelines/ds/pipeline.py': `from kedro.pipeline import Pipeline, node
from .nodes import train

def create_pipeline(**kwargs):
    return Pipeline([node(train, ["companies", "params:model_options", "params:model_option", "params:agent_id"], "out")])
`,
    });
    expect(render(result, 'KL201')).toEqual(["src/demo/pipelines/ds/pipeline.py:5:73 KL201 Parameter 'model_option' is not defined in the parameters of base + local."]);
    const json = projectJson(result.projects[0]!.model);
    expect(json.datasets.filter((d) => d.missing).map((d) => d.name)).toEqual(['params:model_option']);
    const g = buildPipelineGraph(json, '__default__') as PipelineGraph;
    expect([...g.vertices.values()].filter((v) => v.missing).map((v) => `${v.kind} ${v.id}`)).toEqual(['parameters data:params:model_option']);
  });
});

describe('the pick list of Show Pipeline Graph', () => {
  test('__default__ first, empty pipelines last, and one node is "1 node"', () => {
    const picks = graphPipelinePicks([
      { name: 'scoring', nodes: ['a'] },
      { name: 'empty', nodes: [] },
      { name: '__default__', nodes: ['a', 'b'], partial: true },
      { name: 'modeling', nodes: ['a', 'b', 'c'] },
    ]);
    expect(picks).toEqual([
      { label: '__default__', description: '2 nodes · partly analysed' },
      { label: 'scoring', description: '1 node' },
      { label: 'modeling', description: '3 nodes' },
      { label: 'empty', description: '0 nodes' },
    ]);
  });
});
