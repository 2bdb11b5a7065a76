import type { Loc } from '../../core/types';
import { noteRead } from '../../core/memo';
import type { ConfFileFacts, ConfKind, ParamFact, PyValueType } from '../../parsing/yaml/confFacts';
import { kindMatcher } from '../confPatterns';
import type { ConfFileRef } from '../layout';
import { alwaysAtLeast, alwaysBelow, type VersionRange } from '../versions';
import { unknown, type Val } from './values';

// A Kedro config loader that the project's own code makes (`OmegaConfigLoader(conf_source="conf")["parameters"]` in
// register_pipelines(), a module-level `ConfigLoader(settings.CONF_SOURCE)`), read as Kedro would load it: only when it
// reads the project's own conf folder with the default patterns, and values only where the YAML alone decides them.

export type ConfFile = ConfFileFacts & { readonly ref: ConfFileRef };

/** What the evaluator may read of the project's configuration. */
export interface ConfAccess {
  readonly rootUri: string;
  /** settings.CONF_SOURCE as the analysis reads it, relative to the root (the folder `files` come from). */
  readonly confSource: string;
  readonly kedro: VersionRange;
  readonly files: readonly ConfFile[];
}

export type LoaderClass = 'OmegaConfigLoader' | 'ConfigLoader' | 'TemplatedConfigLoader';

export interface LoaderSpec {
  readonly cls: LoaderClass;
  readonly baseEnv: string;
  readonly runEnv: string;
}

// Readers of what a loader read (core/memo.ts): a conf file's facts by URI, and which conf files exist. A call that
// read them is reused while they answer the same (the state is the evaluator's, or a model: both have `confFiles`).
type ConfState = { readonly confFiles?: readonly ConfFile[] };
export const confFileReader = (state: object, uri: string): unknown => (state as ConfState).confFiles?.find((f) => f.uri === uri);
export const confListReader = (state: object): unknown => listing((state as ConfState).confFiles ?? []);
const listing = (files: readonly ConfFile[]): string =>
  files
    .map((f) => `${f.uri}|${f.kind}`)
    .sort()
    .join('\n');
export const CONF_READERS = [confFileReader, confListReader] as const;

/** The Kedro config loader an imported name is, if any (kedro.config and its modules). */
export function loaderClass(module: string, name: string | undefined): LoaderClass | undefined {
  if (module !== 'kedro.config' && !module.startsWith('kedro.config.')) return undefined;
  return name === 'OmegaConfigLoader' || name === 'ConfigLoader' || name === 'TemplatedConfigLoader' ? name : undefined;
}

/** `a/./b/../c` → `a/c`; undefined for an absolute path or one leaving its start. */
function normal(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('~')) return undefined;
  const out: string[] = [];
  for (const seg of path.split(/[\\/]/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

const str = (v: Val | undefined): string | undefined => (v?.kind === 'str' ? v.value : undefined);
const absent = (v: Val | undefined): boolean => !v || v.kind === 'none';

/**
 * The loader `cls(*args, **kwargs)` makes, or unknown. `settingsSource`: conf_source is settings.CONF_SOURCE, the
 * folder the session reads too. A relative literal is taken from the project root (where `kedro run` runs).
 * Constructors (0.18.11 to 1.5): OmegaConfigLoader(conf_source, env, runtime_params, *, config_patterns, base_env,
 * default_run_env, custom_resolvers, merge_strategy); ConfigLoader and TemplatedConfigLoader (before 0.19)
 * (conf_source, env, runtime_params, config_patterns, *, base_env="base", default_run_env="local", ...).
 */
export function makeLoader(cls: LoaderClass, access: ConfAccess | undefined, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, settingsSource: boolean, loc: Loc): Val {
  if (!access) return unknown(loc, `${cls}(...)`);
  const source = kwargs.get('conf_source') ?? args[0];
  const sourcePath = str(source);
  const own = settingsSource || (sourcePath !== undefined && normal(sourcePath) === normal(access.confSource));
  if (!own) return unknown(loc, `${cls}(...) (a conf_source other than the project's conf folder)`);
  const env = kwargs.get('env') ?? args[1];
  const extra = ['runtime_params', 'config_patterns', 'merge_strategy', 'globals_pattern', 'globals_dict'].find((k) => !absent(kwargs.get(k)));
  if (extra || args.length > 2 || (env && !absent(env) && env.kind !== 'str')) return unknown(loc, `${cls}(...) (${extra ?? 'its arguments'})`);
  const omega = cls === 'OmegaConfigLoader';
  // 0.19 took ConfigLoader and TemplatedConfigLoader out and made OmegaConfigLoader's own defaults '' (the conf folder
  // itself, no run env); before, every loader defaulted to base and local.
  if (!omega && !alwaysBelow(access.kedro, '0.19.0') && alwaysAtLeast(access.kedro, '0.19.0')) return unknown(loc, `${cls} (not in Kedro 0.19 and later)`);
  const defaults = !omega || alwaysBelow(access.kedro, '0.19.0') ? ['base', 'local'] : alwaysAtLeast(access.kedro, '0.19.0') ? ['', ''] : undefined;
  const pick = (name: string, i: 0 | 1): string | undefined => {
    const v = kwargs.get(name);
    if (v?.kind === 'str') return v.value;
    if (!v) return defaults?.[i];
    return v.kind === 'none' && omega && alwaysAtLeast(access.kedro, '0.19.0') ? '' : undefined;
  };
  const baseEnv = pick('base_env', 0);
  const runDefault = pick('default_run_env', 1);
  if (baseEnv === undefined || runDefault === undefined) return unknown(loc, `${cls}(...) (its environments differ between Kedro releases)`);
  return { kind: 'confLoader', loader: { cls, baseEnv, runEnv: str(env) ?? runDefault } };
}

/** The files one pass of `spec` over `env` reads for `kind`, with the default patterns (from the conf folder for ''). */
function passFiles(access: ConfAccess, kind: Exclude<ConfKind, 'other'>, env: string, skip: ReadonlySet<ConfFile> | undefined): ConfFile[] {
  const matches = kindMatcher(kind);
  return access.files.filter((f) => {
    const rel = env ? (f.ref.env === env ? f.ref.relPath : undefined) : f.ref.env ? `${f.ref.env}/${f.ref.relPath}` : f.ref.relPath;
    return rel !== undefined && matches(rel) && !skip?.has(f);
  });
}

type Pass = { readonly env: string; readonly files: readonly ConfFile[] };

function passes(spec: LoaderSpec, access: ConfAccess, kind: 'parameters' | 'globals'): Pass[] {
  const base = { env: spec.baseEnv, files: passFiles(access, kind, spec.baseEnv, undefined) };
  if (spec.runEnv === spec.baseEnv) return [base];
  // ConfigLoader and TemplatedConfigLoader skip a file an earlier pass read (a pass over the conf folder itself).
  const skip = spec.cls === 'OmegaConfigLoader' ? undefined : new Set(base.files);
  return [base, { env: spec.runEnv, files: passFiles(access, kind, spec.runEnv, skip) }];
}

/** One file's parameter facts by dotted path (parameters files, and globals files for OmegaConfigLoader). */
type FileParams = { readonly file: ConfFile; readonly byPath: ReadonlyMap<string, ParamFact> };

/** Where a top-level key's value comes from: its file, and the keys of its pass (what `${a.b}` resolves against). */
type Source = { readonly fp: FileParams; readonly pass: ReadonlyMap<string, Source> };

/** The top-level keys of the passes, merged as Kedro merges them; a string when they cannot be read statically. */
function mergedTop(ps: readonly Pass[], kind: ConfKind, omega: boolean): Map<string, Source> | string {
  const top = new Map<string, Source>();
  for (const pass of ps) {
    const inPass = new Map<string, Source>();
    for (const file of pass.files) {
      noteRead(confFileReader, file.uri, file);
      const name = `${file.ref.env ? `${file.ref.env}/` : ''}${file.ref.relPath}`;
      // Facts of another kind (the project's patterns took the file as something else), an unread or broken file.
      if (file.kind !== kind || file.unread || file.problems.some((p) => p.severity === 'error')) return `${name} is not read as ${kind} here`;
      if (file.duplicateKeys.length) return `${name} defines a key twice`;
      const fp: FileParams = { file, byPath: new Map(file.params.map((p) => [p.path, p])) };
      for (const { value: k } of file.topKeys) {
        // ConfigLoader drops top-level keys starting with '_'; OmegaConfigLoader keeps them in parameters.
        if (!omega && k.startsWith('_')) continue;
        // Two files of one pass defining a key: Kedro raises (OmegaConfigLoader deep-merges disjoint sub-keys; not modelled).
        if (inPass.has(k)) return `'${k}' is in two files of ${pass.env ? `conf/${pass.env}` : 'the conf folder'}`;
        inPass.set(k, { fp, pass: inPass });
      }
    }
    // A later pass replaces whole top-level keys (destructive merge; ConfigLoader's dict.update).
    for (const [k, src] of inPass) top.set(k, src);
  }
  return top;
}

const WHOLE = /^\$\{([^${}]*)\}$/;
const REFERENCE = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/;
const GLOBALS = /^globals:\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*$/;

/** Reads values out of the merged facts of one load. */
class ConfValues {
  private depth = 0;
  private globals: Map<string, Source> | string | undefined;

  constructor(
    private readonly spec: LoaderSpec,
    private readonly access: ConfAccess,
    private readonly loc: Loc,
  ) {}

  /** `subject` (a parameter, or all of them) as not known, and why. */
  private unknown(subject: string, why?: string): Val {
    return unknown(this.loc, `${subject} read by ${this.spec.cls}${why ? ` (${why})` : ''}`);
  }

  /** The value at `path` of one file, as the loader gives it; `pass` resolves OmegaConf's `${a.b}` references. */
  value(fp: FileParams, path: string, pass: ReadonlyMap<string, Source>): Val {
    const fact = fp.byPath.get(path);
    const subject = `parameter '${path}'`;
    if (!fact) return this.unknown(subject, 'not found');
    switch (fact.type) {
      case 'dict': {
        const keys = fact.keys ?? [];
        if (keys.some((k) => k.includes('.'))) return this.unknown(subject, 'a key with a dot');
        const types = fact.keyTypes;
        if (types?.some((t) => t !== 'str' && t !== 'int')) return this.unknown(subject, 'a key that is not a str or int');
        const entries = keys.map((k) => [k, this.value(fp, `${path}.${k}`, pass), undefined] as const);
        if (!types) return { kind: 'dict', entries };
        return { kind: 'dict', entries, keyVals: keys.map((k, i): Val => (types[i] === 'int' ? this.scalar('int', k, `${path}.${k}`, pass) : { kind: 'str', value: k, literal: false })) };
      }
      case 'list': {
        const types = fact.itemTypes ?? [];
        const texts = fact.itemTexts;
        return { kind: 'list', items: types.map((t, i) => (texts?.[i] !== undefined ? this.scalar(t, texts[i] as string, `${path}[${i}]`, pass) : this.unknown(`parameter '${path}[${i}]'`))) };
      }
      default:
        if (fact.timestamp && this.spec.cls !== 'OmegaConfigLoader') return this.unknown(subject, 'a date');
        // Previews of strings stop at 80 characters.
        if (fact.type === 'str' && (fact.preview === undefined || fact.preview.length >= 80)) return this.unknown(subject, 'a long string');
        return this.scalar(fact.type, fact.preview ?? '', path, pass);
    }
  }

  private scalar(type: PyValueType, text: string, path: string, pass: ReadonlyMap<string, Source>): Val {
    switch (type) {
      case 'None':
        return { kind: 'none' };
      case 'bool':
        return { kind: 'bool', value: text === 'true' };
      case 'int': {
        const n = Number(text);
        return Number.isSafeInteger(n) ? { kind: 'num', value: n } : this.unknown(`parameter '${path}'`, 'a large int');
      }
      case 'float': {
        // A float with an integral value prints as `1.0` in Python: a number here does not keep that apart.
        const n = Number(text);
        return Number.isFinite(n) && !Number.isInteger(n) ? { kind: 'num', value: n } : this.unknown(`parameter '${path}'`, 'a float with an integral value');
      }
      case 'str':
        return text.includes('${') ? this.interpolated(text, path, pass) : { kind: 'str', value: text, literal: false };
      default:
        return this.unknown(`parameter '${path}'`);
    }
  }

  /**
   * `${...}`: ConfigLoader keeps it as text; OmegaConfigLoader resolves a whole `${a.b}` in the same environment's
   * parameters and `${globals:a.b}` from globals.yml. Resolvers, runtime params, defaults and text around it: unknown.
   */
  private interpolated(text: string, path: string, pass: ReadonlyMap<string, Source>): Val {
    if (this.spec.cls === 'ConfigLoader') return { kind: 'str', value: text, literal: false };
    const inner = this.spec.cls === 'OmegaConfigLoader' ? WHOLE.exec(text)?.[1]?.trim() : undefined;
    const subject = `parameter '${path}'`;
    if (!inner || this.depth > 8) return this.unknown(subject, text);
    this.depth++;
    try {
      const g = GLOBALS.exec(inner)?.[1];
      if (g) return this.lookup(g, this.globalsTop());
      if (REFERENCE.test(inner)) return this.lookup(inner, pass);
      return this.unknown(subject, text);
    } finally {
      this.depth--;
    }
  }

  private lookup(path: string, top: ReadonlyMap<string, Source> | string): Val {
    if (typeof top === 'string') return this.unknown(`'${path}'`, top);
    const owner = top.get(path.split('.')[0] as string);
    return owner ? this.value(owner.fp, path, owner.pass) : this.unknown(`parameter '${path}'`, 'not found');
  }

  /** globals.yml of the base and run environments (OmegaConfigLoader reads it on construction). */
  private globalsTop(): ReadonlyMap<string, Source> | string {
    this.globals ??= mergedTop(passes(this.spec, this.access, 'globals'), 'globals', true);
    return this.globals;
  }

  /** The merged parameters, each top-level key resolved in its own environment's files. */
  parameters(): Val {
    const ps = passes(this.spec, this.access, 'parameters');
    if (!ps.some((p) => p.files.length)) return this.unknown('parameters', 'no parameters files: Kedro raises');
    const top = mergedTop(ps, 'parameters', this.spec.cls === 'OmegaConfigLoader');
    if (typeof top === 'string') return this.unknown('parameters', top);
    return { kind: 'dict', entries: [...top].map(([k, src]) => [k, this.value(src.fp, k, src.pass), undefined] as const) };
  }
}

/** `loader[key]` (and OmegaConfigLoader's `.get(key)`): the parameters as the loader merges them; anything else unknown. */
export function loaderRead(spec: LoaderSpec, key: string, access: ConfAccess | undefined, loc: Loc): Val {
  if (!access) return unknown(loc, `${spec.cls}["${key}"]`);
  noteRead(confListReader, '', listing(access.files));
  if (key !== 'parameters') return unknown(loc, `${spec.cls}["${key}"] (only the parameters are read statically)`);
  return new ConfValues(spec, access, loc).parameters();
}
