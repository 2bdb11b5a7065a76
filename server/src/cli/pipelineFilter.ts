import type { Loc, Problem } from '../core/types';
import { containsPos } from '../core/types';
import { matchingPattern, type ProjectModel } from '../project/model';

/** Findings located in the nodes (calls and functions), datasets and parameters of one pipeline, plus project-wide config ones. */
export function problemsOfPipeline(model: ProjectModel, problems: readonly Problem[], pipeline: string): Problem[] {
  const p = model.registry.pipelines.get(pipeline);
  if (!p) return [];
  const areas: Loc[] = [];
  const names = new Set<string>();
  for (const n of p.pipeline.nodes) {
    areas.push(n.callLoc);
    if (n.func?.target) areas.push({ uri: n.func.target.module.uri, span: n.func.target.fn.span });
    for (const r of [...n.inputs, ...n.outputs]) names.add(r.name);
  }
  for (const name of names) {
    const e = model.catalog.get(name) ?? matchingPattern(model, name);
    if (e) areas.push({ uri: e.uri, span: e.fact.span });
    const param = name.startsWith('params:') ? model.params.get(name.slice('params:'.length)) : undefined;
    if (param) areas.push({ uri: param.uri, span: param.fact.keySpan });
  }
  return problems.filter((pr) => pr.code.startsWith('KL9') || areas.some((a) => a.uri === pr.loc.uri && containsPos(a.span, pr.loc.span.start)));
}
