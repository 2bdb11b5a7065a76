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

/**
 * The trees of the last few documents parsed, by URI and version, for incremental re-parsing of the file being edited
 * (parsed again on every keystroke). Trees live in wasm memory, not the JS heap: the least recently used past
 * `capacity` is deleted, and `dispose()` deletes them all. Owned by a workspace: a new workspace parses afresh.
 */
export class ParseTrees {
  private readonly kept = new Map<string, { readonly version: string; readonly text: string; readonly tree: Tree }>();

  constructor(private readonly capacity = 4) {}

  get size(): number {
    return this.kept.size;
  }

  /** `use` on the tree of `text` (version `version` of `uri`): the kept tree when it is that version, else a re-parse from it. */
  withTree<T>(parser: Parser, uri: string, version: string, source: string, use: (tree: Tree) => T): T | undefined {
    const text = lineEnds(source);
    const last = this.kept.get(uri);
    this.kept.delete(uri);
    let tree: Tree | null;
    if (last?.version === version && last.text === text) tree = last.tree;
    else {
      if (last) last.tree.edit(editBetween(last.text, text));
      tree = parser.parse(text, last?.tree);
      last?.tree.delete();
    }
    if (!tree) return undefined;
    try {
      return use(tree);
    } finally {
      this.kept.set(uri, { version, text, tree });
      for (const [k, v] of this.kept) {
        if (this.kept.size <= this.capacity) break;
        v.tree.delete();
        this.kept.delete(k);
      }
    }
  }

  dispose(): void {
    for (const v of this.kept.values()) v.tree.delete();
    this.kept.clear();
  }
}

/**
 * tree-sitter ends rows at \n only; Python and LSP also end lines at a lone \r. Same length, so offsets, rows and
 * columns of the tree are those of the editor's text (and a `def` after `# comment\r` is no longer in the comment).
 */
const lineEnds = (source: string): string => (source.includes('\r') ? source.replace(/\r(?!\n)/g, '\n') : source);

/** `use` on a fresh parse of `text`, deleted afterwards (no owner keeps it). Lone \r line ends are parsed as \n. */
export function withTreeOf<T>(parser: Parser, text: string, use: (tree: Tree) => T): T | undefined {
  const tree = parser.parse(lineEnds(text));
  if (!tree) return undefined;
  try {
    return use(tree);
  } finally {
    tree.delete();
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
