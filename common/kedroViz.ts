// The project model as the API files Kedro-Viz serves from a folder (`kedro viz run --load-file DIR`): DIR/api/main,
// DIR/api/pipelines/<id> (one graph per registered pipeline) and DIR/api/nodes/<id> (the side panel's metadata).
// Shared by `kedro-lens pipelines --format kedro-viz` and the "Kedro: Open in Kedro-Viz" command (Node only, not for
// webviews). Types are our own description of what its loader and front end read; ids are 8 hex digits of a SHA-1, as Kedro-Viz
// makes them (for datasets the same value, so links keep working across both tools).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetJson, NodeJson, ProjectJson } from './pipelineModel';

export const ROOT_ID = '__root__';

export interface VizGraphNode {
  id: string;
  name: string;
  tags: string[];
  pipelines: string[];
  type: 'task' | 'data' | 'parameters' | 'modularPipeline';
  /** null only on modular pipeline nodes. */
  modular_pipelines: string[] | null;
  /** Task nodes: the node's name with its namespace, and its parameter values. */
  full_name?: string;
  parameters?: Record<string, unknown>;
  /** Data nodes. */
  layer?: string | null;
  dataset_type?: string | null;
}

export interface VizEdge {
  source: string;
  target: string;
}

export interface VizNamed {
  id: string;
  name: string;
}

export interface VizModularPipeline {
  id: string;
  name: string;
  inputs: string[];
  outputs: string[];
  children: { id: string; type: VizGraphNode['type'] }[];
}

export interface VizGraph {
  nodes: VizGraphNode[];
  edges: VizEdge[];
  layers: string[];
  tags: VizNamed[];
  pipelines: VizNamed[];
  modular_pipelines: Record<string, VizModularPipeline>;
  selected_pipeline: string;
}

export type VizNodeMetadata =
  | { filepath?: string; parameters?: Record<string, unknown>; inputs: string[]; outputs: string[]; run_command: string }
  | { filepath?: string; type: string; run_command?: string }
  | { parameters: Record<string, unknown> };

/** `api/run-status`: what Kedro-Viz itself serves for a project without recorded run events (the UI asks for it). */
export interface VizRunStatus {
  nodes: Record<string, never>;
  datasets: Record<string, never>;
  pipeline: { run_id: string; start_time: null; end_time: null; duration: number; status: 'success'; error: null };
}

export interface VizExport {
  main: VizGraph;
  runStatus: VizRunStatus;
  pipelines: Map<string, VizGraph>;
  nodes: Map<string, VizNodeMetadata>;
}

export const vizId = (value: string): string => createHash('sha1').update(value, 'utf8').digest('hex').slice(0, 8);
/** Transcoded datasets (`name@pandas`, `name@spark`) are one node in Kedro-Viz. */
const baseName = (name: string): string => name.split('@')[0] ?? name;
const isParam = (name: string): boolean => name === 'parameters' || name.startsWith('params:');
const datasetId = (name: string): string => vizId(baseName(name));
const taskId = (n: NodeJson): string => vizId(`task:${n.name}`);

/** A parameter's value from the model's flat list (`a.b` → value), parsed back from its JSON text when it is JSON. */
function paramValues(project: ProjectJson, key: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const prefix = key === 'parameters' ? '' : `${key}.`;
  for (const p of project.parameters) {
    if (p.path !== key && !(prefix === '' || p.path.startsWith(prefix))) continue;
    let value: unknown = p.value;
    try {
      value = JSON.parse(p.value);
    } catch {
      // not JSON (a plain string): keep the text
    }
    out[p.path] = value;
  }
  return out;
}

/** A namespace and its parents: `a.b.c` → a, a.b, a.b.c. */
const explode = (ns: string): string[] => ns.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'));
const inNamespace = (n: NodeJson, ns: string): boolean => n.namespace === ns || (n.namespace?.startsWith(`${ns}.`) ?? false);

/**
 * Kedro-Viz's layer order: a layer comes before the layers its datasets flow into, through nodes and datasets without a
 * layer (topological; ties and cycles fall back to name order so the output is stable).
 */
function sortLayers(nodes: readonly NodeJson[], layerOf: (name: string) => string | undefined): string[] {
  const downstream = new Map<string, Set<string>>();
  for (const n of nodes) for (const i of n.inputs) for (const o of n.outputs) (downstream.get(baseName(i)) ?? downstream.set(baseName(i), new Set()).get(baseName(i))!).add(baseName(o));
  const layers = new Set(nodes.flatMap((n) => [...n.inputs, ...n.outputs]).map(layerOf).filter((l): l is string => !!l));
  const after = new Map<string, Set<string>>();
  for (const start of downstream.keys()) {
    const from = layerOf(start);
    if (!from) continue;
    const seen = new Set<string>();
    const stack = [...(downstream.get(start) ?? [])];
    while (stack.length) {
      const d = stack.pop()!;
      if (seen.has(d)) continue;
      seen.add(d);
      const to = layerOf(d);
      if (to) {
        if (to !== from) (after.get(from) ?? after.set(from, new Set()).get(from)!).add(to);
      } else stack.push(...(downstream.get(d) ?? []));
    }
  }
  const indegree = new Map([...layers].map((l) => [l, 0]));
  for (const targets of after.values()) for (const b of targets) indegree.set(b, (indegree.get(b) ?? 0) + 1);
  const order: string[] = [];
  let ready = [...layers].filter((l) => indegree.get(l) === 0).sort();
  while (ready.length) {
    const l = ready.shift()!;
    order.push(l);
    for (const b of after.get(l) ?? []) {
      indegree.set(b, indegree.get(b)! - 1);
      if (indegree.get(b) === 0) ready = [...ready, b].sort();
    }
  }
  return [...order, ...[...layers].filter((l) => !order.includes(l)).sort()];
}

/** The graph of one registered pipeline. */
function graphOf(project: ProjectJson, pipelineId: string, memberships: Map<string, Set<string>>, datasets: Map<string, DatasetJson>): VizGraph {
  const pipeline = project.pipelines.find((p) => p.name === pipelineId);
  const names = new Set(pipeline?.nodes ?? []);
  const nodes = project.nodes.filter((n) => names.has(n.name));
  const graphNodes = new Map<string, VizGraphNode>();
  const edges = new Map<string, VizEdge>();
  const addEdge = (source: string, target: string) => edges.set(`${source}\u0000${target}`, { source, target });
  const pipelinesOf = (id: string) => [...(memberships.get(id) ?? [])].sort();

  // Modular pipelines (namespaces): inputs = what the namespace's nodes read and none of them writes; outputs = what
  // they write that nothing inside reads, or that nodes outside read.
  const tree = new Map<string, VizModularPipeline>([[ROOT_ID, { id: ROOT_ID, name: 'Root', inputs: [], outputs: [], children: [] }]]);
  const childKeys = new Map<string, Set<string>>([[ROOT_ID, new Set()]]);
  const addChild = (mp: string, id: string, type: VizGraphNode['type']) => {
    const keys = childKeys.get(mp)!;
    if (keys.has(id)) return;
    keys.add(id);
    tree.get(mp)!.children.push({ id, type });
  };
  const modularOf = new Map<string, Set<string>>();
  const namespaces = [...new Set(nodes.flatMap((n) => (n.namespace ? explode(n.namespace) : [])))].sort();
  const parameterIds = new Set(nodes.flatMap((n) => n.inputs.filter(isParam).map(datasetId)));
  for (const ns of namespaces) {
    const inside = nodes.filter((n) => inNamespace(n, ns));
    const outside = nodes.filter((n) => !inNamespace(n, ns));
    const written = new Set(inside.flatMap((n) => n.outputs.map(baseName)));
    const read = new Set(inside.flatMap((n) => n.inputs.map(baseName)));
    const readOutside = new Set(outside.flatMap((n) => n.inputs.map(baseName)));
    const inputs = [...read].filter((d) => !written.has(d)).sort();
    const outputs = [...written].filter((d) => !read.has(d) || readOutside.has(d)).sort();
    tree.set(ns, { id: ns, name: ns, inputs: inputs.map(vizId), outputs: outputs.map(vizId), children: [] });
    childKeys.set(ns, new Set());
  }
  for (const ns of namespaces) {
    const mp = tree.get(ns)!;
    const boundary = new Set([...mp.inputs, ...mp.outputs]);
    for (const n of nodes.filter((x) => x.namespace === ns)) {
      addChild(ns, taskId(n), 'task');
      (modularOf.get(taskId(n)) ?? modularOf.set(taskId(n), new Set()).get(taskId(n))!).add(ns);
      for (const d of [...n.inputs, ...n.outputs]) {
        const id = datasetId(d);
        if (boundary.has(id) || parameterIds.has(id)) continue;
        addChild(ns, id, 'data');
        (modularOf.get(id) ?? modularOf.set(id, new Set()).get(id)!).add(ns);
      }
    }
    const parent = ns.includes('.') ? ns.slice(0, ns.lastIndexOf('.')) : ROOT_ID;
    addChild(parent, ns, 'modularPipeline');
    const parentBoundary = parent === ROOT_ID ? new Set<string>() : new Set([...tree.get(parent)!.inputs, ...tree.get(parent)!.outputs]);
    for (const id of boundary) if (!parentBoundary.has(id) && !parameterIds.has(id)) addChild(parent, id, 'data');
  }

  for (const n of nodes) {
    const id = taskId(n);
    const params = Object.assign({}, ...n.inputs.filter(isParam).map((p) => paramValues(project, p === 'parameters' ? p : p.slice('params:'.length)))) as Record<string, unknown>;
    graphNodes.set(id, { id, name: n.name.slice(n.namespace ? n.namespace.length + 1 : 0) || n.name, full_name: n.name, tags: [...n.tags].sort(), pipelines: pipelinesOf(id), type: 'task', modular_pipelines: [...(modularOf.get(id) ?? [])].sort(), parameters: params });
    for (const d of n.inputs) addEdge(datasetId(d), id);
    for (const d of n.outputs) addEdge(id, datasetId(d));
  }
  const tagsOfDataset = new Map<string, Set<string>>();
  for (const n of nodes) for (const d of [...n.inputs, ...n.outputs]) for (const t of n.tags) (tagsOfDataset.get(datasetId(d)) ?? tagsOfDataset.set(datasetId(d), new Set()).get(datasetId(d))!).add(t);
  for (const d of [...new Set(nodes.flatMap((n) => [...n.inputs, ...n.outputs]))].sort()) {
    const id = datasetId(d);
    if (graphNodes.has(id)) continue;
    const ds = datasets.get(baseName(d)) ?? datasets.get(d);
    const param = isParam(d);
    graphNodes.set(id, {
      id,
      name: param ? d : baseName(d),
      tags: [...(tagsOfDataset.get(id) ?? [])].sort(),
      pipelines: pipelinesOf(id),
      type: param ? 'parameters' : 'data',
      modular_pipelines: [...(modularOf.get(id) ?? [])].sort(),
      layer: ds?.layer ?? null,
      dataset_type: param ? null : (ds?.type ?? null),
    });
  }
  // Modular pipelines are graph nodes too (collapsed namespaces), wired to their inputs and outputs.
  for (const ns of namespaces) {
    const mp = tree.get(ns)!;
    const tags = new Set(nodes.filter((n) => inNamespace(n, ns)).flatMap((n) => n.tags));
    graphNodes.set(ns, { id: ns, name: ns, tags: [...tags].sort(), pipelines: [pipelineId], type: 'modularPipeline', modular_pipelines: null });
    for (const i of mp.inputs) addEdge(i, ns);
    for (const o of mp.outputs) addEdge(ns, o);
  }
  // Whatever no namespace holds hangs off the root.
  for (const g of graphNodes.values()) {
    if (g.type === 'modularPipeline') continue;
    if (!modularOf.has(g.id) || (g.type === 'parameters' && parameterIds.has(g.id))) addChild(ROOT_ID, g.id, g.type);
  }

  const layerOf = (name: string) => datasets.get(baseName(name))?.layer ?? datasets.get(name)?.layer;
  const allTags = [...new Set(project.nodes.flatMap((n) => n.tags))].sort();
  return {
    nodes: [...graphNodes.values()],
    edges: [...edges.values()],
    layers: sortLayers(nodes, layerOf),
    tags: allTags.map((t) => ({ id: t, name: t })),
    pipelines: project.pipelines.map((p) => ({ id: p.name, name: p.name })),
    modular_pipelines: Object.fromEntries(tree),
    selected_pipeline: pipelineId,
  };
}

/** Every registered pipeline's graph, the default one as `main`, and each node's metadata. */
export function kedroVizExport(project: ProjectJson, projectRoot: string): VizExport {
  const datasets = new Map(project.datasets.map((d) => [d.name, d]));
  const memberships = new Map<string, Set<string>>();
  const member = (id: string, pipeline: string) => (memberships.get(id) ?? memberships.set(id, new Set()).get(id)!).add(pipeline);
  const byName = new Map(project.nodes.map((n) => [n.name, n]));
  for (const p of project.pipelines) {
    for (const name of p.nodes) {
      const n = byName.get(name);
      if (!n) continue;
      member(taskId(n), p.name);
      for (const d of [...n.inputs, ...n.outputs]) member(datasetId(d), p.name);
    }
  }
  const pipelines = new Map(project.pipelines.map((p) => [p.name, graphOf(project, p.name, memberships, datasets)]));
  const defaultId = pipelines.has('__default__') ? '__default__' : (project.pipelines[0]?.name ?? '__default__');
  const main = pipelines.get(defaultId) ?? graphOf(project, defaultId, memberships, datasets);

  const nodes = new Map<string, VizNodeMetadata>();
  const relative = (uri: string | undefined) => (uri?.startsWith(projectRoot) ? uri.slice(projectRoot.length).replace(/^\/+/, '') : undefined);
  for (const n of project.nodes) {
    const params = Object.assign({}, ...n.inputs.filter(isParam).map((p) => paramValues(project, p === 'parameters' ? p : p.slice('params:'.length)))) as Record<string, unknown>;
    const filepath = relative(n.funcLocation?.uri ?? n.location.uri);
    nodes.set(taskId(n), { ...(filepath ? { filepath } : {}), parameters: params, inputs: [...n.inputs], outputs: [...n.outputs], run_command: `kedro run --nodes=${n.name}` });
    for (const d of [...n.inputs, ...n.outputs]) {
      const id = datasetId(d);
      if (nodes.has(id)) continue;
      if (isParam(d)) {
        nodes.set(id, { parameters: paramValues(project, d === 'parameters' ? d : d.slice('params:'.length)) });
        continue;
      }
      const ds = datasets.get(baseName(d)) ?? datasets.get(d);
      nodes.set(id, { ...(ds?.filepath ? { filepath: ds.filepath } : {}), type: ds?.type ?? 'MemoryDataset', run_command: `kedro run --to-outputs=${baseName(d)}` });
    }
  }
  const runStatus: VizRunStatus = { nodes: {}, datasets: {}, pipeline: { run_id: 'default-run-id', start_time: null, end_time: null, duration: 0, status: 'success', error: null } };
  return { main, runStatus, pipelines, nodes };
}

/**
 * Kedro-Viz serves `api/pipelines/<id>` only when its file-name sanitiser returns the id unchanged (it answers 400
 * otherwise): ASCII letters, digits, `_`, `.` and `-`, neither starting nor ending with `_` or `.` (the sanitiser strips
 * those), so `__default__` or `_draft` is never served from there. Such pipelines are skipped with a warning rather
 * than written under another name, except the one `api/main` already holds: the web UI loads that one from `api/main`.
 */
const SERVED_NAME = /^[A-Za-z0-9-](?:[A-Za-z0-9_.-]*[A-Za-z0-9-])?$/;
export const vizFileNameOk = (name: string): boolean => SERVED_NAME.test(name);
/** A name that is one plain file in `api/pipelines` (written for the main pipeline even when Kedro-Viz won't serve it). */
const plainFileName = (name: string): boolean => /^[A-Za-z0-9_.-]+$/.test(name) && name !== '.' && name !== '..';

/** Writes DIR/api/{main,run-status,pipelines/<id>,nodes/<id>}; returns the pipelines left out. Files of an earlier
 * export are overwritten, never deleted (DIR is the user's: nothing there is removed). */
export function writeKedroVizFiles(out: VizExport, dir: string): string[] {
  const api = path.join(dir, 'api');
  fs.mkdirSync(path.join(api, 'pipelines'), { recursive: true });
  fs.mkdirSync(path.join(api, 'nodes'), { recursive: true });
  fs.writeFileSync(path.join(api, 'main'), JSON.stringify(out.main));
  fs.writeFileSync(path.join(api, 'run-status'), JSON.stringify(out.runStatus));
  const skipped: string[] = [];
  for (const [id, graph] of out.pipelines) {
    const isMain = id === out.main.selected_pipeline;
    if (vizFileNameOk(id) || (isMain && plainFileName(id))) fs.writeFileSync(path.join(api, 'pipelines', id), JSON.stringify(graph));
    if (!vizFileNameOk(id) && !isMain) skipped.push(id);
  }
  for (const [id, meta] of out.nodes) fs.writeFileSync(path.join(api, 'nodes', id), JSON.stringify(meta));
  return skipped;
}
