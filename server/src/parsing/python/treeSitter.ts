import * as path from 'node:path'; // path math only, no I/O
import { Language, Parser, type Tree } from 'web-tree-sitter';

let ready: Promise<Parser> | undefined;

/** One parser per process. wasmDir holds web-tree-sitter.wasm and tree-sitter-python.wasm (copied by esbuild.mjs). */
export function pythonParser(wasmDir: string): Promise<Parser> {
  ready ??= (async () => {
    await Parser.init({ locateFile: (file: string) => path.join(wasmDir, file) });
    const parser = new Parser();
    parser.setLanguage(await Language.load(path.join(wasmDir, 'tree-sitter-python.wasm')));
    return parser;
  })();
  return ready;
}

/** Trees live in wasm memory, not the JS heap: always free them. */
export function withTree<T>(parser: Parser, text: string, use: (tree: Tree) => T): T | undefined {
  const tree = parser.parse(text);
  if (!tree) return undefined;
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}
