import type { RunFilter } from '../../../common/pipelineModel';
import { baseName, type ProjectModel } from '../project/model';
import type { ResolvedNode } from '../project/pipelines/types';

export type { RunFilter };

export interface RunPreview {
  /** Node names in the order a SequentialRunner would run them. */
  readonly nodes: readonly string[];
  /** Kedro's error for this selection, if it would refuse it. */
  readonly error?: string;
  /** The pipeline could not be fully evaluated: the preview may miss nodes. */
  readonly partial: boolean;
}

/** What `kedro run --pipeline … --tags … --from-nodes …` would run: Kedro's Pipeline.filter, statically. */
export function previewRun(model: ProjectModel, f: RunFilter): RunPreview {
  const name = f.pipeline ?? '__default__';
  const p = model.registry.pipelines.get(name);
  if (!p) return { nodes: [], error: `Failed to find the pipeline named '${name}'. It needs to be generated and returned by the 'register_pipelines' function.`, partial: false };
  const all = p.pipeline.nodes;
  const byName = new Map(all.map((n) => [n.name, n]));
  const unknown = [...(f.nodeNames ?? []), ...(f.fromNodes ?? []), ...(f.toNodes ?? [])].filter((n) => !byName.has(n));
  if (unknown.length) return { nodes: [], error: `Pipeline does not contain nodes named [${unknown.map((n) => `'${n}'`).join(', ')}].`, partial: p.pipeline.open.length > 0 };
  const datasets = new Set(all.flatMap((n) => [...n.inputs, ...n.outputs].map((r) => r.name)));
  const bases = new Set([...datasets].map(baseName));
  const missingDs = [...(f.fromInputs ?? []), ...(f.toOutputs ?? [])].filter((d) => !datasets.has(d) && !bases.has(d));
  if (missingDs.length) return { nodes: [], error: `Pipeline does not contain datasets named [${missingDs.map((d) => `'${d}'`).join(', ')}].`, partial: p.pipeline.open.length > 0 };
  const nsMissing = (f.namespaces ?? []).filter((ns) => !all.some((n) => n.namespace === ns || n.namespace?.startsWith(`${ns}.`)));
  if (nsMissing.length) return { nodes: [], error: `Pipeline does not contain nodes with the following namespaces: [${nsMissing.map((n) => `'${n}'`).join(', ')}].`, partial: false };

  const reads = (n: ResolvedNode, ds: string): boolean => n.inputs.some((r) => r.name === ds || baseName(r.name) === ds);
  const writes = (n: ResolvedNode, ds: string): boolean => n.outputs.some((r) => r.name === ds || baseName(r.name) === ds);
  const downstream = (start: readonly ResolvedNode[]): Set<ResolvedNode> => closure(start, (n) => all.filter((m) => n.outputs.some((o) => reads(m, baseName(o.name)))));
  const upstream = (start: readonly ResolvedNode[]): Set<ResolvedNode> => closure(start, (n) => all.filter((m) => n.inputs.some((i) => writes(m, baseName(i.name)))));

  const sets: Set<ResolvedNode>[] = [];
  if (f.tags?.length) sets.push(new Set(all.filter((n) => n.tags.some((t) => f.tags?.includes(t)))));
  if (f.nodeNames?.length) sets.push(new Set(f.nodeNames.map((n) => byName.get(n) as ResolvedNode)));
  if (f.fromNodes?.length) sets.push(downstream(f.fromNodes.map((n) => byName.get(n) as ResolvedNode)));
  if (f.toNodes?.length) sets.push(upstream(f.toNodes.map((n) => byName.get(n) as ResolvedNode)));
  if (f.fromInputs?.length) sets.push(downstream(all.filter((n) => f.fromInputs?.some((d) => reads(n, d)))));
  if (f.toOutputs?.length) sets.push(upstream(all.filter((n) => f.toOutputs?.some((d) => writes(n, d)))));
  if (f.namespaces?.length) sets.push(new Set(all.filter((n) => f.namespaces?.some((ns) => n.namespace === ns || n.namespace?.startsWith(`${ns}.`)))));
  const selected = all.filter((n) => sets.every((s) => s.has(n)));
  if (!selected.length) return { nodes: [], error: 'Pipeline contains no nodes after applying all provided filters.', partial: p.pipeline.open.length > 0 };
  return { nodes: topoOrder(selected).map((n) => n.name), partial: p.pipeline.open.length > 0 };
}

function closure(start: readonly ResolvedNode[], next: (n: ResolvedNode) => readonly ResolvedNode[]): Set<ResolvedNode> {
  const seen = new Set<ResolvedNode>(start);
  const stack = [...start];
  while (stack.length) {
    for (const m of next(stack.pop() as ResolvedNode)) {
      if (seen.has(m)) continue;
      seen.add(m);
      stack.push(m);
    }
  }
  return seen;
}

/** Kahn's algorithm by layers; ties sorted by name, as Kedro's toposort does. */
export function topoOrder(nodes: readonly ResolvedNode[]): ResolvedNode[] {
  const producer = new Map<string, ResolvedNode>();
  for (const n of nodes) for (const o of n.outputs) producer.set(baseName(o.name), n);
  const deps = new Map(nodes.map((n) => [n, new Set(n.inputs.map((i) => producer.get(baseName(i.name))).filter((m): m is ResolvedNode => !!m && m !== n))]));
  const out: ResolvedNode[] = [];
  const done = new Set<ResolvedNode>();
  while (out.length < nodes.length) {
    const ready = nodes.filter((n) => !done.has(n) && [...(deps.get(n) ?? [])].every((d) => done.has(d))).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!ready.length) break; // a cycle: KL011 reports it
    for (const n of ready) {
      done.add(n);
      out.push(n);
    }
  }
  return out;
}
