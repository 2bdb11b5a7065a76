import type { Loc } from '../core/types';
import type { FunctionFact } from '../parsing/python/facts';
import type { Expr, Stmt } from '../parsing/python/ir';
import type { ProjectModel } from './model';

const isHookImpl = (d: string): boolean => /(^|\.)hook_impl(\(|$)/.test(d);

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

function writesCatalog(body: readonly Stmt[]): boolean {
  return body.some((s): boolean => {
    switch (s.type) {
      case 'assign':
        return s.targets.some((t) => t.type === 'subscript' && t.obj === 'catalog') || isCatalog(s.value);
      case 'expr':
        return s.value.type === 'call' && s.value.fn.type === 'attr' && isCatalog(s.value.fn.obj) && s.value.fn.attr.startsWith('add');
      case 'if':
        return writesCatalog(s.body) || writesCatalog(s.orelse);
      case 'for':
        return writesCatalog(s.body);
      case 'try':
        return writesCatalog(s.body) || s.handlers.some((h) => writesCatalog(h.body));
      default:
        return false;
    }
  });
}
