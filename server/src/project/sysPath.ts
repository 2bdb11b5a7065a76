import type { PyModuleFacts } from '../parsing/python/facts';
import type { Expr } from '../parsing/python/ir';
import { joinUri } from '../core/uri';

const isSysPath = (e: Expr): boolean => e.type === 'attr' && e.attr === 'path' && e.obj.type === 'name' && e.obj.id === 'sys';

/**
 * Folders a module of the project puts on `sys.path` at import time with a literal relative path
 * (`sys.path.append("src/pkg")`, `sys.path.insert(0, "src/pkg")`): Kedro runs from the project root, so the path is
 * joined to it, and modules under that folder are importable by their names relative to it (`from pipelines.x import
 * y` for `src/pkg/pipelines/x.py`). Paths built at run time, absolute ones and ones climbing out with `..` are not read.
 */
export function sysPathFolders(rootUri: string, modules: readonly PyModuleFacts[]): string[] {
  const out = new Set<string>();
  for (const m of modules) {
    for (const s of m.statements) {
      if (s.type !== 'expr' || s.value.type !== 'call' || s.value.fn.type !== 'attr' || !isSysPath(s.value.fn.obj)) continue;
      const arg = s.value.fn.attr === 'append' ? s.value.args[0] : s.value.fn.attr === 'insert' ? s.value.args[1] : undefined;
      if (arg?.type !== 'str') continue;
      const segments = arg.value.split(/[\\/]+/).filter((x) => x !== '' && x !== '.');
      if (/^([\\/]|[A-Za-z]:)/.test(arg.value) || segments.includes('..') || segments.length === 0) continue;
      out.add(joinUri(rootUri, ...segments));
    }
  }
  return [...out];
}
