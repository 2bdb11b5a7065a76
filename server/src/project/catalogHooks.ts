import type { Loc } from '../core/types';
import type { FunctionFact } from '../parsing/python/facts';
import type { Expr, Stmt } from '../parsing/python/ir';
import type { ProjectModel } from './model';
import { isHookImpl, type ProjectSettings } from './settings';
import { alwaysAtLeast, type VersionRange } from './versions';

/**
 * The project's own hooks whose `after_catalog_created` may add datasets to the run's catalog: hook classes registered
 * in settings.py HOOKS, and those of the modules the project's `kedro.hooks` entry points name (a project that is also a
 * plugin: installed with it, they run in its own sessions). `catalog[name] = ...`, `catalog.add...(...)` and keeping the
 * catalog (`self.catalog = catalog`) count; a hook that only reads or logs does not.
 */
export function catalogAddingHooks(model: ProjectModel): { readonly className: string; readonly loc: Loc }[] {
  const out: { className: string; loc: Loc }[] = [];
  const consider = (className: string, methods: readonly FunctionFact[], uri: string): void => {
    const fn = methods.find((m) => m.name === 'after_catalog_created' && m.decorators.some(isHookImpl));
    if (fn && writesCatalog(fn.body) && !out.some((o) => o.loc.uri === uri && o.className === className)) out.push({ className, loc: { uri, span: fn.nameSpan } });
  };
  for (const h of model.settings.hooks) if (h.cls) consider(h.cls.fact.name, h.cls.fact.methods, h.cls.module.uri);
  const plugins = model.layout.pyproject.pluginHookModules ?? [];
  if (plugins.length) {
    for (const m of model.python.modules) {
      const name = model.python.moduleAt(m.uri)?.name;
      if (!name || !plugins.some((p) => name === p || name.startsWith(`${p}.`))) continue;
      for (const c of m.facts.classes) consider(c.name, c.methods, m.uri);
    }
  }
  return out;
}

const isCatalog = (e: Expr | undefined): boolean => e?.type === 'name' && e.id === 'catalog';

/** The statements of a hook body, inside `if`/`else`, `for` and `try`/`except` blocks too (a hook may add conditionally). */
function* statements(body: readonly Stmt[]): Generator<Stmt> {
  for (const s of body) {
    if (s.type === 'if') {
      yield* statements(s.body);
      yield* statements(s.orelse);
    } else if (s.type === 'for') yield* statements(s.body);
    else if (s.type === 'try') {
      yield* statements(s.body);
      for (const h of s.handlers) yield* statements(h.body);
    } else yield s;
  }
}

function writesCatalog(body: readonly Stmt[]): boolean {
  for (const s of statements(body)) {
    if (s.type === 'assign' && (s.targets.some((t) => t.type === 'subscript' && t.obj === 'catalog') || isCatalog(s.value))) return true;
    if (s.type === 'expr' && s.value.type === 'call' && s.value.fn.type === 'attr' && isCatalog(s.value.fn.obj) && s.value.fn.attr.startsWith('add')) return true;
  }
  return false;
}

/**
 * Dataset names the project's registered hooks add to the run's catalog by a literal name: in `after_catalog_created`,
 * and in Kedro 0.17's `register_catalog` (which builds and returns the catalog; gone in 0.18). `x.add("name", ...)`,
 * `x.add_all({"name": ...})`, `x.add_feed_dict({"name": ...})`, `catalog["name"] = ...`. Names built at run time are
 * not known here (KL004 then skips names: catalogAddingHooks).
 */
export function hookAddedDatasets(settings: ProjectSettings, kedro: VersionRange): string[] {
  const methods = alwaysAtLeast(kedro, '0.18') ? ['after_catalog_created'] : ['after_catalog_created', 'register_catalog'];
  const out = new Set<string>();
  for (const h of settings.hooks) {
    for (const fn of h.cls?.fact.methods ?? []) {
      if (methods.includes(fn.name) && fn.decorators.some(isHookImpl)) addedNames(fn.body, out);
    }
  }
  return [...out].sort();
}

const ADDERS = new Set(['add', 'add_all', 'add_feed_dict']);
const NAME_KWARGS = new Set(['dataset_name', 'data_set_name', 'ds_name']);

function addedNames(body: readonly Stmt[], out: Set<string>): void {
  for (const s of statements(body)) {
    if (s.type === 'assign') {
      for (const t of s.targets) if (t.type === 'subscript' && t.key.type === 'str') out.add(t.key.value);
      continue;
    }
    const c = s.type === 'expr' ? s.value : undefined;
    if (c?.type !== 'call' || c.fn.type !== 'attr' || !ADDERS.has(c.fn.attr)) continue;
    if (c.fn.attr === 'add') {
      const named = c.args[0] ?? c.kwargs.find((k) => k.name !== undefined && NAME_KWARGS.has(k.name))?.value;
      if (named?.type === 'str') out.add(named.value);
    } else {
      const d = c.args[0] ?? c.kwargs.find((k) => k.name === 'datasets' || k.name === 'data_sets' || k.name === 'feed_dict')?.value;
      if (d?.type === 'dict') for (const e of d.entries) if (e.key.type === 'str') out.add(e.key.value);
    }
  }
}
