// The pipeline graph as data (no vscode import): node and dataset vertices of one pipeline, then the visible graph for
// the current view options (tags, focus, hidden parameters, collapsed namespaces). Unit-tested; layout.ts places it.
import type { DatasetJson, LocationJson, NodeJson, ProjectJson } from '../../../common/pipelineModel';
import { layerKey } from '../views/treeModel';

/**
 * The pick list of Show Pipeline Graph: `__default__` first (Enter = the whole project), empty pipelines last (a 0.17
 * project's `__default__` is often `Pipeline([])`: Enter must not open an empty graph).
 */
export function graphPipelinePicks(pipelines: readonly { name: string; nodes: readonly unknown[]; partial?: boolean }[]): { label: string; description: string }[] {
  const rank = (x: { name: string; nodes: readonly unknown[] }): number => (x.nodes.length ? 0 : 2) + (x.name === '__default__' ? 0 : 1);
  return [...pipelines].sort((a, b) => rank(a) - rank(b)).map((x) => ({ label: x.name, description: `${x.nodes.length} node${x.nodes.length === 1 ? '' : 's'}${x.partial ? ' · partly analysed' : ''}` }));
}

export type VertexKind = 'node' | 'dataset' | 'parameters' | 'namespace';

export interface GraphVertex {
  /** `node:<name>`, `data:<name>` or `ns:<namespace>`. */
  readonly id: string;
  readonly kind: VertexKind;
  /** Name without the namespace prefix (the box label); `name` is the full one. */
  readonly label: string;
  readonly name: string;
  /** Innermost namespace the vertex belongs to ('' = top level). */
  readonly namespace: string;
  readonly tags: readonly string[];
  /** Node: its function (`funcLocation`), else the node() call; dataset: its catalog entry. */
  readonly location?: LocationJson;
  /** Memory datasets: the call of the node that writes it (what a click opens). */
  readonly writer?: LocationJson;
  /** Node: the node() call (diagnostics are looked up in it). */
  readonly callLocation?: LocationJson;
  /** Normalised layer (`raw` … `reporting`, or the custom name) and its index in Kedro's order. */
  readonly layer?: string;
  readonly layerIndex?: number;
  readonly detail: string;
  /** A dataset some node reads that no catalog entry, factory or node provides, or a parameter no parameters file
   * defines (the server's KL201 verdict). */
  readonly missing?: boolean;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** How many original edges a collapsed namespace folded into this one. */
  readonly count: number;
}

export interface PipelineGraph {
  readonly pipeline: string;
  readonly partial: boolean;
  readonly vertices: ReadonlyMap<string, GraphVertex>;
  readonly edges: readonly GraphEdge[];
  /** Every namespace of the pipeline's nodes, parents included (`a`, `a.b`), sorted. */
  readonly namespaces: readonly string[];
  readonly tags: readonly string[];
}

export interface ViewOptions {
  /** Namespaces drawn as one box. */
  readonly collapsed: ReadonlySet<string>;
  /** Keep nodes with any of these tags (and their datasets); empty keeps all. */
  readonly tags: readonly string[];
  /** A vertex id: keep only it, its ancestors and its descendants. */
  readonly focus?: string;
  readonly hideParameters: boolean;
}

export interface VisibleGraph {
  readonly vertices: readonly GraphVertex[];
  readonly edges: readonly GraphEdge[];
  /** Collapsed namespace id → ids of the original vertices inside it. */
  readonly members: ReadonlyMap<string, readonly string[]>;
  /** Expanded namespaces with visible members, for the group boxes. */
  readonly groups: readonly string[];
}

export const nodeId = (name: string): string => `node:${name}`;
export const dataId = (name: string): string => `data:${name}`;
export const nsId = (ns: string): string => `ns:${ns}`;

const isParameter = (name: string): boolean => name === 'parameters' || name.startsWith('params:');

/** `a.b.c` → [`a`, `a.b`, `a.b.c`]. */
export function namespaceChain(ns: string): string[] {
  if (!ns) return [];
  const parts = ns.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** Layer from catalog metadata, else from a `data/0N_<layer>/` folder in the filepath (Kedro's data convention). */
export function datasetLayer(d: Pick<DatasetJson, 'layer' | 'filepath'> | undefined): string | undefined {
  if (d?.layer) return d.layer.toLowerCase().replace(/^\d\d_/, '');
  const folder = d?.filepath?.match(/(?:^|\/)data\/\d\d_([\w-]+)\//)?.[1];
  return folder?.toLowerCase();
}

/** Datasets belong to the innermost namespace their name is prefixed with (Kedro prefixes namespaced outputs). */
function namespaceOf(name: string, namespaces: readonly string[]): string {
  const bare = name.startsWith('params:') ? name.slice('params:'.length) : name;
  let best = '';
  for (const ns of namespaces) if (bare.startsWith(`${ns}.`) && ns.length > best.length) best = ns;
  return best;
}

const shortName = (name: string, ns: string): string => (ns && name.startsWith(`${ns}.`) ? name.slice(ns.length + 1) : name);

/** The graph of one registered pipeline; undefined when the project has no such pipeline. */
export function buildPipelineGraph(project: ProjectJson, pipelineName: string): PipelineGraph | undefined {
  const pipeline = project.pipelines.find((p) => p.name === pipelineName);
  if (!pipeline) return undefined;
  const byName = new Map(project.nodes.map((n) => [n.name, n]));
  const datasets = new Map(project.datasets.map((d) => [d.name, d]));
  const nodes = pipeline.nodes.map((n) => byName.get(n)).filter((n): n is NodeJson => !!n);
  const namespaces = [...new Set(nodes.flatMap((n) => namespaceChain(n.namespace ?? '')))].sort();
  const vertices = new Map<string, GraphVertex>();
  const edges: GraphEdge[] = [];
  const addDataset = (name: string): string => {
    const id = dataId(name);
    if (vertices.has(id)) return id;
    const d = datasets.get(name);
    const ns = namespaceOf(name, namespaces);
    const layer = datasetLayer(d);
    const param = isParameter(name);
    vertices.set(id, {
      id,
      kind: param ? 'parameters' : 'dataset',
      label: shortName(name, ns),
      name,
      namespace: ns,
      tags: [],
      ...(d?.location ? { location: d.location } : {}),
      // A dataset kept in memory has no catalog entry: a click opens where it is written, as "go to definition" does.
      ...(!d?.location && d?.producers[0] && byName.get(d.producers[0]) ? { writer: (byName.get(d.producers[0]) as NodeJson).location } : {}),
      ...(layer ? { layer, layerIndex: layerKey(layer) } : {}),
      detail: param ? 'parameters' : (d?.type ?? 'MemoryDataset'),
      ...((param ? d?.missing : !d || (d.source === 'memory' && d.producers.length === 0)) ? { missing: true } : {}),
    });
    return id;
  };
  for (const n of nodes) {
    const id = nodeId(n.name);
    const ns = n.namespace ?? '';
    vertices.set(id, {
      id,
      kind: 'node',
      label: shortName(n.name, ns),
      name: n.name,
      namespace: ns,
      tags: n.tags,
      location: n.funcLocation ?? n.location,
      callLocation: n.location,
      detail: n.func,
    });
    for (const input of n.inputs) edges.push({ from: addDataset(input), to: id, count: 1 });
    for (const output of n.outputs) edges.push({ from: id, to: addDataset(output), count: 1 });
  }
  // A produced dataset is never "missing", even when the project-wide producer list was computed elsewhere.
  for (const e of edges) {
    const v = vertices.get(e.to);
    if (v?.missing) vertices.set(v.id, { ...v, missing: false });
  }
  const tags = [...new Set(nodes.flatMap((n) => n.tags))].sort();
  return { pipeline: pipeline.name, partial: pipeline.partial, vertices, edges, namespaces, tags };
}

/** Adjacency in both directions, built once per query. */
function adjacency(edges: readonly GraphEdge[]): { out: Map<string, string[]>; inc: Map<string, string[]> } {
  const out = new Map<string, string[]>();
  const inc = new Map<string, string[]>();
  for (const e of edges) {
    (out.get(e.from) ?? out.set(e.from, []).get(e.from))?.push(e.to);
    (inc.get(e.to) ?? inc.set(e.to, []).get(e.to))?.push(e.from);
  }
  return { out, inc };
}

function reach(start: string, next: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const v = stack.pop() as string;
    for (const w of next.get(v) ?? []) {
      if (!seen.has(w)) {
        seen.add(w);
        stack.push(w);
      }
    }
  }
  return seen;
}

/** Everything upstream and downstream of a vertex (the vertex itself included). */
export function focusSet(edges: readonly GraphEdge[], id: string): Set<string> {
  const { out, inc } = adjacency(edges);
  return new Set([id, ...reach(id, inc), ...reach(id, out)]);
}

/** The outermost collapsed namespace containing `ns`, if any. */
function collapsedAncestor(ns: string, collapsed: ReadonlySet<string>): string | undefined {
  return namespaceChain(ns).find((n) => collapsed.has(n));
}

/** Vertices and edges to draw: filters first (on the full graph), then collapsed namespaces folded into one box each. */
export function visibleGraph(graph: PipelineGraph, options: ViewOptions): VisibleGraph {
  let keep = new Set(graph.vertices.keys());
  if (options.tags.length) {
    const tagged = [...graph.vertices.values()].filter((v) => v.kind === 'node' && v.tags.some((t) => options.tags.includes(t))).map((v) => v.id);
    keep = new Set(tagged);
    for (const e of graph.edges) {
      if (keep.has(e.to) && graph.vertices.get(e.to)?.kind === 'node') keep.add(e.from);
      if (keep.has(e.from) && graph.vertices.get(e.from)?.kind === 'node') keep.add(e.to);
    }
  }
  if (options.hideParameters) for (const v of graph.vertices.values()) if (v.kind === 'parameters') keep.delete(v.id);
  let edges = graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to));
  if (options.focus && keep.has(options.focus)) {
    const focus = focusSet(edges, options.focus);
    keep = new Set([...keep].filter((id) => focus.has(id)));
    edges = edges.filter((e) => keep.has(e.from) && keep.has(e.to));
  }

  const rep = new Map<string, string>();
  const members = new Map<string, string[]>();
  const vertices: GraphVertex[] = [];
  for (const id of keep) {
    const v = graph.vertices.get(id) as GraphVertex;
    const box = collapsedAncestor(v.namespace, options.collapsed);
    if (!box) {
      rep.set(id, id);
      vertices.push(v);
      continue;
    }
    const boxId = nsId(box);
    rep.set(id, boxId);
    if (!members.has(boxId)) {
      members.set(boxId, []);
      const parent = box.includes('.') ? box.slice(0, box.lastIndexOf('.')) : '';
      vertices.push({ id: boxId, kind: 'namespace', label: shortName(box, parent), name: box, namespace: parent, tags: [], detail: 'namespace' });
    }
    members.get(boxId)?.push(id);
  }
  const folded = new Map<string, GraphEdge>();
  for (const e of edges) {
    const from = rep.get(e.from) as string;
    const to = rep.get(e.to) as string;
    if (from === to) continue;
    const key = `${from}\u0000${to}`;
    const prev = folded.get(key);
    folded.set(key, { from, to, count: (prev?.count ?? 0) + e.count });
  }
  for (const [box, inside] of members) {
    const v = vertices.find((x) => x.id === box) as GraphVertex;
    const n = inside.filter((id) => graph.vertices.get(id)?.kind === 'node').length;
    vertices[vertices.indexOf(v)] = { ...v, detail: `namespace · ${n} node${n === 1 ? '' : 's'}` };
  }
  // A collapsed box's `namespace` is its parent, so expanded ancestors still get their group box.
  const groups = [...new Set(vertices.flatMap((v) => namespaceChain(v.namespace)))].sort();
  return { vertices, edges: [...folded.values()], members, groups };
}

/** Above `threshold` vertices every namespace starts collapsed, so a 5,000-node project opens as a readable overview. */
export function defaultCollapsed(graph: PipelineGraph, threshold: number): Set<string> {
  return graph.vertices.size > threshold ? new Set(graph.namespaces) : new Set();
}

/** Ids of visible vertices whose name contains the query (a collapsed namespace matches when a member does). */
export function searchMatches(graph: PipelineGraph, visible: VisibleGraph, query: string): Set<string> {
  const q = query.trim().toLowerCase();
  const hits = new Set<string>();
  if (!q) return hits;
  const hit = (v: GraphVertex | undefined): boolean => !!v && (v.name.toLowerCase().includes(q) || v.detail.toLowerCase().includes(q));
  for (const v of visible.vertices) {
    if (v.kind === 'namespace' ? v.name.toLowerCase().includes(q) || (visible.members.get(v.id) ?? []).some((id) => hit(graph.vertices.get(id))) : hit(v)) hits.add(v.id);
  }
  return hits;
}
