import type { RegisteredPipeline, ResolvedNode } from '../project/pipelines/types';
import type { ProjectModel } from '../project/model';
import { nodeIdentity } from '../project/pipelines/evaluator';

/** Registered pipelines whose node set is completely known (pipeline-level checks need the whole set). */
export function closedPipelines(model: ProjectModel): RegisteredPipeline[] {
  return [...model.registry.pipelines.values()].filter((p) => p.pipeline.open.length === 0);
}

const maximalCache = new WeakMap<ProjectModel, RegisteredPipeline[]>();

/**
 * Closed pipelines whose node set no other closed pipeline contains. Duplicate outputs, duplicate names, cycles and
 * transcoding clashes in a subset also exist in its superset, so checking these finds everything once — typically
 * only `__default__`, which halves the work. Among equal sets the named pipeline is kept.
 */
export function maximalPipelines(model: ProjectModel): RegisteredPipeline[] {
  const hit = maximalCache.get(model);
  if (hit) return hit;
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
  maximalCache.set(model, out);
  return out;
}

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
