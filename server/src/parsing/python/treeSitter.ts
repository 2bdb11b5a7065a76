import * as path from 'node:path'; // path math only, no I/O
import { Edit, Language, Parser, type Point, type Tree } from 'web-tree-sitter';

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

/** The trees of the last few files parsed with a key, for incremental re-parsing of the file being edited. */
const kept = new Map<string, { readonly text: string; readonly tree: Tree }>();
const KEEP = 4;

/**
 * Parses `text` for `use`, re-parsing incrementally from the tree of the last text parsed under `key` (a file being
 * typed in is parsed again on every keystroke). Trees live in wasm memory, not the JS heap: the last few are kept for
 * that, every other one is freed. Lone \r line ends are parsed as \n.
 */
export function withTreeOf<T>(parser: Parser, key: string, source: string, use: (tree: Tree) => T): T | undefined {
  // tree-sitter ends rows at \n only; Python and LSP also end lines at a lone \r. Same length, so offsets, rows and
  // columns of the tree are those of the editor's text (and a `def` after `# comment\r` is no longer in the comment).
  const text = source.includes('\r') ? source.replace(/\r(?!\n)/g, '\n') : source;
  const last = kept.get(key);
  kept.delete(key);
  if (last) last.tree.edit(editBetween(last.text, text));
  const tree = parser.parse(text, last?.tree);
  last?.tree.delete();
  if (!tree) return undefined;
  try {
    return use(tree);
  } finally {
    kept.set(key, { text, tree });
    for (const [k, v] of kept) {
      if (kept.size <= KEEP) break;
      v.tree.delete();
      kept.delete(k);
    }
  }
}

/** The one edit that turns `before` into `after`: the span between their common prefix and common suffix. */
function editBetween(before: string, after: string): Edit {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return new Edit({
    startIndex: start,
    oldEndIndex: before.length - end,
    newEndIndex: after.length - end,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, before.length - end),
    newEndPosition: pointAt(after, after.length - end),
  });
}

/** Row and column (UTF-16 units, as web-tree-sitter reports them) of an offset; rows end at \n as in tree-sitter. */
function pointAt(text: string, offset: number): Point {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let row = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) row++;
  return { row, column: offset - lineStart };
}
