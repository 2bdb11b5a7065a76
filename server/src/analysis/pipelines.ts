import type { RegisteredPipeline, ResolvedNode } from '../project/pipelines/types';
import type { ProjectModel } from '../project/model';

/** Registered pipelines whose node set is completely known (pipeline-level checks need the whole set). */
export function closedPipelines(model: ProjectModel): RegisteredPipeline[] {
  return [...model.registry.pipelines.values()].filter((p) => p.pipeline.open.length === 0);
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
