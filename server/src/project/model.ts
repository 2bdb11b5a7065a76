import type { Loc } from '../core/types';
import type { NodeCallFact, PyModuleFacts, StrLit } from '../parsing/python/facts';
import type { CatalogEntryFact, ConfFileFacts, ParamFact } from '../parsing/yaml/confFacts';
import type { ConfFileRef, ProjectLayout } from './layout';

export interface CatalogEntry {
  readonly fact: CatalogEntryFact;
  readonly uri: string;
  readonly env: string;
}

export interface ParamEntry {
  readonly fact: ParamFact;
  readonly uri: string;
  readonly env: string;
}

export interface NodeRef {
  readonly uri: string;
  readonly call: NodeCallFact;
  /** The module also wraps pipelines with a namespace or remapping, so names as written are not final. */
  readonly renamed: boolean;
}

export interface DatasetUse {
  readonly name: string;
  readonly lit: StrLit;
  readonly uri: string;
  readonly node: NodeRef;
  readonly role: 'input' | 'output';
}

/** Everything the rules and features read about one project, for one selected run environment. */
export interface ProjectModel {
  readonly layout: ProjectLayout;
  readonly env: string;
  /** Conf environments merged, in order (`base`, then the run env when it differs). */
  readonly envChain: readonly string[];
  readonly modules: readonly PyModuleFacts[];
  readonly confFiles: readonly (ConfFileFacts & { readonly ref: ConfFileRef })[];
  /** Explicit catalog entries after the env merge (run env replaces base per key). */
  readonly catalog: ReadonlyMap<string, CatalogEntry>;
  readonly patterns: readonly CatalogEntry[];
  /** Every parameter path (including mapping prefixes) after the env merge. */
  readonly params: ReadonlyMap<string, ParamEntry>;
  readonly nodes: readonly NodeRef[];
  readonly uses: readonly DatasetUse[];
  /** Base dataset name (transcoding stripped) → outputs writing it. */
  readonly producers: ReadonlyMap<string, readonly DatasetUse[]>;
}

export const baseName = (name: string): string => {
  const at = name.indexOf('@');
  return at < 0 ? name : name.slice(0, at);
};

export const isParamName = (name: string): boolean => name === 'parameters' || name.startsWith('params:');

export function literalsOf(refs: NodeCallFact['inputs']): StrLit[] {
  switch (refs.kind) {
    case 'str':
      return [refs.item];
    case 'list':
      return refs.items.filter((x): x is StrLit => !!x);
    case 'dict':
      return refs.entries.map((e) => e.value).filter((x): x is StrLit => !!x);
    case 'none':
    case 'unknown':
      return [];
  }
}

/** Builds the merged view of one project for `env` from per-file facts. */
export function buildProjectModel(
  layout: ProjectLayout,
  env: string,
  modules: readonly PyModuleFacts[],
  confFiles: readonly (ConfFileFacts & { readonly ref: ConfFileRef })[],
): ProjectModel {
  const envChain = env === layout.baseEnv ? [layout.baseEnv] : [layout.baseEnv, env];
  const catalog = new Map<string, CatalogEntry>();
  const patterns = new Map<string, CatalogEntry>();
  const params = new Map<string, ParamEntry>();
  for (const e of envChain) {
    const inEnv = confFiles.filter((f) => f.ref.env === e);
    // Destructive merge: a top-level key of the run env replaces the whole base value.
    const envParamTops = new Set(inEnv.flatMap((f) => (f.kind === 'parameters' ? f.topKeys.map((k) => k.value) : [])));
    if (e !== layout.baseEnv) {
      for (const path of [...params.keys()]) if (envParamTops.has(path.split('.')[0] ?? path)) params.delete(path);
    }
    for (const f of inEnv) {
      if (f.kind === 'catalog') {
        for (const entry of f.catalog) {
          if (entry.isTemplate) continue;
          (entry.isPattern ? patterns : catalog).set(entry.name, { fact: entry, uri: f.uri, env: e });
        }
      } else if (f.kind === 'parameters') {
        for (const p of f.params) params.set(p.path, { fact: p, uri: f.uri, env: e });
      }
    }
  }

  const renamedModules = new Set(modules.filter((m) => m.pipelineCalls.some((p) => p.namespace || p.remaps)).map((m) => m.uri));
  const nodes: NodeRef[] = [];
  const uses: DatasetUse[] = [];
  const producers = new Map<string, DatasetUse[]>();
  for (const m of modules) {
    for (const call of m.nodeCalls) {
      const node: NodeRef = { uri: m.uri, call, renamed: renamedModules.has(m.uri) };
      nodes.push(node);
      for (const lit of literalsOf(call.inputs)) uses.push({ name: lit.value, lit, uri: m.uri, node, role: 'input' });
      for (const lit of literalsOf(call.outputs)) {
        const use: DatasetUse = { name: lit.value, lit, uri: m.uri, node, role: 'output' };
        uses.push(use);
        const key = baseName(lit.value);
        producers.set(key, [...(producers.get(key) ?? []), use]);
      }
    }
  }
  return {
    layout,
    env,
    envChain,
    modules,
    confFiles,
    catalog,
    patterns: [...patterns.values()],
    params,
    nodes,
    uses,
    producers,
  };
}

/** Kedro's `parse`-style factory match: each `{field}` matches 1+ characters, the whole name must match. */
export function patternToRegExp(pattern: string): RegExp {
  const parts = pattern.split(/(\{[^{}]*\})/);
  const body = parts.map((p) => (/^\{[^{}]*\}$/.test(p) ? '(.+?)' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'i');
}

export function matchingPattern(model: ProjectModel, name: string): CatalogEntry | undefined {
  return model.patterns.find((p) => patternToRegExp(p.fact.name).test(name));
}

export const locOf = (uri: string, lit: { span: Loc['span'] }): Loc => ({ uri, span: lit.span });
