import type { Loc } from '../core/types';
import { memoPer } from '../core/memo';
import type { Expr } from '../parsing/python/ir';
import { pipelineDirs, type ProjectModel } from '../project/model';
import { alwaysAtLeast } from '../project/versions';

/**
 * Kedro 1.5's selective loading: `kedro run --pipelines=X` makes `find_pipelines()` import only
 * `<package>.pipelines.X` (kedro/framework/project/__init__.py at 1.5.0), while `register_pipelines()` still runs.
 * A registered name with no such folder cannot be run by name, and a registry that indexes find_pipelines()'s result
 * by name fails for every other name.
 */
export interface SelectiveLoading {
  /** Registered name → why `--pipelines=<name>` fails. */
  readonly notByName: ReadonlyMap<string, { readonly reason: string; readonly loc?: Loc }>;
  /** `pipelines["a"]` on find_pipelines()'s result: KeyError whenever another pipeline is requested. */
  readonly indexed?: { readonly name: string; readonly loc: Loc };
}

const NONE: SelectiveLoading = { notByName: new Map() };

/** Every object of the IR under `root`, depth-first (the IR is plain data; statements and expressions alike). */
function* walk(root: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (depth > 200 || root === null || typeof root !== 'object') return;
  if (Array.isArray(root)) {
    for (const x of root) yield* walk(x, depth + 1);
    return;
  }
  const obj = root as Record<string, unknown>;
  yield obj;
  for (const [key, value] of Object.entries(obj)) if (key !== 'span' && key !== 'contentSpan') yield* walk(value, depth + 1);
}

const isFindPipelines = (e: Expr): boolean => e.type === 'call' && ((e.fn.type === 'name' && e.fn.id === 'find_pipelines') || (e.fn.type === 'attr' && e.fn.attr === 'find_pipelines'));

export const selectiveLoading = memoPer((model: ProjectModel): SelectiveLoading => {
  if (!alwaysAtLeast(model.versions.kedro, '1.5.0') || !model.registry.found || !model.layout.packageName) return NONE;
  const mod = model.python.byName.get(`${model.layout.packageName}.pipeline_registry`);
  const fn = mod?.facts.functions.find((f) => f.name === 'register_pipelines');
  if (!mod || !fn) return NONE;
  let call: Extract<Expr, { type: 'call' }> | undefined;
  const resultNames = new Set<string>();
  for (const o of walk(fn.body)) {
    if (o['type'] === 'call' && isFindPipelines(o as Expr)) call ??= o as Extract<Expr, { type: 'call' }>;
    // `pipelines = find_pipelines(...)`: the name the result is bound to.
    const value = o['value'] as Expr | undefined;
    if (o['type'] === 'assign' && value && isFindPipelines(value)) for (const t of o['targets'] as { type: string; id?: string }[]) if (t.type === 'name' && t.id) resultNames.add(t.id);
  }
  if (!call) return NONE;
  const raise = call.kwargs.find((k) => k.name === 'raise_errors')?.value;
  const raises = raise?.type === 'bool' && raise.value;
  const dirs = new Set(pipelineDirs(model.layout));
  const notByName = new Map<string, { reason: string; loc?: Loc }>();
  for (const [name, p] of model.registry.pipelines) {
    if (name === '__default__' || dirs.has(name)) continue;
    const effect = raises ? 'find_pipelines(raise_errors=True) raises ImportError' : 'find_pipelines() finds nothing for it';
    notByName.set(name, { reason: `Kedro ≥ 1.5 imports only '${model.layout.packageName}.pipelines.${name}' for 'kedro run --pipelines=${name}', and there is no such folder: ${effect}`, ...(p.loc ? { loc: p.loc } : {}) });
  }
  let indexed: SelectiveLoading['indexed'];
  for (const o of walk(fn.body)) {
    const e = o as Expr;
    if (e.type === 'subscript' && e.obj.type === 'name' && resultNames.has(e.obj.id) && e.index.type === 'str') {
      indexed = { name: e.index.value, loc: { uri: mod.uri, span: e.span } };
      break;
    }
  }
  return { notByName, ...(indexed ? { indexed } : {}) };
});

/** The selective-loading facts of a model (memoised per model). */
export const selectiveLoadingOf = (model: ProjectModel): SelectiveLoading => selectiveLoading(model, undefined) ?? NONE;
