import type { RegisteredPipeline, ResolvedNode } from '../project/pipelines/types';
import { baseName, type DatasetUse, type ProjectModel } from '../project/model';
import { nodeIdentity } from '../project/pipelines/kedroSemantics';
import { memoOn } from '../core/memo';

/** Registered pipelines whose node set is completely known (pipeline-level checks need the whole set). */
export function closedPipelines(model: ProjectModel): RegisteredPipeline[] {
  return [...model.registry.pipelines.values()].filter((p) => p.pipeline.open.length === 0);
}

/**
 * Closed pipelines whose node set no other closed pipeline contains. Duplicate outputs, duplicate names, cycles and
 * transcoding clashes in a subset also exist in its superset, so checking these finds everything once — typically
 * only `__default__`, which halves the work. Among equal sets the named pipeline is kept.
 */
export const maximalPipelines = memoOn((model: ProjectModel): RegisteredPipeline[] => {
  const closed = closedPipelines(model).sort((a, b) => Number(a.name === '__default__') - Number(b.name === '__default__'));
  const sets = closed.map((p) => new Set(p.pipeline.nodes.map(nodeIdentity)));
  const out = closed.filter((p, i) => {
    const mine = sets[i] as Set<string>;
    return !closed.some((_, j) => {
      if (j === i) return false;
      const other = sets[j] as Set<string>;
      if (other.size < mine.size || (other.size === mine.size && j > i)) return false;
      for (const id of mine) if (!other.has(id)) return false;
      return true;
    });
  });
  return out;
});

/** Calls `visit` once per distinct finding key, across all pipelines (a node appears in several pipelines). */
export function once<T>(): (key: string, run: () => T) => void {
  const seen = new Set<string>();
  return (key, run) => {
    if (seen.has(key)) return;
    seen.add(key);
    run();
  };
}

export const nodeKey = (n: ResolvedNode): string => `${n.callLoc.uri}:${n.callLoc.span.start.line}:${n.callLoc.span.start.character}:${n.name}`;

/** The location to point at for a node: its explicit name, else its function argument, else the call. */
export const nodeLoc = (n: ResolvedNode) => n.explicitName?.loc ?? n.func?.loc ?? n.callLoc;

/**
 * Cheap whole-project prechecks for the pipeline-level rules: when the union of all nodes cannot have a finding,
 * no registered pipeline (a subset of it) can, and the per-pipeline work is skipped. Per node list (one per registry).
 */
interface Prechecks {
  readonly duplicateOutputs: boolean;
  readonly duplicateNames: boolean;
  readonly transcoding: boolean;
  readonly cycle: boolean;
}
const prechecks = memoOn((_nodes: readonly ResolvedNode[], model: ProjectModel) => computePrechecks(model));

export const prechecksOf = (model: ProjectModel): Prechecks => prechecks(model.nodes, model);

function computePrechecks(model: ProjectModel): Prechecks {
  // model.nodes holds one node per (call site, identity): two distinct writers or namesakes in any pipeline are here.
  const duplicateOutputs = [...model.producers.values()].some((list) => list.length > 1 && list.some((u) => !u.node.partial && !u.node.conditional && nodeIdentity(u.node) !== nodeIdentity((list[0] as DatasetUse).node)));
  const names = new Set<string>();
  let duplicateNames = false;
  for (const n of model.nodes) {
    if (n.nameUncertain || n.conditional) continue;
    if (names.has(n.name)) {
      duplicateNames = true;
      break;
    }
    names.add(n.name);
  }
  const transcoding = model.uses.some((u) => u.name.includes('@'));
  return { duplicateOutputs, duplicateNames, transcoding, cycle: hasCycle(model) };
}

/**
 * Kahn's algorithm on every (non-partial) node, with an edge from each writer of a dataset to each reader. Edges are
 * collected once into typed arrays and grouped by writer (an array per node was a megabyte of garbage per pass at 5,000
 * nodes, and a second lookup pass over the producers doubled the time).
 */
function hasCycle(model: ProjectModel): boolean {
  const index = new Map<ResolvedNode, number>();
  for (const n of model.nodes) if (!n.partial && !n.conditional) index.set(n, index.size);
  const size = index.size;
  let from = new Int32Array(size * 2 + 16);
  let to = new Int32Array(size * 2 + 16);
  let edges = 0;
  let j = 0;
  for (const n of model.nodes) {
    if (n.partial || n.conditional) continue;
    for (const ref of n.inputs) {
      const writers = model.producers.get(baseName(ref.name));
      if (!writers) continue;
      for (const w of writers) {
        const i = index.get(w.node);
        if (i === undefined) continue;
        if (edges === from.length) {
          from = grow(from);
          to = grow(to);
        }
        from[edges] = i;
        to[edges] = j;
        edges++;
      }
    }
    j++;
  }
  // firstEdge[i] .. firstEdge[i + 1]: the readers of node i, in `targets`.
  const firstEdge = new Int32Array(size + 1);
  const indegree = new Int32Array(size);
  for (let e = 0; e < edges; e++) {
    const i = from[e] as number;
    firstEdge[i + 1] = (firstEdge[i + 1] as number) + 1;
    const t = to[e] as number;
    indegree[t] = (indegree[t] as number) + 1;
  }
  for (let i = 0; i < size; i++) firstEdge[i + 1] = (firstEdge[i + 1] as number) + (firstEdge[i] as number);
  const targets = new Int32Array(edges);
  const filled = firstEdge.slice(0, size);
  for (let e = 0; e < edges; e++) {
    const i = from[e] as number;
    const at = filled[i] as number;
    targets[at] = to[e] as number;
    filled[i] = at + 1;
  }
  const queue = new Int32Array(size);
  let tail = 0;
  for (let i = 0; i < size; i++) if (indegree[i] === 0) queue[tail++] = i;
  for (let head = 0; head < tail; head++) {
    const i = queue[head] as number;
    for (let e = firstEdge[i] as number; e < (firstEdge[i + 1] as number); e++) {
      const k = targets[e] as number;
      const left = (indegree[k] as number) - 1;
      indegree[k] = left;
      if (left === 0) queue[tail++] = k;
    }
  }
  return tail < size;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
