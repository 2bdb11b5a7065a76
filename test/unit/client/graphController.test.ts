import { describe, expect, test } from 'vitest';
import type { LocationJson, ProjectJson } from '../../../common/pipelineModel';
import { toWire, type GraphMessageToPanel, type GraphScene, type GraphSceneVertex } from '../../../common/webviewMessages';
import { COLLAPSE_THRESHOLD, GraphController, type GraphHost, type Problem } from '../../../client/src/graph/graphController';
import { ds, loc, node, project } from '../../helpers/graphProject';

interface Fake extends GraphHost {
  posted: GraphMessageToPanel[];
  opened: LocationJson[];
  saved: { format: string; data: Uint8Array; name: string }[];
  projects: ProjectJson[];
  diagnostics: Map<string, Problem[]>;
  runs: Map<string, { status: string; duration: number }>;
  layouts: number;
  remembered: 'TB' | 'LR';
}

function fakeHost(projects: ProjectJson[] = [project()]): Fake {
  const host: Fake = {
    posted: [],
    opened: [],
    saved: [],
    projects,
    diagnostics: new Map(),
    runs: new Map(),
    layouts: 0,
    model: () => host.projects,
    post: (m) => void host.posted.push(m),
    open: (l) => void host.opened.push(l),
    problems: (l) => host.diagnostics.get(`${l.uri}:${l.range.start.line}`) ?? [],
    lastRun: () => host.runs,
    save: async (format, data, name) => void host.saved.push({ format, data, name }),
    // Two now() calls per layout: counting them tells whether a layout ran.
    now: () => host.layouts++ * 0.5,
    direction: () => host.remembered,
    setDirection: (d) => void (host.remembered = d),
    remembered: 'TB',
  };
  return host;
}

const last = (h: Fake): GraphMessageToPanel => h.posted.at(-1) as GraphMessageToPanel;
const vertex = (h: Fake, id: string): GraphSceneVertex | undefined => last(h).scene?.vertices.find((v) => v.id === id);
const ids = (h: Fake): string[] => last(h).scene?.vertices.map((v) => v.id) ?? [];

describe('graph panel controller', () => {
  test('ready posts the default pipeline: state, positioned vertices and edges', async () => {
    const h = fakeHost();
    const c = new GraphController(h);
    await c.handle({ type: 'ready' });
    const m = last(h);
    expect(m.state).toMatchObject({ pipeline: '__default__', pipelines: ['__default__', 'empty'], tags: ['prep', 'reporting', 'train'], namespaces: ['a', 'a.b'], collapsed: [], hideParameters: false, search: '', hasRun: false });
    expect(m.scene?.vertices).toHaveLength(11);
    expect(m.scene?.edges).toHaveLength(10);
    expect(m.scene?.groups.map((g) => g.ns).sort()).toEqual(['a', 'a.b']);
    expect(m.relayout).toBe(true);
    expect(m.stats).toEqual({ vertices: 11, edges: 10, layoutMs: 1 });
    expect(vertex(h, 'node:a.b.train')).toMatchObject({ kind: 'node', label: 'train', canOpen: true });
    expect(vertex(h, 'data:raw')).toMatchObject({ kind: 'dataset', layer: 'raw', layerIndex: 0, canOpen: true });
    // A memory dataset has no catalog entry: it opens the node call that writes it.
    expect(vertex(h, 'data:a.x')).toMatchObject({ canOpen: true, title: expect.stringContaining('Click to open the node that writes it · Shift+click to focus') });
    expect(vertex(h, 'data:raw')?.title).toContain('Click to open its catalog entry');
  });

  test('clicks open a node’s function, a dataset’s catalog entry or the call writing a memory dataset; a collapsed namespace expands', async () => {
    const h = fakeHost();
    const c = new GraphController(h);
    await c.handle({ type: 'ready' });
    await c.handle({ type: 'open', id: 'node:clean' });
    await c.handle({ type: 'open', id: 'data:raw' });
    await c.handle({ type: 'open', id: 'data:a.x' });
    expect(h.opened.map((l) => `${l.uri}:${l.range.start.line}`)).toEqual(['file:///p/nodes.py:3', 'file:///p/catalog.yml:0', 'file:///p/pipeline.py:10']);
    await c.handle({ type: 'toggleNamespace', ns: 'a' });
    expect(last(h).state?.collapsed).toEqual(['a']);
    expect(ids(h)).toContain('ns:a');
    await c.handle({ type: 'open', id: 'ns:a' });
    expect(last(h).state?.collapsed).toEqual([]);
    expect(ids(h)).not.toContain('ns:a');
  });

  test('pipeline selector, tags, focus, parameters and search change what is drawn', async () => {
    const h = fakeHost();
    const c = new GraphController(h);
    await c.handle({ type: 'tags', tags: ['train'] });
    expect(ids(h).sort()).toEqual(['data:a.b.model', 'data:a.x', 'data:params:a.rate', 'node:a.b.train']);
    await c.handle({ type: 'tags', tags: [] });
    await c.handle({ type: 'hideParameters', hide: true });
    expect(ids(h)).not.toContain('data:params:a.rate');
    await c.handle({ type: 'focus', id: 'data:ghost' });
    expect(last(h).state).toMatchObject({ focus: 'data:ghost', focusLabel: 'ghost' });
    expect(ids(h)).toEqual(['node:report', 'data:ghost', 'data:metrics']);
    await c.handle({ type: 'focus' });
    await c.handle({ type: 'search', text: 'clean' });
    expect(last(h).scene?.vertices.filter((v) => v.match).map((v) => v.id)).toEqual(['node:clean', 'data:clean_data']);
    await c.handle({ type: 'collapseAll', collapsed: true });
    expect(last(h).state?.collapsed).toEqual(['a', 'a.b']);
    await c.handle({ type: 'collapseAll', collapsed: false });
    expect(last(h).state?.collapsed).toEqual([]);
    await c.handle({ type: 'pipeline', name: 'empty' });
    expect(last(h).scene).toBeUndefined();
    expect(last(h)).toMatchObject({ message: "Pipeline 'empty' has no nodes. Parts of it are built at run time and could not be analysed statically." });
    expect(last(h).state?.pipeline).toBe('empty');
  });

  test('bad input gets a message, never a throw', async () => {
    const none = fakeHost([]);
    await new GraphController(none).handle({ type: 'ready' });
    expect(last(none)).toEqual({ type: 'graph', relayout: true, message: 'No Kedro project has been analysed in this workspace yet.' });
    const noPipelines = fakeHost([{ ...project(), pipelines: [] }]);
    await new GraphController(noPipelines).handle({ type: 'ready' });
    expect(last(noPipelines).message).toMatch(/registers no pipelines/);
    const gone = fakeHost();
    await new GraphController(gone, 'renamed').handle({ type: 'ready' });
    expect(last(gone)).toMatchObject({ message: "Pipeline 'renamed' is not registered (any more): showing '__default__'." });
    expect(last(gone).scene?.vertices).toHaveLength(11);
  });

  test('diagnostics and missing inputs mark vertices; a collapsed namespace collects its members’ problems', async () => {
    const p = project();
    const withLocations = { ...p, nodes: p.nodes.map((n, i) => ({ ...n, location: loc('pipeline.py', 10 * (i + 1)) })) };
    const h = fakeHost([withLocations]);
    h.diagnostics.set('file:///p/pipeline.py:30', [{ severity: 'error', message: "KL001 Dataset 'a.x' is not in the catalog" }]);
    h.diagnostics.set('file:///p/pipeline.py:10', [{ severity: 'warning', message: 'KL002 something to look at' }]);
    const c = new GraphController(h);
    await c.handle({ type: 'ready' });
    expect(vertex(h, 'node:a.b.train')).toMatchObject({ severity: 'error', problems: ["KL001 Dataset 'a.x' is not in the catalog"] });
    expect(vertex(h, 'node:a.b.train')?.title).toContain("✖ KL001 Dataset 'a.x' is not in the catalog");
    expect(vertex(h, 'node:clean')).toMatchObject({ severity: 'warning' });
    expect(vertex(h, 'data:ghost')).toMatchObject({ severity: 'error', missing: true, problems: ["'ghost' is not in the catalog and no node produces it."] });
    expect(vertex(h, 'node:report')?.severity).toBeUndefined();
    await c.handle({ type: 'toggleNamespace', ns: 'a' });
    expect(vertex(h, 'ns:a')).toMatchObject({ severity: 'error', problems: ["KL001 Dataset 'a.x' is not in the catalog"] });
  });

  test('a parameter the server reports undefined (KL201) is marked as a missing dataset is, with its own reason', async () => {
    const p = project();
    const h = fakeHost([{ ...p, datasets: p.datasets.map((d) => (d.name === 'params:a.rate' ? { ...d, missing: true } : d)) }]);
    await new GraphController(h).handle({ type: 'ready' });
    expect(vertex(h, 'data:params:a.rate')).toMatchObject({ kind: 'parameters', severity: 'error', missing: true, problems: ["'params:a.rate' is not defined in the parameters of the selected environment."] });
    expect(vertex(h, 'data:params:a.rate')?.title).toContain("✖ 'params:a.rate' is not defined in the parameters of the selected environment.");
    const defined = fakeHost();
    await new GraphController(defined).handle({ type: 'ready' });
    expect(vertex(defined, 'data:params:a.rate')?.missing).toBeUndefined();
  });

  test('a long name is shortened between words in its box, the full name first in the tooltip', async () => {
    const long = 'compare_passenger_capacity_across_shuttle_types_node';
    const h = fakeHost([{ ...project(), pipelines: [{ name: '__default__', partial: false, nodes: [long] }], nodes: [node(long, ['raw'], ['metrics'])] }]);
    await new GraphController(h).handle({ type: 'ready' });
    expect(vertex(h, `node:${long}`)).toMatchObject({ label: 'compare_passenger_…_types_node', w: 260 });
    expect(vertex(h, `node:${long}`)?.title.split('\n')[0]).toBe(`node ${long}`);
  });

  test('the last run overlays status and duration; without runs there is no overlay', async () => {
    const h = fakeHost();
    const c = new GraphController(h);
    await c.handle({ type: 'ready' });
    expect(last(h).scene?.vertices.some((v) => v.status !== undefined || v.duration !== undefined)).toBe(false);
    h.runs.set('clean', { status: 'success', duration: 0.25 });
    h.runs.set('a.prep', { status: 'success', duration: 1 });
    h.runs.set('a.b.train', { status: 'failed', duration: 2 });
    c.render();
    expect(last(h).state?.hasRun).toBe(true);
    expect(vertex(h, 'node:clean')).toMatchObject({ status: 'success', duration: 0.25 });
    expect(vertex(h, 'node:clean')?.title).toContain('last run: success · 250 ms');
    expect(vertex(h, 'node:report')?.status).toBeUndefined();
    await c.handle({ type: 'toggleNamespace', ns: 'a' });
    expect(vertex(h, 'ns:a')).toMatchObject({ status: 'failed', duration: 3 });
  });

  test('a refresh keeps collapsed namespaces and filters; overlays alone reuse the layout', async () => {
    const h = fakeHost();
    const c = new GraphController(h);
    await c.handle({ type: 'toggleNamespace', ns: 'a.b' });
    await c.handle({ type: 'hideParameters', hide: true });
    const layouts = h.layouts;
    h.runs.set('clean', { status: 'success', duration: 1 });
    c.render();
    expect(h.layouts).toBe(layouts);
    expect(last(h).relayout).toBe(false);
    // The model changes (a node added upstream): same choices, new layout.
    const p = project();
    h.projects = [{ ...p, pipelines: [{ ...(p.pipelines[0] as ProjectJson['pipelines'][number]), nodes: ['fetch', ...(p.pipelines[0]?.nodes ?? [])] }, ...p.pipelines.slice(1)], nodes: [node('fetch', [], ['raw']), ...p.nodes], datasets: [...p.datasets, ds('unused')] }];
    c.render();
    expect(h.layouts).toBe(layouts + 2);
    expect(last(h)).toMatchObject({ relayout: true, state: { collapsed: ['a.b'], hideParameters: true } });
    expect(ids(h)).toContain('node:fetch');
  });

  test(`above ${COLLAPSE_THRESHOLD} vertices namespaces start collapsed and parameters hidden`, async () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(`ns${i % 4}.n${i}`, [`ns${i % 4}.d${i}`, 'params:k'], [`ns${i % 4}.d${i + 1}`], { namespace: `ns${i % 4}` }));
    const big: ProjectJson = { ...project(), pipelines: [{ name: '__default__', partial: false, nodes: nodes.map((n) => n.name) }], nodes, datasets: [] };
    const h = fakeHost([big]);
    await new GraphController(h).handle({ type: 'ready' });
    expect(last(h).state).toMatchObject({ collapsed: ['ns0', 'ns1', 'ns2', 'ns3'], hideParameters: true });
    expect(ids(h)).toEqual(['ns:ns0', 'ns:ns1', 'ns:ns2', 'ns:ns3']);
  });

  test('a crowded overview says how to get to the detail', async () => {
    // 1,100 chained nodes, no namespace to collapse: 2,201 boxes.
    const nodes = Array.from({ length: 1100 }, (_, i) => node(`n${i}`, [`d${i}`], [`d${i + 1}`]));
    const big: ProjectJson = { ...project(), pipelines: [{ name: '__default__', partial: false, nodes: nodes.map((n) => n.name) }], nodes, datasets: [] };
    const h = fakeHost([big]);
    await new GraphController(h).handle({ type: 'ready' });
    expect(last(h).scene?.vertices).toHaveLength(2201);
    expect(last(h).message).toBe('2,201 boxes: zoom in, search, filter by tag, Shift+click a node to focus, or pick a smaller pipeline.');
  });

  test('exports go to the save dialog as bytes: SVG text, PNG decoded from base64', async () => {
    const h = fakeHost();
    const c = new GraphController(h);
    await c.handle({ type: 'export', format: 'svg', data: '<svg>é</svg>' });
    await c.handle({ type: 'export', format: 'png', data: `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64')}` });
    await c.handle({ type: 'export', format: 'png', data: '' });
    expect(h.saved.map((s) => [s.format, s.name, [...s.data]])).toEqual([
      ['svg', '__default__.svg', [...Buffer.from('<svg>é</svg>')]],
      ['png', '__default__.png', [0x89, 0x50, 0x4e, 0x47]],
    ]);
  });

  test('the left → right toggle lays the pipeline out again, says so in the state, and is remembered by the host', async () => {
    const h = fakeHost();
    const c = new GraphController(h);
    await c.handle({ type: 'ready' });
    expect(last(h).state?.direction).toBe('TB');
    const before = vertex(h, 'data:raw') as GraphSceneVertex;
    await c.handle({ type: 'direction', direction: 'LR' });
    expect(h.remembered).toBe('LR');
    expect(last(h)).toMatchObject({ relayout: true, state: { direction: 'LR' } });
    const after = vertex(h, 'data:raw') as GraphSceneVertex;
    expect([after.x, after.y]).not.toEqual([before.x, before.y]);
    // A second panel opens the way the user left the first.
    const again = new GraphController(h);
    await again.handle({ type: 'ready' });
    expect(last(h).state?.direction).toBe('LR');
  });

  test('on the wire a scene is JSON text in chunks of 500 that parse back to the same vertices and edges', () => {
    const vertices = Array.from({ length: 1201 }, (_, i): GraphSceneVertex => ({ id: `v${i}`, kind: 'node', label: `n${i}`, title: `node n${i}`, x: i, y: 0, w: 90, h: 32, canOpen: true }));
    const edges = vertices.slice(1).map((v, i) => ({ from: `v${i}`, to: v.id, points: [[i, 32], [i + 1, 76]] as [number, number][], count: 1 }));
    const scene: GraphScene = { width: 1300, height: 80, vertices, edges, groups: [] };
    const wire = toWire({ type: 'graph', relayout: true, scene });
    expect(wire.scene?.vertices.map((c) => (JSON.parse(c) as unknown[]).length)).toEqual([500, 500, 201]);
    expect(wire.scene?.vertices.flatMap((c) => JSON.parse(c) as unknown[])).toEqual(vertices);
    expect(wire.scene?.edges.flatMap((c) => JSON.parse(c) as unknown[])).toEqual(edges);
    expect(toWire({ type: 'graph', relayout: true, message: 'none' })).toEqual({ type: 'graph', relayout: true, message: 'none' });
  });
});
