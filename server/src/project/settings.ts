import type { Loc } from '../core/types';
import type { ClassFact, FunctionFact } from '../parsing/python/facts';
import type { Expr } from '../parsing/python/ir';
import { DEFAULT_CONFIG_PATTERNS } from './confPatterns';
import { ZERO, type Val } from './pipelines/values';
import { PipelineEvaluator } from './pipelines/evaluator';
import { resolveSymbol, type ModuleInfo, type PythonIndex } from './pythonIndex';
import { alwaysAtLeast, alwaysBelow, ANY_VERSION, type VersionRange } from './versions';

export interface HookEntry {
  /** As written in HOOKS (`MLflowHooks()`, `MyHooks`). */
  readonly text: string;
  readonly loc: Loc;
  /** `MyHooks` without `()`: Kedro raises "hooks to be registered as instances". */
  readonly isClass: boolean;
  readonly cls?: { readonly module: ModuleInfo; readonly fact: ClassFact };
}

/** A hook implementation's decorator: `@hook_impl` or `@x.hook_impl`, with or without arguments. */
export const isHookImpl = (decorator: string): boolean => /(^|\.)hook_impl(\(|$)/.test(decorator);

/** The `@hook_impl` method `name` of a hook registered as an instance (a class in HOOKS is an error Kedro raises). */
export function registeredHookMethod(h: HookEntry, name: string): FunctionFact | undefined {
  return h.cls && !h.isClass ? h.cls.fact.methods.find((m) => m.name === name && m.decorators.some(isHookImpl)) : undefined;
}

/** `settings.py`, read statically: only literal values count, anything else keeps Kedro's default. */
export interface ProjectSettings {
  readonly uri?: string;
  readonly confSource: string;
  readonly baseEnv: string;
  readonly defaultRunEnv: string;
  /** CONFIG_LOADER_ARGS or its default_run_env is not a literal: `defaultRunEnv` is Kedro's default, a guess. */
  readonly defaultRunEnvUnread?: true;
  readonly configPatterns: Readonly<Record<string, readonly string[]>>;
  readonly mergeStrategy: Readonly<Record<string, 'soft' | 'destructive'>>;
  /** Resolver names registered in CONFIG_LOADER_ARGS["custom_resolvers"]; undefined when not a literal. */
  readonly customResolvers: readonly string[] | undefined;
  /** CONFIG_LOADER_ARGS is a literal dict that lacks base_env/default_run_env on a Kedro ≥ 0.19 (then empty strings). */
  readonly loaderArgsLackEnvKeys?: Loc;
  /** Which of the two keys CONFIG_LOADER_ARGS lacks, when loaderArgsLackEnvKeys is set. */
  readonly loaderArgsMissing?: readonly ('base_env' | 'default_run_env')[];
  /** Which of the two keys CONFIG_LOADER_ARGS sets to '' (any release: the same empty string), with loaderArgsLackEnvKeys. */
  readonly loaderArgsEmpty?: readonly ('base_env' | 'default_run_env')[];
  readonly hooks: readonly HookEntry[];
  readonly disableHooksForPlugins: readonly string[];
  /**
   * CONFIG_LOADER_CLASS resolved through imports: a Kedro loader by class name, `custom` for any other class (or an
   * unreadable value), undefined when not set (Kedro's default for the project's release applies).
   */
  readonly configLoader?: ConfigLoaderClass;
  /**
   * DATA_CATALOG_CLASS: the class's `__name__` when known (`kedro`: it is Kedro's own DataCatalog, which 1.x composes
   * with its CLI mixin), `unknown` when set to something not read here; undefined when not set.
   */
  readonly catalogClass?: { readonly name: string; readonly kedro: boolean } | 'unknown';
  /**
   * TemplatedConfigLoader's formatting dictionary, as the project builds it (0.18's CONFIG_LOADER_ARGS, or the loader a
   * 0.17 `register_config_loader` hook returns): `globals_pattern`, and `globals_dict` flattened (`a.b` → its scalar's
   * text and type, a mapping's path → `{type: 'dict'}`, a value not read here → `{}`); `dict` undefined when even its
   * keys are not known (not a dict literal).
   */
  readonly templatedGlobals?: { readonly pattern?: string; readonly dict?: ReadonlyMap<string, TemplateDictValue> };
  /** Where that `globals_pattern` is written (kept apart: templatedGlobals is part of a cache key). */
  readonly globalsPatternLoc?: Loc;
  /** The keys of a literal CONFIG_LOADER_ARGS dict, where they are written. */
  readonly loaderArgKeys?: readonly { readonly name: string; readonly loc: Loc }[];
}

/** One key of a literal `globals_dict`: its scalar's text as Python's str() writes it, and its type when that is sure. */
export interface TemplateDictValue {
  readonly text?: string;
  readonly type?: 'str' | 'bool' | 'dict';
}

export type ConfigLoaderClass = 'OmegaConfigLoader' | 'ConfigLoader' | 'TemplatedConfigLoader' | 'custom';
const KEDRO_LOADERS: readonly string[] = ['OmegaConfigLoader', 'ConfigLoader', 'TemplatedConfigLoader'];

export const DEFAULT_SETTINGS: ProjectSettings = {
  confSource: 'conf',
  baseEnv: 'base',
  defaultRunEnv: 'local',
  configPatterns: DEFAULT_CONFIG_PATTERNS,
  mergeStrategy: {},
  customResolvers: [],
  hooks: [],
  disableHooksForPlugins: [],
};

const str = (v: Val | undefined): string | undefined => (v?.kind === 'str' ? v.value : undefined);
const entry = (v: Val, key: string): Val | undefined => (v.kind === 'dict' && !v.open && !v.keyVals ? v.entries.find(([k]) => k === key)?.[1] : undefined);

export function readSettings(index: PythonIndex, packageName: string | undefined, kedro: VersionRange = ANY_VERSION): ProjectSettings {
  const mod = packageName ? index.module(`${packageName}.settings`) : undefined;
  if (!mod || !packageName) return DEFAULT_SETTINGS;
  const ev = new PipelineEvaluator(index, packageName, []);
  // A dict whose keys are not all known (changed in a loop) is read as a value not known.
  const whole = (v: Val): Val => (v.kind === 'dict' && (v.open || v.keyVals) ? { kind: 'unknown', why: v.open ?? { loc: { uri: mod.uri, span: ZERO }, what: 'dict' } } : v);
  const read = (name: string): Val | undefined =>
    mod.facts.statements.some((s) => s.type === 'assign' && s.targets.some((t) => t.type === 'name' && t.id === name)) ? whole(ev.moduleValue(mod, name)) : undefined;

  const confSource = str(read('CONF_SOURCE')) ?? DEFAULT_SETTINGS.confSource;
  const args = read('CONFIG_LOADER_ARGS');
  let baseEnv = DEFAULT_SETTINGS.baseEnv;
  let defaultRunEnv = DEFAULT_SETTINGS.defaultRunEnv;
  // Assigned something that is not a dict literal (a function call, a variable of another module): unknown.
  let defaultRunEnvUnread: true | undefined = args !== undefined && args.kind !== 'dict' ? true : undefined;
  let loaderArgsLackEnvKeys: Loc | undefined;
  let loaderArgsMissing: ('base_env' | 'default_run_env')[] | undefined;
  let loaderArgsEmpty: ('base_env' | 'default_run_env')[] | undefined;
  const configPatterns: Record<string, readonly string[]> = { ...DEFAULT_CONFIG_PATTERNS };
  const mergeStrategy: Record<string, 'soft' | 'destructive'> = {};
  let customResolvers: string[] | undefined = [];
  let loaderArgKeys: { name: string; loc: Loc }[] | undefined;
  let globalsPatternLoc: Loc | undefined;
  if (args?.kind === 'dict') {
    loaderArgKeys = args.entries.flatMap(([name, , loc]) => (loc ? [{ name, loc }] : []));
    const be = entry(args, 'base_env');
    const de = entry(args, 'default_run_env');
    // From 0.19 Kedro replaces its default dict wholesale: missing keys become '' (conf root as base, no run env
    // overlay). The 0.18 loaders default to base/local in their constructors; a range spanning both keeps base/local
    // and stays quiet (KL903) rather than guess.
    const emptyDefaults = alwaysAtLeast(kedro, '0.19.0');
    baseEnv = be ? (str(be) ?? baseEnv) : emptyDefaults ? '' : baseEnv;
    defaultRunEnv = de ? (str(de) ?? defaultRunEnv) : emptyDefaults ? '' : defaultRunEnv;
    if (de && str(de) === undefined) defaultRunEnvUnread = true;
    const missing = emptyDefaults ? [...(be ? [] : ['base_env' as const]), ...(de ? [] : ['default_run_env' as const])] : [];
    const empty = [...(be && str(be) === '' ? ['base_env' as const] : []), ...(de && str(de) === '' ? ['default_run_env' as const] : [])];
    if (missing.length || empty.length) {
      const s = mod.facts.statements.find((x) => x.type === 'assign' && x.targets.some((t) => t.type === 'name' && t.id === 'CONFIG_LOADER_ARGS'));
      if (s) loaderArgsLackEnvKeys = { uri: mod.uri, span: s.span };
      if (missing.length) loaderArgsMissing = missing;
      if (empty.length) loaderArgsEmpty = empty;
    }
    const patterns = entry(args, 'config_patterns');
    if (patterns?.kind === 'dict') {
      for (const [k, v] of patterns.entries) {
        if (v.kind === 'list' && v.items.every((i) => i.kind === 'str')) configPatterns[k] = v.items.map((i) => (i as Extract<Val, { kind: 'str' }>).value);
      }
    }
    const merge = entry(args, 'merge_strategy');
    if (merge?.kind === 'dict') for (const [k, v] of merge.entries) if (str(v) === 'soft' || str(v) === 'destructive') mergeStrategy[k] = str(v) as 'soft' | 'destructive';
    // A strategy not written as a literal counts as soft for parameters: the merge that keeps every key, so no
    // parameter is called missing on a guess.
    const paramsMerge = merge?.kind === 'dict' ? merge.entries.find(([k]) => k === 'parameters')?.[1] : merge;
    if (paramsMerge && str(paramsMerge) !== 'soft' && str(paramsMerge) !== 'destructive') mergeStrategy['parameters'] = 'soft';
    const resolvers = entry(args, 'custom_resolvers');
    customResolvers = !resolvers ? [] : resolvers.kind === 'dict' ? resolvers.entries.map(([k]) => k) : undefined;
  }

  const hooks: HookEntry[] = [];
  const hooksStmt = mod.facts.statements.find((x) => x.type === 'assign' && x.targets.some((t) => t.type === 'name' && t.id === 'HOOKS'));
  if (hooksStmt?.type === 'assign' && (hooksStmt.value.type === 'tuple' || hooksStmt.value.type === 'list')) {
    for (const item of hooksStmt.value.items) {
      const isCall = item.type === 'call';
      const callee = isCall ? item.fn : item;
      const name = callee.type === 'name' ? callee.id : undefined;
      const sym = name ? resolveSymbol(index, mod, name) : undefined;
      hooks.push({
        text: 'text' in item ? String(item.text) : name ? (isCall ? `${name}()` : name) : 'hook',
        loc: { uri: mod.uri, span: item.span },
        isClass: !isCall && sym?.kind === 'class',
        ...(sym?.kind === 'class' ? { cls: { module: sym.module, fact: sym.cls } } : {}),
      });
    }
  }
  let configLoader = readLoaderClass(index, mod);
  let templatedGlobals: ProjectSettings['templatedGlobals'];
  if (configLoader === 'TemplatedConfigLoader' && args?.kind === 'dict') {
    const patternVal = entry(args, 'globals_pattern');
    const pattern = str(patternVal);
    const dict = entry(args, 'globals_dict');
    // A pattern not written as a literal reads files not known here: the dictionary's keys are not all known either.
    const known = !patternVal || patternVal.kind === 'none' || pattern !== undefined;
    const dictPart = !known ? {} : !dict || dict.kind === 'none' ? { dict: new Map<string, TemplateDictValue>() } : dict.kind === 'dict' ? flatValDict(dict) : {};
    templatedGlobals = { ...(pattern ? { pattern } : {}), ...dictPart };
    if (pattern && patternVal?.kind === 'str' && patternVal.loc) globalsPatternLoc = patternVal.loc;
  } else if (configLoader === 'TemplatedConfigLoader' && !args) templatedGlobals = { dict: new Map() };
  // Kedro 0.17 takes its loader from a `register_config_loader` hook (settings.py has no CONFIG_LOADER_CLASS yet).
  if (!configLoader && alwaysBelow(kedro, '0.18.0')) {
    const fromHook = hookConfigLoader(index, hooks);
    if (fromHook) {
      configLoader = fromHook.loader;
      templatedGlobals = fromHook.globals;
      globalsPatternLoc = fromHook.patternLoc;
    }
  }
  if (templatedGlobals?.pattern) configPatterns['globals'] = [templatedGlobals.pattern];
  const catalogClass = readCatalogClass(index, mod);
  const disable = read('DISABLE_HOOKS_FOR_PLUGINS');
  const disableHooksForPlugins = disable?.kind === 'list' ? disable.items.flatMap((i) => (i.kind === 'str' ? [i.value] : [])) : [];

  return {
    uri: mod.uri,
    confSource,
    baseEnv,
    defaultRunEnv,
    ...(defaultRunEnvUnread ? { defaultRunEnvUnread } : {}),
    configPatterns,
    mergeStrategy,
    customResolvers,
    ...(loaderArgsLackEnvKeys ? { loaderArgsLackEnvKeys, ...(loaderArgsMissing ? { loaderArgsMissing } : {}), ...(loaderArgsEmpty ? { loaderArgsEmpty } : {}) } : {}),
    hooks,
    disableHooksForPlugins,
    ...(configLoader ? { configLoader } : {}),
    ...(catalogClass ? { catalogClass } : {}),
    ...(templatedGlobals ? { templatedGlobals } : {}),
    ...(globalsPatternLoc ? { globalsPatternLoc } : {}),
    ...(loaderArgKeys ? { loaderArgKeys } : {}),
  };
}

/**
 * A literal `globals_dict` flattened (nested paths joined by `.`): a literal scalar's text as Python's str() writes it
 * and its type, a value not read here as `{}` (its key is still known to replace the files' one).
 */
function flatValDict(v: Extract<Val, { kind: 'dict' }>): { dict: ReadonlyMap<string, TemplateDictValue> } {
  const out = new Map<string, TemplateDictValue>();
  const walk = (d: Extract<Val, { kind: 'dict' }>, prefix: string): void => {
    for (const [k, x] of d.entries) {
      const path = prefix + k;
      // A number's int or float is not kept by the evaluator: its text only.
      if (x.kind === 'dict') {
        out.set(path, { type: 'dict' });
        walk(x, `${path}.`);
      } else if (x.kind === 'str') out.set(path, { text: x.value, type: 'str' });
      else if (x.kind === 'num') out.set(path, { text: String(x.value) });
      else if (x.kind === 'bool') out.set(path, { text: x.value ? 'True' : 'False', type: 'bool' });
      else out.set(path, {});
    }
  };
  walk(v, '');
  return { dict: out };
}

/** A literal expression as a Val for flatValDict (strings, numbers, booleans, dicts of them); undefined otherwise. */
function literalVal(e: Expr): Val | undefined {
  if (e.type === 'str') return { kind: 'str', value: e.value, literal: true };
  if (e.type === 'num') return { kind: 'num', value: e.value };
  if (e.type === 'bool') return { kind: 'bool', value: e.value };
  if (e.type !== 'dict') return undefined;
  const entries: [string, Val, undefined][] = [];
  for (const { key, value } of e.entries) {
    if (key.type !== 'str') return undefined;
    // A value not written as a literal: its key is known, its value not (flatValDict keeps None as unknown too).
    entries.push([key.value, literalVal(value) ?? { kind: 'none' }, undefined]);
  }
  return { kind: 'dict', entries };
}

/**
 * The loader a registered hook's `register_config_loader` returns (Kedro 0.17): `return TemplatedConfigLoader(conf_paths,
 * globals_pattern=..., globals_dict=...)` read from its literal keywords, `return ConfigLoader(...)`, and `custom` for any
 * other return (a variable, another class: not known here); undefined when no registered hook implements it.
 */
function hookConfigLoader(index: PythonIndex, hooks: readonly HookEntry[]): { loader: ConfigLoaderClass; globals?: ProjectSettings['templatedGlobals']; patternLoc?: Loc } | undefined {
  for (const h of hooks) {
    const fn = registeredHookMethod(h, 'register_config_loader');
    if (!h.cls || !fn) continue;
    const returns = (fn.body ?? []).filter((st) => st.type === 'return');
    const ret = returns.length === 1 ? returns[0] : undefined;
    const call = ret?.type === 'return' && ret.value?.type === 'call' ? ret.value : undefined;
    if (!call || call.fn.type !== 'name') return { loader: 'custom' };
    const sym = resolveSymbol(index, h.cls.module, call.fn.id);
    const name = sym?.kind === 'external' && /^kedro\.config(?:\.|$)/.test(sym.module) ? sym.name : undefined;
    if (name === 'ConfigLoader') return { loader: 'ConfigLoader' };
    if (name !== 'TemplatedConfigLoader') return { loader: 'custom' };
    if (call.splat || call.kwargs.some((k) => k.name === undefined)) return { loader: 'TemplatedConfigLoader', globals: {} };
    const kw = (name: string): Expr | undefined => call.kwargs.find((k) => k.name === name)?.value;
    const pattern = kw('globals_pattern');
    const dictExpr = kw('globals_dict');
    const dict = dictExpr ? literalVal(dictExpr) : { kind: 'dict' as const, entries: [] };
    const known = !pattern || pattern.type === 'none' || pattern.type === 'str';
    return {
      loader: 'TemplatedConfigLoader',
      ...(pattern?.type === 'str' ? { patternLoc: { uri: h.cls.module.uri, span: pattern.contentSpan } } : {}),
      globals: {
        ...(pattern?.type === 'str' ? { pattern: pattern.value } : {}),
        ...(!known ? {} : dictExpr?.type === 'none' ? { dict: new Map() } : dict?.kind === 'dict' ? flatValDict(dict) : {}),
      },
    };
  }
  return undefined;
}

/** `CONFIG_LOADER_CLASS = OmegaConfigLoader` (imported from kedro.config, possibly re-exported) or `kedro.config.X`. */
function readLoaderClass(index: PythonIndex, mod: ModuleInfo): ConfigLoaderClass | undefined {
  const cls = settingClass(index, mod, 'CONFIG_LOADER_CLASS');
  if (!cls) return undefined;
  const external = cls.kind === 'external' ? cls : undefined;
  const name = external?.name;
  return external && /^kedro\.config(?:\.|$)/.test(external.module) && name && KEDRO_LOADERS.includes(name) ? (name as ConfigLoaderClass) : 'custom';
}

/** DATA_CATALOG_CLASS: a class of the project, or one of kedro.io (whose names are their `__name__`); else unknown. */
function readCatalogClass(index: PythonIndex, mod: ModuleInfo): ProjectSettings['catalogClass'] {
  const cls = settingClass(index, mod, 'DATA_CATALOG_CLASS');
  if (!cls) return undefined;
  if (cls.kind === 'project') return { name: cls.name, kedro: false };
  // Another package's class may be re-exported under another name than its __name__: not guessed.
  if (cls.kind !== 'external' || !cls.name || !/^kedro\.io(?:\.|$)/.test(cls.module)) return 'unknown';
  return { name: cls.name, kedro: cls.name === 'DataCatalog' };
}

/** The class a top-level `NAME = ...` of settings.py names: a project class, an import, or `other`; undefined when not set. */
function settingClass(index: PythonIndex, mod: ModuleInfo, setting: string): { kind: 'project'; name: string } | { kind: 'external'; module: string; name: string | undefined } | { kind: 'other' } | undefined {
  const stmt = mod.facts.statements.findLast((x) => x.type === 'assign' && x.targets.some((t) => t.type === 'name' && t.id === setting));
  if (stmt?.type !== 'assign') return undefined;
  const v = stmt.value;
  let external: { module: string; name: string | undefined } | undefined;
  if (v.type === 'name') {
    const sym = resolveSymbol(index, mod, v.id);
    if (sym?.kind === 'external') external = sym;
    if (sym?.kind === 'class') return { kind: 'project', name: sym.cls.name };
  } else if (v.type === 'attr') {
    // `kedro.config.OmegaConfigLoader` after `import kedro.config`.
    const path: string[] = [v.attr];
    let o = v.obj;
    while (o.type === 'attr') {
      path.unshift(o.attr);
      o = o.obj;
    }
    if (o.type === 'name') {
      const root = o.id;
      const imp = mod.facts.imports.findLast((i) => i.local === root);
      const base = imp ? (imp.name ? `${imp.module}.${imp.name}` : imp.module) : root;
      external = { module: [base, ...path.slice(0, -1)].join('.'), name: v.attr };
    }
  }
  return external ? { kind: 'external', ...external } : { kind: 'other' };
}

/**
 * The config loaders the project may run with: CONFIG_LOADER_CLASS when set, else Kedro's default for every release of
 * the project's range (ConfigLoader before 0.19.0, OmegaConfigLoader from 0.19.0).
 */
export function possibleConfigLoaders(settings: ProjectSettings, kedro: VersionRange): readonly ConfigLoaderClass[] {
  if (settings.configLoader) return [settings.configLoader];
  if (alwaysAtLeast(kedro, '0.19.0')) return ['OmegaConfigLoader'];
  if (alwaysBelow(kedro, '0.19.0')) return ['ConfigLoader'];
  return ['ConfigLoader', 'OmegaConfigLoader'];
}
