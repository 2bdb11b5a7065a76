// Pure tree building from the server's model (no vscode import): unit-tested, and the providers only map it to TreeItems.
import type { CommandTarget } from '../../../common/commands';
import type { DatasetJson, LocationJson, NodeJson, ProjectJson } from '../../../common/pipelineModel';
import { statusEnvironment } from '../statusText';

export type TreeKind = 'project' | 'pipeline' | 'namespace' | 'node' | 'dataset' | 'layer' | 'range' | 'info';

/** Menu commands receive the item itself: it is their CommandTarget. */
export interface TreeNode extends CommandTarget {
  readonly id: string;
  readonly kind: TreeKind;
  readonly label: string;
  readonly description?: string;
  /** A function where the text costs to build (a dataset's lists every node reading it: `params:` ones thousands, on
   * every row the dataset appears): built only for the rows VS Code fetches. */
  readonly tooltip?: string | (() => string);
  readonly location?: LocationJson;
  /** Drives menus (`viewItem == kedro.node`) and icons. */
  readonly contextValue: string;
  readonly children: readonly TreeNode[];
  /** Whether `children` is non-empty, known without building them (a node's dataset rows are built when expanded). */
  readonly hasChildren?: boolean;
  /** What run commands need: the project root and the name to pass. */
  readonly rootUri: string;
  readonly name?: string;
  /** dataset role under a node, dataset source in the Datasets view */
  readonly detail?: 'input' | 'output' | DatasetJson['source'];
  /** Drawn dimmed (a catalog entry no pipeline uses). */
  readonly dimmed?: boolean;
}

export interface TreeFilter {
  /** Case-insensitive substring over node names, functions and datasets. */
  readonly text?: string;
  readonly tags?: readonly string[];
}

/** Above this many rows a level is split into ranges of this size, as debuggers page large arrays: expanding a level
 * then renders at most this many rows (3,750 nodes under `__default__` took 1–2 s and an 800 ms main-thread task). */
export const RANGE = 200;

/** `items` as they are, or in ranges of RANGE labelled by their first and last entry. */
export function inRanges(items: readonly TreeNode[], parentId: string, rootUri: string, noun: string): readonly TreeNode[] {
  if (items.length <= RANGE) return items;
  const out: TreeNode[] = [];
  for (let i = 0; i < items.length; i += RANGE) {
    const part = items.slice(i, i + RANGE);
    const first = part[0] as TreeNode;
    const last = part[part.length - 1] as TreeNode;
    out.push({ id: `${parentId}/range:${i}`, kind: 'range', label: `${first.label} … ${last.label}`, description: `${i + 1}–${i + part.length} of ${items.length} ${noun}`, contextValue: 'kedro.range', children: part, rootUri });
  }
  return out;
}

const matchesFilter = (n: NodeJson, f: TreeFilter): boolean => {
  if (f.tags?.length && !n.tags.some((t) => f.tags?.includes(t))) return false;
  if (!f.text) return true;
  const q = f.text.toLowerCase();
  return [n.name, n.func, ...n.inputs, ...n.outputs].some((s) => s.toLowerCase().includes(q));
};

/** projects (only when several) → pipelines → namespaces (nested) → nodes → input/output datasets. */
export function buildPipelineTree(projects: readonly ProjectJson[], filter: TreeFilter = {}): TreeNode[] {
  const perProject = projects.map((p) => projectChildren(p, filter));
  if (projects.length === 1) return perProject[0] ?? [];
  return projects.map((p, i) => {
    // As the status bar names it: the environment merged last (base when the run environment is empty).
    const env = statusEnvironment({ envChain: p.envChain ?? (p.env ? [p.env] : []) });
    return {
      id: `project:${p.rootUri}`,
      kind: 'project',
      label: p.projectName ?? p.packageName ?? p.rootUri,
      description: `env ${env.text}`,
      tooltip: `${p.rootUri}\nenvironment ${env.chain}\n${p.pipelines.length} pipelines, ${p.nodes.length} nodes`,
      contextValue: 'kedro.project',
      children: perProject[i] ?? [],
      rootUri: p.rootUri,
    };
  });
}

const NATURAL = new Intl.Collator('en', { numeric: true });

function projectChildren(p: ProjectJson, filter: TreeFilter): TreeNode[] {
  // Analysed, but no registered pipeline could be evaluated: say so (the view's welcome kept saying "Analysing…").
  if (!p.pipelines.length) {
    return [{
      id: `nopipelines:${p.rootUri}`,
      kind: 'info',
      label: 'No pipeline could be analysed',
      description: 'register_pipelines() in pipeline_registry.py',
      tooltip: 'register_pipelines() returns no pipeline that can be evaluated without running the project code (KL909 in the Problems view says where, when it is built at run time). Kedro Lens shows a pipeline once its nodes are known statically.',
      contextValue: 'kedro.info',
      children: [],
      rootUri: p.rootUri,
    }];
  }
  const byName = new Map(p.nodes.map((n) => [n.name, n]));
  const datasets = new Map(p.datasets.map((d) => [d.name, d]));
  // __default__ last, as `kedro registry list` users expect the named pipelines first.
  // Numbers in names in numeric order (p2 before p10).
  const pipelines = [...p.pipelines].sort((a, b) => Number(a.name === '__default__') - Number(b.name === '__default__') || NATURAL.compare(a.name, b.name));
  return pipelines.map((pl) => {
    const nodes = pl.nodes.map((n) => byName.get(n)).filter((n): n is NodeJson => !!n && matchesFilter(n, filter));
    const id = `pipeline:${p.rootUri}:${pl.name}`;
    return {
      id,
      kind: 'pipeline',
      label: pl.name,
      description: `${nodes.length}${nodes.length !== pl.nodes.length ? `/${pl.nodes.length}` : ''} node${pl.nodes.length === 1 ? '' : 's'}${pl.partial ? ' · partly analysed' : ''}`,
      tooltip: pl.partial ? 'Parts of this pipeline are built at run time and could not be analysed statically.' : `Pipeline ${pl.name}`,
      ...(pl.location ? { location: pl.location } : {}),
      contextValue: 'kedro.pipeline',
      children: namespaceLevel(nodes, '', id, p.rootUri, datasets),
      rootUri: p.rootUri,
      name: pl.name,
    };
  });
}

/** Nodes directly in `ns`, plus one collapsible entry per child namespace (nested: `a.b` under `a`). */
function namespaceLevel(nodes: readonly NodeJson[], ns: string, parentId: string, rootUri: string, datasets: ReadonlyMap<string, DatasetJson>): TreeNode[] {
  const direct = nodes.filter((n) => (n.namespace ?? '') === ns);
  const childNamespaces = new Set<string>();
  for (const n of nodes) {
    const full = n.namespace ?? '';
    if (full === ns || (ns && !full.startsWith(`${ns}.`)) || (!ns && !full)) continue;
    const rest = ns ? full.slice(ns.length + 1) : full;
    childNamespaces.add(ns ? `${ns}.${rest.split('.')[0]}` : (rest.split('.')[0] as string));
  }
  const nsNodes: TreeNode[] = [...childNamespaces].sort().map((child) => {
    const inside = nodes.filter((n) => n.namespace === child || n.namespace?.startsWith(`${child}.`));
    const id = `${parentId}/ns:${child}`;
    return {
      id,
      kind: 'namespace',
      label: child.split('.').pop() as string,
      description: `${inside.length} node${inside.length === 1 ? '' : 's'}`,
      tooltip: `Namespace ${child}`,
      contextValue: 'kedro.namespace',
      children: namespaceLevel(inside, child, id, rootUri, datasets),
      rootUri,
      name: child,
    };
  });
  return [...nsNodes, ...inRanges(direct.map((n) => nodeItem(n, parentId, rootUri, datasets)), parentId, rootUri, 'nodes')];
}

function nodeItem(n: NodeJson, parentId: string, rootUri: string, datasets: ReadonlyMap<string, DatasetJson>): TreeNode {
  const id = `${parentId}/node:${n.name}`;
  const short = n.namespace ? n.name.slice(n.namespace.length + 1) : n.name;
  let children: TreeNode[] | undefined;
  const ds = (name: string, role: 'input' | 'output'): TreeNode => {
    const d = datasets.get(name);
    return {
      id: `${id}/${role}:${name}`,
      kind: 'dataset',
      label: name,
      description: `${role === 'input' ? '→ in' : 'out →'} · ${d?.type ?? 'MemoryDataset'}`,
      tooltip: () => datasetTooltip(name, d),
      ...(d?.location ? { location: d.location } : {}),
      contextValue: `kedro.dataset.${role}`,
      children: [],
      rootUri,
      name,
      detail: role,
    };
  };
  return {
    id,
    kind: 'node',
    label: short,
    description: `${n.inputs.join(', ') || '∅'} → ${n.outputs.join(', ') || '∅'}`,
    tooltip: () => [`node ${n.name}`, `function ${n.func}`, ...(n.tags.length ? [`tags: ${n.tags.join(', ')}`] : []), ...(n.nameUncertain ? ['(name not exactly known: give it name="…" to run it alone)'] : [])].join('\n'),
    location: n.location,
    contextValue: n.nameUncertain ? 'kedro.node.unnamed' : 'kedro.node',
    // Built when first read (the row is expanded): 5,000 nodes appear twice (their pipeline and __default__), and their
    // ~50,000 dataset rows made every rebuild of the tree (on each settled change of diagnostics) cost ~150 ms.
    get children() {
      return (children ??= [...n.inputs.map((i) => ds(i, 'input')), ...n.outputs.map((o) => ds(o, 'output'))]);
    },
    hasChildren: n.inputs.length + n.outputs.length > 0,
    rootUri,
    name: n.name,
  };
}

export function datasetTooltip(name: string, d: DatasetJson | undefined): string {
  if (!d) return `${name}: MemoryDataset`;
  return [
    `${name}: ${d.type}`,
    ...(d.typeWritten ? [`type as written: ${d.typeWritten}`] : []),
    ...(d.filepath ? [`filepath: ${d.filepath}`] : []),
    ...(d.filepathWritten ? [`filepath as written: ${d.filepathWritten}`] : []),
    ...(d.layer ? [`layer: ${d.layer}`] : []),
    ...(d.pattern ? [`factory: ${d.pattern}`] : []),
    ...(d.env ? [`env: ${d.env}`] : []),
    `written by: ${d.producers.join(', ') || '—'}`,
    `read by: ${d.consumers.join(', ') || '—'}`,
  ].join('\n');
}

const LAYER_ORDER = ['raw', 'intermediate', 'primary', 'feature', 'model_input', 'models', 'model_output', 'reporting'];
/** Position of a layer in Kedro's order (`01_raw` and `raw` alike); custom layers sort after `reporting`. */
export const layerKey = (layer: string): number => {
  const norm = layer.toLowerCase().replace(/^\d\d_/, '').replace(/[\s-]+/g, '_');
  const i = LAYER_ORDER.indexOf(norm === 'features' ? 'feature' : norm);
  return i < 0 ? LAYER_ORDER.length : i;
};

/** Datasets view: layers in Kedro's order (01_raw … 08_reporting, then custom, then none), memory datasets last. */
export function buildDatasetTree(projects: readonly ProjectJson[]): TreeNode[] {
  const per = projects.map((p) => datasetChildren(p));
  if (projects.length === 1) return per[0] ?? [];
  return projects.map((p, i) => ({ id: `dsproject:${p.rootUri}`, kind: 'project', label: p.projectName ?? p.rootUri, contextValue: 'kedro.project', children: per[i] ?? [], rootUri: p.rootUri }));
}

function datasetChildren(p: ProjectJson): TreeNode[] {
  const groups = new Map<string, DatasetJson[]>();
  const memory: DatasetJson[] = [];
  // Read but neither in the catalog nor written by any known node: not a MemoryDataset, `kedro run` stops on it.
  const unwritten: DatasetJson[] = [];
  for (const d of p.datasets) {
    if (d.source === 'parameter') continue;
    if (d.source === 'memory') (d.producers.length ? memory : unwritten).push(d);
    else (groups.get(d.layer ?? '') ?? groups.set(d.layer ?? '', []).get(d.layer ?? ''))?.push(d);
  }
  const item = (d: DatasetJson, group: string): TreeNode => ({
    id: `ds:${p.rootUri}:${group}:${d.name}`,
    kind: 'dataset',
    label: d.name,
    description: group === 'unwritten' ? 'no catalog entry, no node writes it' : `${d.unused ? 'unused · ' : ''}${d.type}${d.source === 'factory' ? ' · factory' : ''}${d.filepath ? ` · ${d.filepath}` : ''}`,
    tooltip: () => datasetTooltip(d.name, d),
    ...(d.location ? { location: d.location } : {}),
    contextValue: `kedro.dataset.${d.source}`,
    children: [],
    rootUri: p.rootUri,
    name: d.name,
    detail: d.source,
    ...(d.unused ? { dimmed: true } : {}),
  });
  const layers = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : layerKey(a) - layerKey(b) || (a < b ? -1 : 1)));
  const out: TreeNode[] = layers.map((layer) => ({
    id: `layer:${p.rootUri}:${layer}`,
    kind: 'layer',
    label: layer || '(no layer)',
    description: `${groups.get(layer)?.length ?? 0}`,
    contextValue: 'kedro.layer',
    children: inRanges((groups.get(layer) ?? []).map((d) => item(d, layer)), `layer:${p.rootUri}:${layer}`, p.rootUri, 'datasets'),
    rootUri: p.rootUri,
  }));
  if (unwritten.length) {
    const id = `layer:${p.rootUri}:unwritten`;
    out.push({ id, kind: 'layer', label: 'not in the catalog', description: `${unwritten.length} · read, never written`, contextValue: 'kedro.layer', children: inRanges(unwritten.map((d) => item(d, 'unwritten')), id, p.rootUri, 'datasets'), rootUri: p.rootUri });
  }
  if (memory.length) {
    out.push({ id: `layer:${p.rootUri}:memory`, kind: 'layer', label: 'in memory', description: `${memory.length} · not persisted`, contextValue: 'kedro.layer', children: inRanges(memory.map((d) => item(d, 'memory')), `layer:${p.rootUri}:memory`, p.rootUri, 'datasets'), rootUri: p.rootUri });
  }
  return out;
}

/** The first item of a tree `match` accepts (depth first), down to the nodes (their dataset rows are built on demand). */
export function findNode(ns: readonly TreeNode[], match: (n: TreeNode) => boolean): TreeNode | undefined {
  for (const n of ns) {
    if (match(n)) return n;
    if (n.kind === 'node') continue;
    const hit = findNode(n.children, match);
    if (hit) return hit;
  }
  return undefined;
}

/** The innermost node whose call range contains the position (for "the tree follows the editor"). */
export function nodeAt(tree: readonly TreeNode[], uri: string, line: number): TreeNode | undefined {
  let best: TreeNode | undefined;
  const visit = (n: TreeNode): void => {
    const r = n.location?.range;
    // Innermost call wins; among equal ones the first (the first pipeline listing the node).
    if (n.kind === 'node' && r && n.location?.uri === uri && r.start.line <= line && r.end.line >= line && (!best || r.start.line > (best.location?.range.start.line ?? -1))) best = n;
    // Below a node are only its datasets (built on demand: not for this walk).
    if (n.kind !== 'node') n.children.forEach(visit);
  };
  tree.forEach(visit);
  return best;
}
