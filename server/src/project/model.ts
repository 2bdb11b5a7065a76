import type { Span } from '../core/types';
import type { CatalogCallFact, PyModuleFacts } from '../parsing/python/facts';
import { interpolationsIn, type CatalogEntryFact, type ConfFileFacts, type ParamFact } from '../parsing/yaml/confFacts';
import type { ConfFileRef, ConfLayout, ProjectLayout } from './layout';
import { possibleConfigLoaders, registeredHookMethod, type ConfigLoaderClass, type ProjectSettings } from './settings';
import { confClassifier, kindMatcher, type ConfClassifier } from './confPatterns';
import { CallCache, PipelineEvaluator, type RegistryHook } from './pipelines/evaluator';
import { nodeIdentity } from './pipelines/kedroSemantics';
import { CONF_READERS, type ConfAccess } from './pipelines/confLoader';
import type { DatasetRef, Registry, ResolvedNode } from './pipelines/types';
import type { ModuleLookup, PythonIndex } from './pythonIndex';
import type { ProjectVersions } from './projectVersions';
import type { NameStyle } from './pipelines/nodeName';
import { alwaysAtLeast, alwaysBelow, type VersionRange } from './versions';
import { relativeUri } from '../core/uri';
import { MemoMismatch, memoOn, memoPer, noteRead, readsStillValid, recordReads, TrackedMap, type Reads } from '../core/memo';
import { ProjectCaches, type Last } from './projectCaches';
import { hookAddedDatasets } from './catalogHooks';
import { pluginDatasets } from './pluginDatasets';

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

export interface DatasetUse {
  /** Final name (after namespacing). */
  readonly name: string;
  readonly ref: DatasetRef;
  readonly node: ResolvedNode;
  readonly role: 'input' | 'output';
}

/**
 * What a per-node check may read (analysis/rule.ts): the compiler rejects any other read. Each part is either compared
 * by the rule runner before it reuses a node's findings (`envChain`, `producedNames`, `unknownProducers`, `addedDatasets`, `versions`, `configLoaders`) or records
 * every lookup (`catalog`, `params`, `python.module`). The rest of the model is reached only through the functions
 * that take a NodeView and record what they read: `matchingPattern`, `soleProducer`, `firstProducer`,
 * `resolveCatalogScalar` (and helpers built on them).
 */
export interface NodeView {
  /** The Kedro and kedro-datasets releases the project is judged by (compared by its `text`). */
  readonly versions: ProjectVersions;
  /** The config loaders the project may run with (possibleConfigLoaders): how YAML values become Python values. */
  readonly configLoaders: readonly ConfigLoaderClass[];
  readonly envChain: readonly string[];
  readonly producedNames: ReadonlySet<string>;
  readonly unknownProducers: boolean;
  /** Datasets hooks and installed plugins add to the run's catalog, by name (catalogHooks.ts, pluginDatasets.ts). */
  readonly addedDatasets: ReadonlySet<string>;
  readonly catalog: ReadonlyMap<string, CatalogEntry>;
  readonly params: ReadonlyMap<string, ParamEntry>;
  readonly python: ModuleLookup;
}

// The one way back from a view to the whole model: only for the recording accessors in this file.
const wholeModel = (view: NodeView): ProjectModel => view as ProjectModel;

/** Everything the rules and features read about one project, for one selected run environment. */
export interface ProjectModel extends NodeView {
  readonly layout: ProjectLayout;
  readonly conf: ConfLayout;
  readonly settings: ProjectSettings;
  readonly env: string;
  /** Conf environments merged, in order (`base`, then the run env when it differs), each once. */
  readonly envChain: readonly string[];
  /** The loader's passes over the conf folder, in envChain's order, each with the files it reads (envPasses). */
  readonly envPasses: readonly EnvPass[];
  /** The conf files some pass reads (URIs). */
  readonly readConf: ReadonlySet<string>;
  readonly modules: readonly PyModuleFacts[];
  readonly python: PythonIndex;
  readonly registry: Registry;
  /** Some pipeline or node could not be fully evaluated: an unknown node might produce any dataset. */
  readonly unknownProducers: boolean;
  readonly confFiles: readonly (ConfFileFacts & { readonly ref: ConfFileRef })[];
  /** Config files of the selected envs that could not be read as YAML (Jinja2 templates): their keys are unknown. */
  readonly unreadConf: readonly UnreadConf[];
  /**
   * Explicit catalog entries after the env merge (run env replaces base per key). Lookups are recorded for cached node
   * checks, and an entry keeps its object across passes while its text and place are unchanged.
   */
  readonly catalog: TrackedMap<CatalogEntry>;
  readonly patterns: readonly CatalogEntry[];
  /** Every parameter path (including mapping prefixes) after the env merge; tracked like `catalog`. */
  readonly params: TrackedMap<ParamEntry>;
  /** TemplatedConfigLoader's formatting dictionary, when it is the project's loader and known (computeTemplateGlobals). */
  readonly templating?: TemplateGlobals;
  /** Every node of every registered pipeline, once. */
  readonly nodes: readonly ResolvedNode[];
  readonly uses: readonly DatasetUse[];
  /**
   * `catalog.load/save/exists("…")` calls in the package, scripts and notebooks; `selectsEnv`: the environment the
   * file's own session uses (`%reload_kedro --env prod`), when it names one.
   */
  readonly catalogCalls: readonly { readonly uri: string; readonly call: CatalogCallFact; readonly selectsEnv?: string }[];
  /** Files not analysed because they are too large or not text (reported once each, KL906). */
  /** `failed`: reading its facts threw (a bug or an input past a guard); the other files are analysed. */
  readonly skippedFiles: ReadonlyMap<string, 'too-large' | 'binary' | 'failed'>;
  /** Existence of local files rules care about (free-input filepaths), filled by the workspace after a stat pass. */
  readonly fileExists: ReadonlyMap<string, boolean>;
  /** Base dataset name (transcoding stripped) → outputs writing it. */
  readonly producers: ReadonlyMap<string, readonly DatasetUse[]>;
  /** The keys of `producers`; the same object across passes while the set is equal (most Python edits). */
  readonly producedNames: ReadonlySet<string>;
}

export interface UnreadConf {
  readonly uri: string;
  readonly kind: ConfFileRef['kind'];
  readonly why: string;
}

export const baseName = (name: string): string => {
  const at = name.indexOf('@');
  return at < 0 ? name : name.slice(0, at);
};

// Readers of what soleProducer/firstProducer recorded (see core/memo.ts).
export const soleProducerOf = (model: object, name: string): DatasetUse | undefined => {
  const list = (model as ProjectModel).producers.get(baseName(name));
  return list?.length === 1 ? list[0] : undefined;
};
export const firstProducerOf = (model: object, name: string): DatasetUse | undefined => (model as ProjectModel).producers.get(name)?.[0];

/** The one output writing `name`'s dataset when exactly one node writes it (recorded for cached node checks). */
export function soleProducer(model: NodeView, name: string): DatasetUse | undefined {
  const base = baseName(name);
  const sole = soleProducerOf(model, base);
  noteRead(soleProducerOf, base, sole);
  return sole;
}

/** The first output writing dataset `name` (recorded for cached node checks). */
export function firstProducer(model: NodeView, name: string): DatasetUse | undefined {
  const first = firstProducerOf(model, name);
  noteRead(firstProducerOf, name, first);
  return first;
}

export const isParamName = (name: string): boolean => name === 'parameters' || name.startsWith('params:');

/** Builds the merged view of one project for `env` from per-file facts. */
export interface ModelInputs {
  readonly layout: ProjectLayout;
  readonly conf: ConfLayout;
  readonly settings: ProjectSettings;
  readonly python: PythonIndex;
  readonly env: string;
  readonly versions: ProjectVersions;
  readonly modules: readonly PyModuleFacts[];
  /** Scripts and notebook cells: only their catalog calls matter. */
  readonly scripts?: readonly PyModuleFacts[];
  /** Per open notebook cell, the environment another cell of its notebook selects (a magic in cell 1, a load in 5). */
  readonly selectedEnvs?: ReadonlyMap<string, string>;
  readonly confFiles: readonly (ConfFileFacts & { readonly ref: ConfFileRef })[];
  readonly unreadConf?: readonly UnreadConf[];
  /** What earlier passes on this project kept (owned by the workspace); absent, nothing is reused. */
  readonly caches?: ProjectCaches;
}

export function buildProjectModel(inputs: ModelInputs): ProjectModel {
  const { layout, conf, settings, python, env, modules, confFiles } = inputs;
  const baseEnv = settings.baseEnv;
  const configLoaders = possibleConfigLoaders(settings, inputs.versions.kedro);
  const passes = envPasses(baseEnv, env, confFiles, settings.configPatterns, configLoaders);
  const envChain = passes.map((p) => p.env);
  const readConf = new Set(passes.flatMap((p) => p.files.map((f) => f.uri)));
  // No owner (a one-off build): nothing is kept.
  const caches = inputs.caches ?? new ProjectCaches();
  // What TemplatedConfigLoader formats `${...}` with is read through the catalog: another dictionary, another catalog.
  const templating = configLoaders.every((l) => l === 'TemplatedConfigLoader') ? JSON.stringify(settings.templatedGlobals ?? null, (_, v: unknown) => (v instanceof Map ? [...v] : v)) : '';
  const { catalog, patterns } = mergedCatalog(caches, passes, confFiles, templating);
  const omegaOnly = configLoaders.every((l) => l === 'OmegaConfigLoader');
  const templateDict = computeTemplateGlobals(settings, configLoaders, passes, inputs.unreadConf ?? [], layout.rootUri);
  const params = mergedParams(caches, passes, confFiles, settings.mergeStrategy['parameters'] === 'soft', omegaOnly, templateDict);

  const confAccess: ConfAccess = { rootUri: layout.rootUri, confSource: settings.confSource, kedro: inputs.versions.kedro, files: confFiles };
  const registry = evaluateRegistryCached(caches, layout, python, modules, nameStyleOf(inputs.versions.kedro), registryHooks(settings, inputs.versions.kedro), confAccess);
  const { nodes, uses, producers, producedNames, unknownProducers } = nodeIndex(caches, registry);
  const added = [...hookAddedDatasets(settings, inputs.versions.kedro), ...pluginDatasets(inputs.versions.datasetPlugins ?? [], conf.confFiles, settings.disableHooksForPlugins)];
  let addedDatasets = caches.addedDatasets;
  if (addedDatasets?.size !== new Set(added).size || !added.every((n) => addedDatasets?.has(n))) {
    addedDatasets = new Set(added);
    caches.addedDatasets = addedDatasets;
  }
  return {
    layout,
    conf,
    settings,
    versions: inputs.versions,
    configLoaders,
    env,
    envChain,
    envPasses: passes,
    readConf,
    modules,
    python,
    registry,
    unknownProducers,
    confFiles,
    unreadConf: (inputs.unreadConf ?? []).filter((u) => readConf.has(u.uri)),
    catalog,
    patterns,
    params,
    ...(templateDict ? { templating: templateDict } : {}),
    nodes,
    uses,
    producers,
    producedNames,
    addedDatasets,
    fileExists: new Map(),
    skippedFiles: new Map(),
    catalogCalls: [...modules, ...(inputs.scripts ?? [])].flatMap((m) => {
      // Hooks the project ships as a plugin (a `kedro.hooks` entry point) run with any project's catalog, holding what
      // the plugin adds to it at run time: not this project's catalog.
      const name = python.moduleAt(m.uri)?.name;
      if (name && layout.pyproject.pluginHookModules?.includes(name)) return [];
      const selectsEnv = inputs.selectedEnvs?.get(m.uri) ?? m.selectsEnv;
      return m.catalogCalls.map((call) => (selectsEnv === undefined ? { uri: m.uri, call } : { uri: m.uri, call, selectsEnv }));
    }),
  };
}

type ConfFile = ConfFileFacts & { readonly ref: ConfFileRef };

/**
 * The last merge, reused while its input files are the same objects (the workspace keeps unchanged files identical
 * across passes): a Python edit then keeps the catalog and parameters maps, and results cached on them.
 */
function reuseLast<T>(last: Last<T> | undefined, store: (next: Last<T>) => void, key: readonly unknown[], build: (previous: T | undefined) => T): T {
  if (last && last.key.length === key.length && last.key.every((k, i) => k === key[i])) return last.value;
  const value = build(last?.value);
  store({ key, value });
  return value;
}

export type MergedCatalog = { readonly catalog: TrackedMap<CatalogEntry>; readonly patterns: CatalogEntry[]; readonly entries: Reusable };
export type MergedParams = { readonly params: TrackedMap<ParamEntry>; readonly entries: Reusable };

// Readers of the recorded lookups (see core/memo.ts).
export const catalogKey = (model: object, name: string): unknown => (model as ProjectModel).catalog.peek(name);
export const wholeCatalog = (model: object): unknown => (model as ProjectModel).catalog;
export const paramKey = (model: object, path: string): unknown => (model as ProjectModel).params.peek(path);
export const wholeParams = (model: object): unknown => (model as ProjectModel).params;

export const patternReader = (model: object, name: string): unknown => patternOf(model as ProjectModel, name);

/**
 * The entries (catalog or parameters) of a merge by env, file and name, reused by the next merge when the fact is the
 * same text at the same place: cached node checks that looked an entry up stay valid across an edit of another entry.
 */
type Reusable = Map<string, { readonly entry: CatalogEntry | ParamEntry; readonly json: string }>;

function stableEntry<E extends CatalogEntry | ParamEntry>(reuse: Reusable, next: Reusable, name: string, entry: E): E {
  const json = JSON.stringify(entry.fact);
  const key = `${entry.env}|${entry.uri}|${name}`;
  const prev = reuse.get(key);
  const kept = prev?.json === json ? (prev.entry as E) : entry;
  next.set(key, { entry: kept, json });
  return kept;
}

/** One pass of the config loader over the conf folder: its environment as envChain names it, and the files it reads. */
export interface EnvPass {
  readonly env: string;
  readonly files: readonly ConfFile[];
}

/**
 * The passes Kedro's config loaders make over the conf folder (0.17 to 1.5): the base environment, then the run
 * environment over it unless it is the base. An empty name is the conf folder itself: its patterns are matched from
 * there, and the default ones (`**\/catalog*`) reach into every environment folder, so such a pass reads the files of
 * all of them together (a key in two of them stops the run: KL902). ConfigLoader and TemplatedConfigLoader skip files
 * an earlier pass read; OmegaConfigLoader reads them again (the same values; only duplicates differ).
 */
export function envPasses(baseEnv: string, env: string, confFiles: readonly ConfFile[], patterns: ProjectSettings['configPatterns'], loaders: readonly ConfigLoaderClass[]): EnvPass[] {
  // Patterns are compiled only for a pass over the conf folder itself (rare): every model build on an edit comes here.
  let classify: ConfClassifier | undefined;
  const reads = (name: string, skip?: ReadonlySet<ConfFile>): ConfFile[] =>
    confFiles.filter((f) => (name ? f.ref.env === name : (classify ??= confClassifier(patterns))(f.ref.env ? `${f.ref.env}/${f.ref.relPath}` : f.ref.relPath) === f.kind && !skip?.has(f)));
  const base = { env: baseEnv, files: reads(baseEnv) };
  if (env === baseEnv) return [base];
  const skipsRead = loaders.every((l) => l === 'ConfigLoader' || l === 'TemplatedConfigLoader');
  return [base, { env, files: reads(env, skipsRead ? new Set(base.files) : undefined) }];
}

// Every non-parameters file (credentials, globals too): what catalog-derived answers may read.
function mergedCatalog(caches: ProjectCaches, passes: readonly EnvPass[], confFiles: readonly ConfFile[], templating: string): MergedCatalog {
  // TemplatedConfigLoader's globals may sit in a file the parameters patterns took first.
  const files = templating ? confFiles : confFiles.filter((f) => f.kind !== 'parameters');
  return reuseLast(caches.catalogMerge, (next) => (caches.catalogMerge = next), [...passes.flatMap((p) => [p.env, ...p.files]), '|', ...files, templating], (previous) => {
    const reuse: Reusable = previous?.entries ?? new Map();
    const next: Reusable = new Map();
    const catalog = new Map<string, CatalogEntry>();
    const patterns = new Map<string, CatalogEntry>();
    for (const pass of passes) {
      for (const f of pass.files) {
        if (f.kind !== 'catalog') continue;
        for (const entry of f.catalog) {
          if (entry.isTemplate) continue;
          (entry.isPattern ? patterns : catalog).set(entry.name, stableEntry(reuse, next, `${entry.isPattern ? 'pattern' : 'entry'}:${entry.name}`, { fact: entry, uri: f.uri, env: f.ref.env }));
        }
      }
    }
    return { catalog: new TrackedMap(catalog, catalogKey, wholeCatalog), patterns: rankPatterns([...patterns.values()]), entries: next };
  });
}

/**
 * Parameters across environments. Destructive (OmegaConfigLoader's default): a top-level key of the run env replaces
 * the whole base value. Soft (`merge_strategy: {"parameters": "soft"}`): a deep merge, the run env winning per leaf.
 */
function mergedParams(caches: ProjectCaches, passes: readonly EnvPass[], confFiles: readonly ConfFile[], soft: boolean, omega: boolean, templated: TemplateGlobals | undefined): TrackedMap<ParamEntry> {
  const files = confFiles.filter((f) => f.kind === 'parameters');
  const formatting = templated ? JSON.stringify([...templated.values, templated.open]) : '';
  return reuseLast(caches.paramMerge, (next) => (caches.paramMerge = next), [...passes.flatMap((p) => [p.env, ...p.files]), soft ? 'soft' : 'destructive', omega ? 'omega' : '', formatting, '|', ...files], (previous) => {
    const reuse: Reusable = previous?.entries ?? new Map();
    const next: Reusable = new Map();
    const params = new Map<string, ParamEntry>();
    // Within a pass the files are deep-merged; a later pass replaces whole top-level keys (destructive) or leaves.
    for (const [i, pass] of passes.entries()) {
      const inPass = pass.files.filter((f) => f.kind === 'parameters');
      if (i > 0 && !soft) {
        const tops = new Set(inPass.flatMap((f) => f.topKeys.map((k) => k.value)));
        for (const path of [...params.keys()]) if (tops.has(path.split('.')[0] ?? path)) params.delete(path);
      }
      for (const f of inPass) for (const p of f.params) params.set(p.path, stableEntry(reuse, next, p.path, { fact: p, uri: f.uri, env: f.ref.env }));
    }
    if (omega) addInterpolatedAliases(params, (path, entry) => stableEntry(reuse, next, `alias:${path}`, entry));
    if (templated) formatTemplatedParams(params, templated, (path, entry) => stableEntry(reuse, next, `formatted:${path}`, entry));
    return { params: new TrackedMap(params, paramKey, wholeParams), entries: next };
  }).params;
}

/** TemplatedConfigLoader's whole-value `${a.b}` / `${a.b|default}`: replaced by the global itself, keeping its type. */
const TEMPLATE_WHOLE = /^\$\{([A-Za-z0-9_.]+)(?:\|([^}]*))?\}$/;

/**
 * Parameters as TemplatedConfigLoader formats them: a whole `${key}` becomes the global (its type; a mapping brings its
 * keys as `params:` paths), `${key|default}` without the key the default (a str), and a string with `${...}` inside the
 * formatted str. What the dictionary does not tell (an unknown value, a key it may hold) stays as written.
 */
function formatTemplatedParams(params: Map<string, ParamEntry>, globals: TemplateGlobals, keep: (path: string, entry: ParamEntry) => ParamEntry): void {
  // A dictionary not known here may replace any key.
  if (globals.open) return;
  for (const [path, entry] of [...params]) {
    const preview = entry.fact.type === 'str' ? entry.fact.preview : undefined;
    if (!preview?.includes('${')) continue;
    const set = (p: string, fact: ValueFact): void => void params.set(p, keep(p, { ...entry, fact: { ...fact, path: p, keySpan: entry.fact.keySpan } }));
    const whole = TEMPLATE_WHOLE.exec(preview);
    if (!whole) {
      const r = formatTemplated(preview, globals);
      if (r.complete) set(path, { type: 'str', preview: r.text });
      continue;
    }
    const key = whole[1] as string;
    const found = globals.values.get(key);
    if (found?.fact) {
      set(path, found.fact);
      if (found.fact.type !== 'dict') continue;
      // The children the dictionary knows; one of unknown type stays a `${...}` no check reads a type from.
      for (const [p, g] of globals.values) if (p.startsWith(`${key}.`)) set(`${path}${p.slice(key.length)}`, g.fact ?? { type: 'str', preview: `\${${p}}` });
    } else if (!found && whole[2] !== undefined) set(path, { type: 'str', preview: whole[2] });
  }
}

/** `${a.b}` as a whole value: OmegaConf's reference to another key of the same (merged) parameters. */
const WHOLE_REFERENCE = /^\$\{([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\}$/;

/**
 * OmegaConfigLoader resolves `key: ${other.path}` against the merged parameters, so `params:key` is the value of
 * `other.path` and, when that is a mapping, `params:key.x` exists for each `other.path.x`. The alias takes the
 * referenced entry's type and children (the children keep their own locations); a chain of aliases resolves in a
 * few rounds, a cycle (which fails in OmegaConf) adds nothing.
 */
function addInterpolatedAliases(params: Map<string, ParamEntry>, keep: (path: string, entry: ParamEntry) => ParamEntry): void {
  const aliases: [string, string, ParamEntry][] = [];
  for (const [path, entry] of params) {
    const m = entry.fact.type === 'str' ? WHOLE_REFERENCE.exec(entry.fact.preview ?? '') : null;
    const target = m?.[1];
    if (target && target !== path && !target.startsWith(`${path}.`) && !path.startsWith(`${target}.`)) aliases.push([path, target, entry]);
  }
  for (let round = 0; round < 4 && aliases.length; round++) {
    let changed = false;
    for (const [path, target, alias] of aliases) {
      const referenced = params.get(target);
      if (!referenced || WHOLE_REFERENCE.test(referenced.fact.preview ?? '')) continue;
      const current = params.get(path);
      if (current === alias) {
        params.set(path, keep(path, { ...alias, fact: { ...referenced.fact, path, keySpan: alias.fact.keySpan } }));
        changed = true;
      }
      const prefix = `${target}.`;
      for (const [p, e] of [...params]) {
        const own = path + p.slice(target.length);
        if (!p.startsWith(prefix) || params.has(own)) continue;
        params.set(own, keep(own, { ...e, fact: { ...e.fact, path: own } }));
        changed = true;
      }
    }
    if (!changed) break;
  }
}

/** A compiled factory pattern: whether a name matches, and each `{field}`'s value. */
export interface PatternMatcher {
  test(name: string): boolean;
  /** The placeholder values in order, as a lazy `(.+?)` per field takes them; undefined when the name does not match. */
  exec(name: string): string[] | undefined;
}

/** Kedro's `parse`-style factory match: each `{field}` matches 1+ characters, the whole name must match. */
const patternCache = new Map<string, PatternMatcher>();

export function patternMatcher(pattern: string): PatternMatcher {
  const hit = patternCache.get(pattern);
  if (hit) return hit;
  if (patternCache.size > 5000) patternCache.clear();
  const m = compilePattern(pattern);
  patternCache.set(pattern, m);
  return m;
}

/** Case folding of the `i` regex flag, per UTF-16 unit: upper case, unless that is two units or turns non-ASCII into ASCII. */
function fold(s: string): string {
  // ASCII (nearly every dataset name) folds as a whole: each unit's upper case is one ASCII unit.
  let ascii = true;
  for (let i = 0; ascii && i < s.length; i++) ascii = s.charCodeAt(i) < 128;
  if (ascii) return s.toUpperCase();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    const u = c.toUpperCase();
    out += u.length === 1 && !(c.charCodeAt(0) >= 128 && u.charCodeAt(0) < 128) ? u : c;
  }
  return out;
}

const isLineBreak = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/**
 * The regex `^L0(.+?)L1(.+?)…Lk$` (case-insensitive, a field never spans a line break), matched without backtracking:
 * adjacent fields (`{f0}{f1}…{f7}Z`) made the regex take 26 s on a 60-character name. A table of which fields can still
 * match from each position (O(fields × length)) lets each field take the shortest value the rest can follow, which is
 * what the lazy regex returns.
 */
function compilePattern(pattern: string): PatternMatcher {
  const parts = pattern.split(/(\{[^{}]*\})/);
  const lits = parts.filter((_, i) => i % 2 === 0).map(fold);
  const k = lits.length - 1;
  const exec = (raw: string): string[] | undefined => {
    const name = fold(raw);
    const n = name.length;
    const first = lits[0] as string;
    if (k === 0) return name === first ? [] : undefined;
    const last = lits[k] as string;
    if (!name.startsWith(first) || n - first.length - last.length < k || !name.endsWith(last)) return undefined;
    // nextBreak[p]: the first line break at or after p (n if none); a field starting at p ends by it.
    const nextBreak = new Int32Array(n + 1).fill(n);
    for (let p = n - 1; p >= 0; p--) nextBreak[p] = isLineBreak(name.charCodeAt(p)) ? p : (nextBreak[p + 1] as number);
    // can[j][p]: fields j..k (1-based) and the literals after them match name[p..]. nextEnd[j][e]: the least e' ≥ e
    // where field j can end (literal j there, fields j+1.. matching after it); n+1 when none.
    const can: Uint8Array[] = [];
    const nextEnd: Int32Array[] = [];
    const tail = n - last.length;
    can[k] = new Uint8Array(n + 1);
    for (let p = 0; p < tail; p++) if (nextBreak[p] as number >= tail) (can[k] as Uint8Array)[p] = 1;
    for (let j = k - 1; j >= 1; j--) {
      const lit = lits[j] as string;
      const ends = new Int32Array(n + 2).fill(n + 1);
      for (let e = n; e >= 0; e--) ends[e] = name.startsWith(lit, e) && (can[j + 1] as Uint8Array)[e + lit.length] ? e : (ends[e + 1] as number);
      nextEnd[j] = ends;
      const c = new Uint8Array(n + 1);
      for (let p = 0; p < n; p++) if ((ends[p + 1] as number) <= (nextBreak[p] as number)) c[p] = 1;
      can[j] = c;
    }
    let p = first.length;
    if (!(can[1] as Uint8Array)[p]) return undefined;
    const values: string[] = [];
    for (let j = 1; j < k; j++) {
      const e = (nextEnd[j] as Int32Array)[p + 1] as number;
      values.push(raw.slice(p, e));
      p = e + (lits[j] as string).length;
    }
    values.push(raw.slice(p, tail));
    return values;
  };
  return { test: (name) => exec(name) !== undefined, exec };
}

/** Placeholder values of a factory pattern matched against a name (`{name}` → `companies`). */
export function patternValues(pattern: string, name: string): Map<string, string> | undefined {
  const m = patternMatcher(pattern).exec(name);
  if (!m) return undefined;
  const fields = [...pattern.matchAll(/\{([^{}]*)\}/g)].map((x) => x[1] as string);
  return new Map(fields.map((f, i) => [f, m[i] as string]));
}

/** Kedro's ranking of dataset patterns: more literal characters first, then more placeholders, then by name. */
function rankPatterns(patterns: readonly CatalogEntry[]): CatalogEntry[] {
  const literal = (p: string): number => p.replace(/\{[^{}]*\}/g, '').length;
  const fields = (p: string): number => (p.match(/\{[^{}]*\}/g) ?? []).length;
  return [...patterns].sort((a, b) => literal(b.fact.name) - literal(a.fact.name) || fields(b.fact.name) - fields(a.fact.name) || (a.fact.name < b.fact.name ? -1 : 1));
}

/** The best-ranked factory pattern matching `name` (memoised per model: rules ask for the same names many times). */
const patternOf = memoPer((model: ProjectModel, name: string): CatalogEntry | undefined => model.patterns.find((p) => patternMatcher(p.fact.name).test(name)));

export function matchingPattern(model: NodeView, name: string): CatalogEntry | undefined {
  const match = patternOf(wholeModel(model), name);
  noteRead(patternReader, name, match);
  return match;
}

/** Folders directly under `<pkg>/pipelines/` that hold Python files: what `find_pipelines()` imports. */
export function pipelineDirs(layout: ProjectLayout): string[] {
  if (!layout.packageUri) return [];
  const dirs = new Set<string>();
  for (const uri of layout.pythonFiles) {
    const rel = relativeUri(layout.packageUri, uri);
    const m = rel ? /^pipelines\/([^/]+)\//.exec(rel) : null;
    if (m?.[1] && !m[1].startsWith('.') && m[1] !== '__pycache__') dirs.add(m[1]);
  }
  return [...dirs].sort();
}

/** A catalog entry of an environment the selected chain does not load (KL001 says where a missing name is defined). */
export interface OtherEnvEntry {
  readonly env: string;
  /** The environment's folder from the project root (`conf/prod`). */
  readonly dir: string;
  readonly uri: string;
  readonly span: Span;
}

// Per model, by dataset name: the explicit entries of the envs outside the chain, as JSON text so that a later model's
// answer compares with === (see readsStillValid).
const otherEnvCatalog = memoPer((model: ProjectModel): ReadonlyMap<string, string> => {
  const byName = new Map<string, OtherEnvEntry[]>();
  const conf = relativeUri(model.layout.rootUri, model.conf.confUri) ?? model.settings.confSource;
  for (const f of model.confFiles) {
    // A file directly in the conf folder is no environment to switch to.
    if (f.kind !== 'catalog' || model.readConf.has(f.uri) || !f.ref.env) continue;
    for (const e of f.catalog) {
      if (e.isPattern || e.isTemplate) continue;
      const list = byName.get(e.name) ?? [];
      list.push({ env: f.ref.env, dir: conf ? `${conf}/${f.ref.env}` : f.ref.env, uri: f.uri, span: e.keySpan });
      byName.set(e.name, list);
    }
  }
  return new Map([...byName].map(([name, list]) => [name, JSON.stringify(list)]));
});
// Reader of what catalogInOtherEnvs recorded (see core/memo.ts).
export const otherEnvCatalogReader = (model: object, name: string): unknown => otherEnvCatalog(model as ProjectModel, 'all')?.get(name);

/** Explicit catalog entries named `name` in environments the selected chain does not load (recorded for cached node checks). */
export function catalogInOtherEnvs(view: NodeView, name: string): readonly OtherEnvEntry[] {
  const found = otherEnvCatalogReader(view, name) as string | undefined;
  noteRead(otherEnvCatalogReader, name, found);
  return found ? (JSON.parse(found) as OtherEnvEntry[]) : [];
}

/** Config files Kedro loads for the selected environment chain (`base`, then the run env). */
export function loadedConfFiles(model: ProjectModel, kind?: string): ProjectModel['confFiles'] {
  return model.confFiles.filter((f) => model.readConf.has(f.uri) && (!kind || f.kind === kind));
}

/**
 * The loaded files `${globals:...}` reads: every file a pass reads that the globals patterns take, whichever kind's
 * patterns took it first (a file is classified by the first kind that matches, but OmegaConfigLoader matches each
 * kind's patterns on its own: `globals.yml` added to the parameters patterns, or a catalog pattern that also takes it).
 */
export function globalsFiles(model: ProjectModel): ProjectModel['confFiles'] {
  const isGlobals = kindMatcher('globals', model.settings.configPatterns);
  const seen = new Set<string>();
  const out: ConfFile[] = [];
  for (const pass of model.envPasses) {
    for (const f of pass.files) {
      // A pass over the conf folder itself matches the patterns from there (`base/globals.yml` is not `globals.yml`).
      const path = pass.env === '' && f.ref.env ? `${f.ref.env}/${f.ref.relPath}` : f.ref.relPath;
      if (seen.has(f.uri) || !(f.kind === 'globals' || (f.kind !== 'credentials' && isGlobals(path)))) continue;
      seen.add(f.uri);
      out.push(f);
    }
  }
  return out;
}

/**
 * What `${globals:key}` may name, path → value text (undefined for a mapping or list), the later file winning: keys of
 * globals and parameters files from their parameter facts; of a catalog file the globals patterns also take, from its
 * entries (a top-level scalar, or a mapping's scalar leaves).
 */
export function globalsValues(model: ProjectModel): ReadonlyMap<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const f of globalsFiles(model)) for (const [path, value] of scalarLeaves(f)) out.set(path, value);
  return out;
}

type Leaf = [path: string, value: string | undefined, span: Span];

/**
 * A config file's keys as `${...}` lookups see them, path → value text (undefined for a mapping or list): parameters and
 * globals files from their parameter facts, a catalog file from its entries (a top-level scalar, a mapping's leaves).
 */
function scalarLeaves(f: ConfFile): Leaf[] {
  if (f.kind !== 'catalog') return f.params.map((p) => [p.path, p.preview, p.keySpan]);
  const out: Leaf[] = [];
  for (const e of f.catalog) {
    out.push([e.name, e.scalar?.value, e.scalar?.span ?? e.keySpan]);
    const inner = new Set<string>();
    for (const [k, v] of e.scalars) {
      const parts = k.split('.');
      for (let i = 1; i < parts.length; i++) {
        const prefix = `${e.name}.${parts.slice(0, i).join('.')}`;
        if (!inner.has(prefix)) out.push([prefix, undefined, e.keySpan]);
        inner.add(prefix);
      }
      out.push([`${e.name}.${k}`, v, e.scalarSpans.get(k) ?? e.keySpan]);
    }
  }
  return out;
}

/** What a `${...}` may stand for here: a YAML value's type, and for a mapping its children. */
type ValueFact = Pick<ParamFact, 'type' | 'preview' | 'keys' | 'itemTypes' | 'timestamp'>;

/**
 * One key of TemplatedConfigLoader's formatting dictionary: its scalar's text (undefined: a mapping, a list, null or a
 * value not known here), its YAML type when known (a `${key}` that is a whole value takes it), and where it is written.
 */
export interface TemplateGlobal {
  readonly value: string | undefined;
  readonly fact?: ValueFact;
  readonly uri: string;
  readonly span: Span;
}

/**
 * TemplatedConfigLoader's formatting dictionary by path; `open`: it may hold keys not known here (globals_dict not a
 * literal, a globals file not read), so neither a missing key nor a default is sure.
 */
export interface TemplateGlobals {
  readonly values: ReadonlyMap<string, TemplateGlobal>;
  readonly open: boolean;
  /** `globals_pattern` when it names YAML/JSON files and no pass has one: Kedro raises MissingConfigException. */
  readonly unmatchedPattern?: string;
}

const NOWHERE: Span = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The dictionary TemplatedConfigLoader formats `${key}` and `${a.b|default}` with, when every loader the project may
 * run with is TemplatedConfigLoader and settings.py (or a 0.17 hook) says how it is built; undefined otherwise. The files
 * `globals_pattern` takes in each conf path (base, then the run environment, whose top-level keys replace base's; keys
 * starting with `_` are dropped), then `globals_dict` over them, top-level key by key (Kedro 0.17 to 0.18).
 */
function computeTemplateGlobals(settings: ProjectSettings, loaders: readonly ConfigLoaderClass[], passes: readonly EnvPass[], unread: readonly UnreadConf[], rootUri: string): TemplateGlobals | undefined {
  const spec = settings.templatedGlobals;
  if (!spec || !loaders.every((l) => l === 'TemplatedConfigLoader')) return undefined;
  const values = new Map<string, TemplateGlobal>();
  let open = !spec.dict;
  const replace = (leaves: readonly (readonly [string, TemplateGlobal])[]): void => {
    const tops = new Set(leaves.map(([p]) => p.split('.')[0] as string));
    for (const path of [...values.keys()]) if (tops.has(path.split('.')[0] as string)) values.delete(path);
    for (const [p, v] of leaves) values.set(p, v);
  };
  let matched = 0;
  if (spec.pattern) {
    const isGlobals = kindMatcher('globals', { globals: [spec.pattern] });
    const unreadUris = new Set(unread.map((u) => u.uri));
    for (const pass of passes) {
      const files = pass.files.filter((f) => isGlobals(f.ref.relPath));
      matched += files.length;
      // A Jinja2 globals file, or one that is no YAML mapping: keys not known here.
      if (files.some((f) => f.unread !== undefined || unreadUris.has(f.uri) || f.problems.some((p) => p.severity === 'error'))) open = true;
      replace(files.flatMap((f) => globalLeaves(f).filter(([p]) => !p.startsWith('_')).map(([p, value, span, fact]) => [p, { value, uri: f.uri, span, ...(fact ? { fact } : {}) }] as const)));
    }
  }
  if (spec.dict) {
    const uri = settings.uri ?? rootUri;
    replace(
      [...spec.dict].map(([p, v]) => {
        const fact: ValueFact | undefined = v.type === 'dict' ? { type: 'dict' } : v.type ? { type: v.type, ...(v.text !== undefined ? { preview: v.text } : {}) } : undefined;
        return [p, { value: v.text, uri, span: NOWHERE, ...(fact ? { fact } : {}) }] as const;
      }),
    );
  }
  // Only where every file it could match is one read here (Kedro also loads .ini, .xml, ... files) and base has files.
  const unmatched = spec.pattern && !matched && /\.(?:ya?ml|json)$/.test(spec.pattern) && (passes[0]?.files.length ?? 0) > 0;
  return { values, open, ...(unmatched ? { unmatchedPattern: spec.pattern } : {}) };
}

/**
 * A globals file's keys with their YAML facts where its parameter facts give them (a catalog file's: text only), and the
 * text Python's str() gives the value inside a string, where it is known.
 */
function globalLeaves(f: ConfFile): [path: string, value: string | undefined, span: Span, fact: ValueFact | undefined][] {
  if (f.kind === 'catalog') return scalarLeaves(f).map(([p, v, span]) => [p, v !== undefined && PLAIN_TEXT.test(v) && !YAML_OTHER.test(v) ? v : undefined, span, undefined]);
  return f.params.map((p) => [p.path, pythonText(p), p.keySpan, p.type === 'None' ? undefined : p]);
}

// Plain text PyYAML reads as a str or a decimal int (str() gives it back); anything else is not read from the text here.
const PLAIN_TEXT = /^(?:[-A-Za-z_./][\w./:-]*|0|-?[1-9]\d*)$/;
const YAML_OTHER = /^(?:y|n|yes|no|true|false|on|off|null|~|\.nan|\.inf|-\.inf)$/i;

/** Python's str() of a parameter fact's value, from its preview (numbers already in Python's spelling, a str cut at 80). */
function pythonText(p: ParamFact): string | undefined {
  const text = p.preview;
  if (text === undefined || p.timestamp || (p.type === 'str' && text.length >= 80)) return undefined;
  if (p.type === 'str' || p.type === 'int' || p.type === 'float') return text;
  if (p.type === 'bool') return text === 'true' ? 'True' : 'False';
  return undefined;
}

/** Keys the loaded config reads as `${runtime_params:KEY}` without a default: `kedro run --params` must supply them. */
export const runtimeParamKeys = (model: ProjectModel): ReadonlySet<string> => runtimeParamKeysOf(model, 'all') as ReadonlySet<string>;
const runtimeParamKeysOf = memoPer((model: ProjectModel): ReadonlySet<string> => new Set(loadedConfFiles(model).flatMap((f) => f.interpolations.flatMap((i) => /^runtime_params:\s*([^,\s]+)\s*$/.exec(i.expr)?.slice(1, 2) ?? []))));
// Reader of what isRuntimeParam recorded (see core/memo.ts); readChanges narrows it by the keys that entered or left the set.
export const runtimeParamReader = (model: object, key: string): unknown => runtimeParamKeys(model as ProjectModel).has(key);

/** Whether the config requires `key` as a runtime parameter (recorded for cached node checks). */
export function isRuntimeParam(view: NodeView, key: string): boolean {
  const found = runtimeParamReader(view, key) as boolean;
  noteRead(runtimeParamReader, key, found);
  return found;
}

/** Where a `${a.b}` reference was resolved from, for hovers. */
export interface InterpolationSource {
  /** The text inside `${...}`. */
  readonly expr: string;
  /** Its value, itself resolved. */
  readonly value: string;
  readonly uri: string;
  readonly span: Span;
}

export interface ResolvedScalar {
  readonly text: string;
  /** Every `${...}` was resolved (none left, none cyclic or missing). */
  readonly complete: boolean;
  readonly sources: readonly InterpolationSource[];
}

const MAX_INTERPOLATION_DEPTH = 10;

/**
 * What the project's config loader does with `${...}` in a value: OmegaConf interpolation (`omega`), TemplatedConfigLoader's
 * formatting from a dictionary known here (`templated`), nothing (`literal`: the 0.17/0.18 ConfigLoader), or not known
 * (loaders that differ across the project's Kedro range, a custom class, a TemplatedConfigLoader built from values not
 * read here). `omega` and `literal` depend on `configLoaders` alone, which the rule runner compares before it reuses a
 * node's findings: node checks tell only those apart from the rest.
 */
export function interpolationMode(view: NodeView): 'omega' | 'templated' | 'literal' | 'unknown' {
  const loaders = view.configLoaders;
  if (loaders.every((l) => l === 'OmegaConfigLoader')) return 'omega';
  if (loaders.every((l) => l === 'ConfigLoader')) return 'literal';
  return wholeModel(view).templating ? 'templated' : 'unknown';
}

/**
 * `${a.b}` references to other catalog keys of the same environment resolved, as OmegaConf does when Kedro merges an env
 * folder: whole values and parts of strings (`${_raw_dir}/stores.csv`), nested paths (`${_csv.load_args.sep}`), chains
 * up to a depth bound; a cycle stays unresolved. Resolvers (`${globals:x}`, `${runtime_params:x}`, `${oc.env:X}`) are
 * left as written. `preferUri`: the file whose keys win over same-named keys of other files (the value's own file).
 */
export function resolveCatalogInterpolations(view: NodeView, env: string, value: string, preferUri?: string): ResolvedScalar {
  if (!value.includes('${')) return { text: value, complete: true, sources: [] };
  const model = wholeModel(view);
  // Reads template entries of the catalog files, which are not in the merged map: depends on the whole catalog.
  noteRead(wholeCatalog, '', model.catalog);
  const mode = interpolationMode(model);
  if (mode === 'templated' && model.templating) return formatTemplated(value, model.templating);
  // ConfigLoader keeps `${...}` as written: that text is the value. A loader not known here: not a value known here.
  if (mode !== 'omega') return { text: value, complete: mode === 'literal', sources: [] };
  // OmegaConf resolves after merging a pass's files: a pass over the conf folder itself (an empty environment) reads
  // several folders at once, and a reference in one resolves against the keys of all.
  // The last pass reading the value's file is the one whose merge gave the value.
  const pass =
    (preferUri ? model.envPasses.findLast((p) => p.files.some((f) => f.uri === preferUri)) : undefined) ??
    model.envPasses.find((p) => p.env === env) ??
    model.envPasses.findLast((p) => p.files.some((f) => f.ref.env === env));
  const files = (pass?.files ?? []).filter((f) => f.kind === 'catalog');
  files.sort((a, b) => Number(b.uri === preferUri) - Number(a.uri === preferUri));
  const lookup = (path: string): { value: string; uri: string; span: Span } | undefined => {
    // Keys may hold dots themselves (namespaced datasets): try every split, the shortest top-level key first.
    const parts = path.split('.');
    for (let i = 1; i <= parts.length; i++) {
      const top = parts.slice(0, i).join('.');
      const rest = parts.slice(i).join('.');
      for (const f of files) {
        const entry = f.catalog.find((e) => e.name === top);
        if (!entry) continue;
        if (!rest && entry.scalar) return { value: entry.scalar.value, uri: f.uri, span: entry.scalar.span };
        const v = rest ? entry.scalars.get(rest) : undefined;
        if (v !== undefined) return { value: v, uri: f.uri, span: entry.scalarSpans.get(rest) ?? entry.keySpan };
      }
    }
    return undefined;
  };
  const resolve = (text: string, stack: readonly string[]): ResolvedScalar => {
    const sources: InterpolationSource[] = [];
    let complete = true;
    let out = '';
    let last = 0;
    for (const { expr, start, end } of interpolationsIn(text)) {
      out += text.slice(last, start);
      last = end;
      const path = expr.trim();
      const found = /^[\w.-]+$/.test(path) && !stack.includes(path) && stack.length < MAX_INTERPOLATION_DEPTH ? lookup(path) : undefined;
      if (!found) {
        complete = false;
        out += text.slice(start, end);
        continue;
      }
      const inner = resolve(found.value, [...stack, path]);
      complete &&= inner.complete;
      out += inner.text;
      // Outermost first: the reference as written, then what its value referred to.
      sources.push({ expr: path, value: inner.text, uri: found.uri, span: found.span }, ...inner.sources);
    }
    return { text: out + text.slice(last), complete, sources };
  };
  return resolve(value, []);
}

/** TemplatedConfigLoader's `${a.b}` / `${a.b|default}`, from its formatting dictionary once (values are not formatted again). */
const TEMPLATE_IDENTIFIER = /\$\{([A-Za-z0-9_.]+)(?:\|([^}]*))?\}/g;

function formatTemplated(value: string, globals: TemplateGlobals): ResolvedScalar {
  const sources: InterpolationSource[] = [];
  let complete = true;
  const text = value.replace(TEMPLATE_IDENTIFIER, (whole, path: string, fallback: string | undefined) => {
    const found = globals.values.get(path);
    // A mapping is formatted as Python's repr, not shown here; a key the dictionary may hold is not defaulted.
    // With an open dictionary a file's key may be replaced by a globals_dict key not known here.
    if (found?.value !== undefined && !globals.open) {
      sources.push({ expr: whole.slice(2, -1), value: found.value, uri: found.uri, span: found.span });
      return found.value;
    }
    if (!found && fallback !== undefined && !globals.open) return fallback;
    complete = false;
    return whole;
  });
  // Any `${...}` TemplatedConfigLoader leaves (`${oc.env:X}` is no identifier) is not a value known here.
  return { text, complete: complete && !text.includes('${'), sources };
}

/**
 * A catalog scalar with its `${...}` references resolved inside the same environment (Kedro resolves per env folder).
 * Undefined when it cannot be resolved statically (resolvers, runtime params, missing keys, cycles).
 */
export function resolveCatalogScalar(view: NodeView, env: string, value: string): string | undefined {
  const r = resolveCatalogInterpolations(view, env, value);
  return r.complete ? r.text : undefined;
}

/** Kedro 0.17's `register_pipelines` hooks: `@hook_impl` methods of the registered HOOKS classes (removed in 0.18.0). */
function registryHooks(settings: ProjectSettings, kedro: VersionRange): RegistryHook[] {
  if (alwaysAtLeast(kedro, '0.18.0')) return [];
  return settings.hooks.flatMap((h) => {
    const fn = registeredHookMethod(h, 'register_pipelines');
    return h.cls && fn ? [{ module: h.cls.module, fn }] : [];
  });
}

function evaluateRegistryCached(caches: ProjectCaches, layout: ProjectLayout, python: PythonIndex, modules: readonly PyModuleFacts[], nameStyle: NameStyle, hooks: readonly RegistryHook[], conf: ConfAccess): Registry {
  // No package folder (KL901): no pipelines are known, not even find_pipelines()' empty __default__.
  if (!layout.packageName || layout.packageMissing) return { found: false, pipelines: new Map(), unresolved: [] };
  const dirs = pipelineDirs(layout);
  // Node names depend on the Kedro release: another style is another evaluation; so do the 0.17 registry hooks.
  const scope = `${layout.packageName}|${dirs.join('/')}|${nameStyle}|${hooks.map((h) => `${h.module.uri}#${h.fn.nameSpan.start.line}`).join(',')}`;
  const hit = caches.registry;
  // The conf files a config loader of the project's code read (see confLoader.ts) must answer the same too.
  const confState = { confFiles: conf.files };
  if (hit && hit.scope === scope && hit.modules.length === modules.length && hit.modules.every((m, i) => m === modules[i]) && readsStillValid(confState, hit.confReads)) return hit.registry;
  let calls = caches.calls;
  if (calls?.scope !== scope) caches.calls = calls = new CallCache(scope);
  const evaluator = new PipelineEvaluator(python, layout.packageName, dirs, calls, nameStyle, conf);
  let registry: Registry;
  let confReads: Reads | undefined;
  try {
    const recorded = recordReads(() => evaluator.evaluateRegistry(hooks));
    registry = recorded.value;
    confReads = onlyConfReads(recorded.reads);
  } catch (err) {
    if (err instanceof MemoMismatch) throw err; // verify mode: a stale call-cache entry fails the pass
    // A bug or an input past a guard: the pipelines are unknown (KL909 at the registry), the config is still checked.
    const loc = { uri: `${layout.packageUri ?? layout.rootUri}/pipeline_registry.py`, span: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    registry = { found: true, pipelines: new Map(), unresolved: [{ loc, what: `pipeline registry (its evaluation failed: ${err instanceof Error ? err.message : String(err)})` }] };
    caches.calls = undefined;
  }
  calls.keepOnly(evaluator.calls);
  caches.registry = { modules, scope, registry, confReads };
  return registry;
}

/** The reads of conf files among `reads` (module reads are covered by the modules compared above). */
function onlyConfReads(reads: Reads | undefined): Reads | undefined {
  if (!reads) return undefined;
  const out: Reads = new Map();
  for (const reader of CONF_READERS) {
    const answers = reads.get(reader);
    if (answers) out.set(reader, answers);
  }
  return out.size ? out : undefined;
}

/** How the releases of `kedro` name nodes without `name=`: one style only when every release agrees. */
function nameStyleOf(kedro: VersionRange): NameStyle {
  if (alwaysAtLeast(kedro, '1.0.0')) return 'hash';
  if (alwaysAtLeast(kedro, '0.19.0') && alwaysBelow(kedro, '1.0.0')) return 'semicolon';
  if (alwaysBelow(kedro, '0.19.0')) return 'comma';
  return 'unknown';
}

export type NodeIndex = { nodes: ResolvedNode[]; uses: DatasetUse[]; producers: Map<string, DatasetUse[]>; producedNames: ReadonlySet<string>; unknownProducers: boolean };

function partsOf(caches: ProjectCaches, n: ResolvedNode): { readonly key: string; readonly uses: readonly DatasetUse[] } {
  let parts = caches.nodeParts.get(n);
  if (!parts) {
    const uses: DatasetUse[] = [];
    for (const ref of n.inputs) uses.push({ name: ref.name, ref, node: n, role: 'input' });
    for (const ref of n.outputs) uses.push({ name: ref.name, ref, node: n, role: 'output' });
    parts = { key: `${n.callLoc.uri}:${n.callLoc.span.start.line}:${n.callLoc.span.start.character}|${nodeIdentity(n)}`, uses };
    caches.nodeParts.set(n, parts);
  }
  return parts;
}

function nodeIndex(caches: ProjectCaches, registry: Registry): NodeIndex {
  if (caches.index?.registry === registry) return caches.index.index;
  const nodes: ResolvedNode[] = [];
  let unknownProducers = false;
  const uses: DatasetUse[] = [];
  const producers = new Map<string, DatasetUse[]>();
  // Pipelines built from others share node objects, and two objects may be the same node (same call, same identity).
  const listed = new Set<ResolvedNode>();
  const keys = new Set<string>();
  // Pipelines not known may be registered too: their nodes may write any dataset.
  if (registry.incomplete) unknownProducers = true;
  for (const { pipeline } of registry.pipelines.values()) {
    if (pipeline.open.length) unknownProducers = true;
    for (const n of pipeline.nodes) {
      if (listed.has(n)) continue;
      listed.add(n);
      const parts = partsOf(caches, n);
      if (keys.has(parts.key)) continue;
      keys.add(parts.key);
      nodes.push(n);
      if (n.outputsForm === 'unknown' || n.partial) unknownProducers = true;
      for (const use of parts.uses) {
        uses.push(use);
        if (use.role !== 'output') continue;
        const key = baseName(use.name);
        const list = producers.get(key);
        if (list) list.push(use);
        else producers.set(key, [use]);
      }
    }
  }
  let producedNames = caches.producedNames;
  if (producedNames?.size !== producers.size || ![...producers.keys()].every((k) => producedNames?.has(k))) {
    producedNames = new Set(producers.keys());
    caches.producedNames = producedNames;
  }
  const index = { nodes, uses, producers, producedNames, unknownProducers };
  caches.index = { registry, index };
  return index;
}

/** The model's nodes as a set: a pure function of the (never mutated) node list, so it may be memoised by it. */
const nodeSetOf = memoOn((nodes: readonly ResolvedNode[]): ReadonlySet<ResolvedNode> => new Set(nodes));

/**
 * Whether `nodes` (a pipeline's) are exactly the model's nodes, each once: then every dataset some node writes is
 * written inside that pipeline (e.g. `__default__` summing all).
 */
export function coversAllNodes(model: ProjectModel, nodes: readonly ResolvedNode[]): boolean {
  if (nodes.length !== model.nodes.length) return false;
  const all = nodeSetOf(model.nodes);
  const seen = new Set<ResolvedNode>();
  for (const n of nodes) {
    if (!all.has(n) || seen.has(n)) return false;
    seen.add(n);
  }
  return true;
}
