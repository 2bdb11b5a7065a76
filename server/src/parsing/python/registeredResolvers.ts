import type { SyntaxNode as TsNode } from './syntaxNode';
import { toExpr } from './irBuilder';

/**
 * Names a module registers as OmegaConf resolvers itself: `OmegaConf.register_new_resolver("name", fn)` (any receiver,
 * or the function imported bare). Kedro imports settings.py, its hooks and the pipeline modules before it loads the
 * configuration, so a resolver registered there resolves. `'*'` stands for a name that is not a literal (a loop over a
 * dict, a variable): then any name may be registered. Undefined when the module registers none.
 */
export function registeredResolvers(root: TsNode, text: string): readonly string[] | undefined {
  // Most modules never mention it: one cheap test before the walk.
  if (!text.includes('register_new_resolver')) return undefined;
  const names = new Set<string>();
  for (const call of root.descendantsOfType('call')) {
    const fn = call?.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
    if (!call || name !== 'register_new_resolver') continue;
    const args = call.childForFieldName('arguments')?.namedChildren.filter((c) => c && c.type !== 'comment') ?? [];
    const first = args[0];
    const keyword = first?.type === 'keyword_argument' ? first : args.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'name');
    const value = keyword ? keyword.childForFieldName('value') : first;
    const e = value ? toExpr(value) : undefined;
    names.add(e?.type === 'str' ? e.value : '*');
  }
  return names.size ? [...names].sort() : undefined;
}
