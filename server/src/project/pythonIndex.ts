import type { FunctionFact, ClassFact, ImportFact, PyModuleFacts } from '../parsing/python/facts';
import { relativeUri } from '../core/uri';
import { memoOn, noteRead } from '../core/memo';

export interface ModuleInfo {
  /** Dotted module name (`spaceflights.pipelines.data_science.nodes`). */
  readonly name: string;
  readonly uri: string;
  /** True for `__init__.py`: relative imports resolve against the module itself. */
  readonly isPackage: boolean;
  readonly facts: PyModuleFacts;
}

/** Re-reads what `module(name)` recorded: the facts of that module in a model's index. */
export const moduleFactsReader = (model: object, name: string): unknown => (model as { readonly python: PythonIndex }).python.byName.get(name)?.facts;

/** Module lookups that record what they read (all a node check may use of the index). */
export interface ModuleLookup {
  module(name: string): ModuleInfo | undefined;
  /** Absolute module name of an import as written in `from`, relative to `from` module. */
  absoluteModule(from: ModuleInfo, module: string): string;
}

/** Dotted names ↔ files of one project's package, for import resolution that never leaves the project. */
export class PythonIndex implements ModuleLookup {
  /** Read by `moduleFactsReader` too. */
  readonly byName = new Map<string, ModuleInfo>();
  private readonly byUri = new Map<string, ModuleInfo>();

  /**
   * `extraRoots`: further folders on sys.path (sysPathFolders): their modules are importable by names relative to
   * them too, after source_dir's (a name source_dir already gives keeps its module, as sys.path is searched in order).
   */
  constructor(packageParentUri: string | undefined, modules: readonly PyModuleFacts[], extraRoots: readonly string[] = []) {
    if (!packageParentUri) return;
    for (const [i, root] of [packageParentUri, ...extraRoots].entries()) {
      for (const facts of modules) {
        const rel = relativeUri(root, facts.uri);
        if (rel === undefined || !rel.endsWith('.py')) continue;
        const parts = rel.slice(0, -3).split('/');
        const isPackage = parts[parts.length - 1] === '__init__';
        if (isPackage) parts.pop();
        // Not only identifiers: importlib.import_module() (find_pipelines()) imports `pipelines/01_clean/` too.
        if (parts.length === 0 || parts.some((p) => !/^[\w-]+$/.test(p))) continue;
        const info: ModuleInfo = { name: parts.join('.'), uri: facts.uri, isPackage, facts };
        if (i > 0 && this.byName.has(info.name)) continue;
        this.byName.set(info.name, info);
        // A file's own name is the one source_dir gives it.
        if (i === 0) this.byUri.set(facts.uri, info);
      }
    }
  }

  module(name: string): ModuleInfo | undefined {
    const info = this.byName.get(name);
    // Cached analysis results that looked a module up stay valid while it resolves to the same facts.
    noteRead(moduleFactsReader, name, info?.facts);
    return info;
  }

  moduleAt(uri: string): ModuleInfo | undefined {
    return this.byUri.get(uri);
  }

  get modules(): Iterable<ModuleInfo> {
    return this.byName.values();
  }

  /** Absolute module name of an import as written in `from`, relative to `from` module. */
  absoluteModule(from: ModuleInfo, module: string): string {
    const dots = /^\.*/.exec(module)?.[0].length ?? 0;
    if (dots === 0) return module;
    const base = from.name.split('.');
    if (!from.isPackage) base.pop();
    for (let i = 1; i < dots; i++) base.pop();
    const rest = module.slice(dots);
    return [...base, ...(rest ? [rest] : [])].join('.');
  }
}

export type Symbol =
  | { readonly kind: 'function'; readonly module: ModuleInfo; readonly fn: FunctionFact }
  | { readonly kind: 'class'; readonly module: ModuleInfo; readonly cls: ClassFact }
  | { readonly kind: 'module'; readonly module: ModuleInfo }
  | { readonly kind: 'external'; readonly module: string; readonly name: string | undefined }
  | { readonly kind: 'variable'; readonly module: ModuleInfo; readonly name: string };

/** What a module binds at its top level, by name (the last definition of a name wins, as in Python). */
interface BoundNames {
  readonly functions: ReadonlyMap<string, FunctionFact>;
  readonly classes: ReadonlyMap<string, ClassFact>;
  readonly imports: ReadonlyMap<string, ImportFact>;
  readonly assigned: ReadonlySet<string>;
  /** Imported names a later top-level assignment rebinds (`pipeline = pipeline([...])`): the assignment wins. */
  readonly rebound: ReadonlySet<string>;
}

// Per facts object (immutable, one per file version): a pipeline module resolves one name per node, and a scan of
// the module's definitions for each was quadratic in its size.
const boundNames = memoOn((facts: PyModuleFacts): BoundNames => {
  const functions = new Map<string, FunctionFact>();
  for (const f of facts.functions) functions.set(f.name, f);
  const classes = new Map<string, ClassFact>();
  for (const c of facts.classes) classes.set(c.name, c);
  const imports = new Map<string, ImportFact>();
  for (const i of facts.imports) imports.set(i.local, i);
  const assigned = new Set<string>();
  const rebound = new Set<string>();
  for (const st of facts.statements) {
    if (st.type === 'try') {
      // The optional-import idiom binds its names on whichever path the evaluator finds (runTry): they are variables.
      for (const id of st.assigned) {
        assigned.add(id);
        const imp = imports.get(id);
        if (imp && before(imp.span.start, st.span.end)) rebound.add(id);
      }
      continue;
    }
    if (st.type !== 'assign') continue;
    for (const t of st.targets) {
      if (t.type !== 'name') continue;
      assigned.add(t.id);
      const imp = imports.get(t.id);
      if (imp && before(imp.span.start, st.span.start)) rebound.add(t.id);
    }
  }
  return { functions, classes, imports, assigned, rebound };
});

const before = (a: { line: number; character: number }, b: { line: number; character: number }): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * Resolves a name bound in `mod` to its definition, following re-exports inside the project (bounded).
 * `beforeAssignments`: the binding module-level code sees before its own assignments run (an import a later
 * assignment rebinds is still the import there).
 */
export function resolveSymbol(index: ModuleLookup, mod: ModuleInfo, name: string, depth = 0, beforeAssignments = false): Symbol | undefined {
  if (depth > 8) return undefined;
  const names = boundNames(mod.facts);
  const fn = names.functions.get(name);
  if (fn) return { kind: 'function', module: mod, fn };
  const cls = names.classes.get(name);
  if (cls) return { kind: 'class', module: mod, cls };
  const imp = names.imports.get(name);
  if (imp && (beforeAssignments || !names.rebound.has(name))) return resolveImport(index, mod, imp, depth);
  if (names.assigned.has(name)) return { kind: 'variable', module: mod, name };
  // `from m import *` (the last one first): a name m exports, when m is in the project and says what it exports.
  if (!name.startsWith('_')) {
    for (let i = mod.facts.imports.length - 1; i >= 0; i--) {
      const imp = mod.facts.imports[i];
      if (imp?.name !== '*') continue;
      const owner = index.module(index.absoluteModule(mod, imp.module));
      if (!owner || !starExports(owner, name)) continue;
      const s = resolveSymbol(index, owner, name, depth + 1);
      if (s) return s;
    }
  }
  // `from . import nodes` style: a submodule of a package.
  if (mod.isPackage) {
    const sub = index.module(`${mod.name}.${name}`);
    if (sub) return { kind: 'module', module: sub };
  }
  return undefined;
}

/**
 * Whether `from mod import *` binds `name`: its `__all__` when that is a literal list or tuple of strings, else every
 * public name; an `__all__` built any other way can't be read, so nothing is taken from it (never a guess).
 */
function starExports(mod: ModuleInfo, name: string): boolean {
  const all = mod.facts.statements.findLast((s) => s.type === 'assign' && s.targets.some((t) => t.type === 'name' && t.id === '__all__'));
  if (!all || all.type !== 'assign') return true;
  const v = all.value;
  if (v.type !== 'list' && v.type !== 'tuple') return false;
  return v.items.some((x) => x.type === 'str' && x.value === name);
}

function resolveImport(index: ModuleLookup, mod: ModuleInfo, imp: ImportFact, depth: number): Symbol | undefined {
  const absolute = index.absoluteModule(mod, imp.module);
  if (imp.name === undefined) {
    // `import a.b as c` binds the full module; `import a.b` binds `a`.
    const target = imp.local === imp.module.split('.')[0] && imp.module.includes('.') ? imp.local : absolute;
    const m = index.module(target);
    return m ? { kind: 'module', module: m } : { kind: 'external', module: target, name: undefined };
  }
  const sub = index.module(`${absolute}.${imp.name}`);
  const owner = index.module(absolute);
  if (owner) {
    const s = resolveSymbol(index, owner, imp.name, depth + 1);
    if (s) return s;
  }
  if (sub) return { kind: 'module', module: sub };
  return owner ? undefined : { kind: 'external', module: absolute, name: imp.name };
}
