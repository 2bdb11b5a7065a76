import type { Loc } from '../../core/types';
import type { FunctionFact } from '../../parsing/python/facts';
import { evaluationOf, taggedNode, type DatasetRef, type PipelineValue, type RefsForm, type ResolvedNode } from './types';
import { stringsOf, unknown, type Val } from './values';

// Kedro's meaning of Python values: which imported names are Kedro's constructors, node identity and unions, what
// Pipeline methods and wrapper arguments do. Pure functions over values.ts; the evaluator calls them.

export function kedroCallable(module: string, name: string | undefined): Val | undefined {
  if (!name) return undefined;
  if (module === 'kedro_mlflow.pipeline' && name === 'pipeline_ml_factory') return { kind: 'kedro', name: 'pipeline_ml_factory' };
  if (module === 'kedro.pipeline' || module.startsWith('kedro.pipeline.')) {
    if (name === 'llm_context_node' || name === 'LLMContextNode') return { kind: 'kedro', name: 'llm_context_node' };
    if (name === 'tool') return { kind: 'kedro', name: 'tool' };
    if (name === 'node' || name === 'Node') return { kind: 'kedro', name: 'node' };
    if (name === 'pipeline' || name === 'Pipeline') return { kind: 'kedro', name: 'pipeline' };
  }
  if ((module === 'kedro.framework.project' || module === 'kedro.framework') && name === 'find_pipelines') return { kind: 'kedro', name: 'find_pipelines' };
  return undefined;
}

/**
 * `def __init__(self, *args, extra=None, **kwargs): ...; super().__init__(*args, **kwargs)`: the subclass takes
 * Node's arguments unchanged (the extra keyword-only ones are its own).
 */
export function forwardsToNode(init: FunctionFact): boolean {
  if (init.name !== '__init__') return false;
  const [self, ...rest] = init.params;
  const varPos = rest.find((p) => p.kind === 'var-positional');
  const varKw = rest.find((p) => p.kind === 'var-keyword');
  if (!self || !varPos || !varKw || rest.some((p) => p.kind === 'positional' || p.kind === 'positional-only')) return false;
  return init.body.some((s) => {
    if (s.type !== 'expr' || s.value.type !== 'call') return false;
    const { fn, args, kwargs, splat } = s.value;
    const onSuper = fn.type === 'attr' && fn.attr === '__init__' && fn.obj.type === 'call' && fn.obj.fn.type === 'name' && fn.obj.fn.id === 'super';
    const [positional] = args;
    const [keywords] = kwargs;
    return (
      onSuper &&
      splat &&
      args.length === 1 &&
      positional?.type === 'unknown' &&
      positional.text === `*${varPos.name}` &&
      kwargs.length === 1 &&
      keywords?.name === undefined &&
      keywords?.value.type === 'name' &&
      keywords.value.id === varKw.name
    );
  });
}

export function isPipelineLike(v: Val): boolean {
  return v.kind === 'pipeline' || v.kind === 'node';
}

/** A pipeline, a node, or a non-empty list of those (what Pipeline() and `+` accept). */
export function isNodesLike(v: Val): boolean {
  return v.kind === 'pipeline' || v.kind === 'node' || (v.kind === 'list' && v.items.length > 0 && v.items.every(isNodesLike));
}

export const stripTranscoding = (name: string): string => {
  const at = name.indexOf('@');
  return at < 0 ? name : name.slice(0, at);
};

/**
 * Kedro's Pipeline filters. Tag/namespace filters keep what is known (open stays open); name and graph filters need
 * the whole pipeline with exact names and refs, else they are unknown. Kedro raises when a name is not there: unknown too.
 */
export function pipelineMethod(p: PipelineValue, name: string, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, loc: Loc): Val {
  const flat = args.flatMap((a) => stringsOf(a) ?? [null]);
  const names = flat.includes(null) ? undefined : (flat as string[]);
  const out = (nodes: readonly ResolvedNode[], open = p.open): Val => ({ kind: 'pipeline', pipeline: { nodes, open } });
  const fail = (): Val => unknown(loc, `.${name}(...)`);
  switch (name) {
    case 'tag': {
      const tags = stringsOf(args[0] ?? kwargs.get('tags'));
      if (!tags) return fail();
      return out(p.nodes.map((n) => taggedNode(n, tags)));
    }
    case 'only_nodes_with_tags':
      return names ? out(p.nodes.filter((n) => n.tags.some((t) => names.includes(t)))) : fail();
    case 'only_nodes_with_namespace':
    case 'only_nodes_with_namespaces': {
      if (!names || names.length === 0) return fail();
      // Releases differ on "ab" matching "a" (plain startswith vs. whole segments): such a case is left unknown.
      const loose = p.nodes.some((n) => names.some((ns) => n.namespace?.startsWith(ns) && n.namespace !== ns && !n.namespace.startsWith(`${ns}.`)));
      if (loose) return fail();
      const kept = p.nodes.filter((n) => names.some((ns) => n.namespace === ns || n.namespace?.startsWith(`${ns}.`)));
      return kept.length || p.open.length ? out(kept) : fail();
    }
    case 'only_nodes':
    case 'from_nodes':
    case 'to_nodes':
    case 'from_inputs':
    case 'to_outputs': {
      if (!names) return fail();
      const byName = name === 'only_nodes' || name === 'from_nodes' || name === 'to_nodes';
      if (byName) {
        const picked = names.map((x) => p.nodes.find((n) => n.name === x));
        // Names are unique in a pipeline: found with exact names, the subset is exact even when the rest is open.
        if (picked.some((n) => !n || n.nameUncertain)) return fail();
        if (name === 'only_nodes') return out(p.nodes.filter((n) => picked.includes(n)), []);
      }
      if (p.open.length || p.nodes.some((n) => n.partial || n.conditional)) return fail();
      const known = new Set(p.nodes.flatMap((n) => [...n.inputs, ...n.outputs].map((r) => stripTranscoding(r.name))));
      const downstream = name === 'from_inputs' || name === 'from_nodes';
      let start: Set<string>;
      const seeds = new Set<ResolvedNode>();
      if (byName) {
        for (const n of p.nodes) if (names.includes(n.name)) seeds.add(n);
        start = new Set([...seeds].flatMap((n) => (downstream ? n.outputs : n.inputs).map((r) => stripTranscoding(r.name))));
      } else {
        start = new Set(names.map(stripTranscoding));
        if ([...start].some((d) => !known.has(d))) return fail();
      }
      // Walk: downstream adds the readers of what the set holds, upstream the writers.
      const result = new Set<ResolvedNode>(seeds);
      let frontier = [...start];
      const seen = new Set(frontier);
      while (frontier.length) {
        const next: string[] = [];
        for (const n of p.nodes) {
          if (result.has(n) && !seeds.has(n)) continue;
          const refs = downstream ? n.inputs : n.outputs;
          if (!refs.some((r) => frontier.includes(stripTranscoding(r.name)))) continue;
          result.add(n);
          for (const r of downstream ? n.outputs : n.inputs) {
            const d = stripTranscoding(r.name);
            if (!seen.has(d)) {
              seen.add(d);
              next.push(d);
            }
          }
        }
        frontier = next;
      }
      return out(p.nodes.filter((n) => result.has(n)), []);
    }
    default:
      return fail();
  }
}

export const identities = new WeakMap<ResolvedNode, string>();

/**
 * Kedro's node identity (name, inputs, outputs). A partial node's is not known: what it renders may hide a name or
 * datasets that differ, so two of them are one node only when they come from one evaluation of one call (a loop's
 * nodes with names from an unknown value stay apart; one pipeline added twice is still one).
 */
export function nodeIdentity(n: ResolvedNode): string {
  let id = identities.get(n);
  if (id === undefined) {
    id = `${n.name}|${n.inputs.map((r) => r.name).join(',')}|${n.outputs.map((r) => r.name).join(',')}`;
    if (n.partial) id += `|#${evaluationOf(n) ?? ''}`;
    identities.set(n, id);
  }
  return id;
}

/** Union by Kedro's node identity: identical nodes merge. */
export function unionNodes(a: readonly ResolvedNode[], b: readonly ResolvedNode[]): readonly ResolvedNode[] {
  return unionAll([a, b]);
}

/** Union of many node lists in one pass (sum() over many pipelines stays linear). */
export function unionAll(lists: readonly (readonly ResolvedNode[])[]): readonly ResolvedNode[] {
  const seen = new Set<string>();
  const out: ResolvedNode[] = [];
  for (const list of lists) {
    for (const n of list) {
      const id = nodeIdentity(n);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(n);
    }
  }
  return out;
}

/** `inputs=`/`outputs=`/`parameters=` of a wrapper: str, list/set (identity) or dict; `unknown` when not literal. */
export function mappingOf(v: Val | undefined): ReadonlyMap<string, string> | 'unknown' | undefined {
  if (!v || v.kind === 'none') return undefined;
  if (v.kind === 'str') return new Map([[v.value, v.value]]);
  if (v.kind === 'list' && v.items.every((i) => i.kind === 'str')) return new Map(v.items.map((i) => [(i as Extract<Val, { kind: 'str' }>).value, (i as Extract<Val, { kind: 'str' }>).value]));
  if (v.kind === 'dict' && !v.open && !v.keyVals && v.entries.every(([, x]) => x.kind === 'str')) return new Map(v.entries.map(([k, x]) => [k, (x as Extract<Val, { kind: 'str' }>).value]));
  return 'unknown';
}

export function refsOf(v: Val | undefined, at: Loc): { refs: DatasetRef[]; form: RefsForm; keys?: string[]; keyLocs?: (Loc | undefined)[]; partial: boolean } {
  const ref = (s: Val): DatasetRef | undefined =>
    s.kind === 'str' ? { name: s.value, written: s.value, loc: s.loc ?? at, literal: s.literal && !!s.loc } : undefined;
  if (!v || v.kind === 'none') return { refs: [], form: 'none', partial: false };
  if (v.kind === 'str') return { refs: [ref(v) as DatasetRef], form: 'str', partial: false };
  if (v.kind === 'list') {
    const refs = v.items.map(ref);
    return { refs: refs.filter((r): r is DatasetRef => !!r), form: 'list', partial: refs.some((r) => !r) };
  }
  // A dict whose keys are not all known (changed in a loop) or not all str is not a mapping Kedro's node() takes as known.
  if (v.kind === 'dict' && !v.open && !v.keyVals) {
    const refs: DatasetRef[] = [];
    const keys: string[] = [];
    const keyLocs: (Loc | undefined)[] = [];
    let partial = false;
    for (const [k, x, kLoc] of v.entries) {
      const r = ref(x);
      if (r) {
        refs.push(r);
        keys.push(k);
        keyLocs.push(kLoc);
      } else partial = true;
    }
    return { refs, form: 'dict', keys, keyLocs, partial };
  }
  return { refs: [], form: 'unknown', partial: true };
}
