import * as path from 'node:path'; // path math only, no I/O
import { Edit, Language, Parser, type Point, type Tree } from 'web-tree-sitter';
import { compareTrees, flatTreeReader, type FlatTreeReader } from './flatTree';
import type { SyntaxNode } from './syntaxNode';

let ready: Promise<Parser> | undefined;
let flat: FlatTreeReader | undefined;
let flatOn = true;
let binding: unknown;

/**
 * One parser per process. wasmDir holds web-tree-sitter.wasm and tree-sitter-python.wasm (copied by esbuild.mjs).
 * `flatTrees: false` (KEDRO_LENS_FLAT_TREE=0 in the hosts) reads the library's nodes only: the A/B of flatTree.ts.
 */
export function pythonParser(wasmDir: string, options: { readonly flatTrees?: boolean } = {}): Promise<Parser> {
  ready ??= (async () => {
    // Emscripten makes this object the module: flatTree.ts calls the binding's exports on it.
    const module = { locateFile: (file: string) => path.join(wasmDir, file) };
    await Parser.init(module);
    binding = module;
    const parser = new Parser();
    const language = await Language.load(path.join(wasmDir, 'tree-sitter-python.wasm'));
    parser.setLanguage(language);
    if (options.flatTrees !== false) flat = flatTreeReader(module, language, (reader) => readsAlike(parser, reader));
    return parser;
  })();
  return ready;
}

/**
 * The root to extract from: the flat reading of the tree when this process has one, else the library's node. A tree
 * the reader cannot read as the binding describes it (it throws) ends flat reading in this process.
 */
export function syntaxRoot(tree: Tree, parsedText: string): SyntaxNode {
  if (flat && flatOn) {
    try {
      return flat.read(tree, parsedText).root;
    } catch {
      flat = undefined;
    }
  }
  return tree.rootNode;
}

/** Parser.init's options object, which emscripten made the module (tests build readers on it). */
export const parserBinding = (): unknown => binding;

/** Whether this process reads trees flat; tests compare both readings by turning it off and on. */
export function flatTrees(on?: boolean): boolean {
  if (on !== undefined) flatOn = on;
  return flat !== undefined && flatOn;
}

/** What extraction reads (fields, strings, decorators, a syntax error, non-ASCII columns, \r\n): both readings must agree on it. */
const SAMPLE = [
  'from a.b import c as d, (e)\r\n',
  '@decorator(x=1)\nasync def f(p: "Å" = None, *args: int, q=[1, {2: 3}], **kw) -> dict[str, int]:\n',
  '    """doc é"""\n    yield from (x for x in range(3) if x)\n    return {"k": f"v{p!r:>4}", **kw}\n',
  'class C(B, metaclass=M):\n    y: int = 2\n    def m(self): return lambda z: z or self.y\n',
  'def broken(:\n    pass\n',
  "pipeline([node(func, ['a', 'b'], 'c\\n', name='n'), *more], namespace=ns) + other  # 🙂 done\n",
].join('');

function readsAlike(parser: Parser, reader: FlatTreeReader): boolean {
  const text = lineEnds(SAMPLE);
  const tree = parser.parse(text);
  if (!tree) return false;
  try {
    return compareTrees(tree.rootNode, reader.read(tree, text).root, false) === undefined;
  } finally {
    tree.delete();
  }
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

  /**
   * `use` on the tree of `text` (version `version` of `uri`): the kept tree when it is that version, else a re-parse
   * from it. `use` also gets the text as parsed (see lineEnds).
   */
  withTree<T>(parser: Parser, uri: string, version: string, source: string, use: (tree: Tree, parsedText: string) => T): T | undefined {
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
      return use(tree, text);
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
export function withTreeOf<T>(parser: Parser, text: string, use: (tree: Tree, parsedText: string) => T): T | undefined {
  const parsed = lineEnds(text);
  const tree = parser.parse(parsed);
  if (!tree) return undefined;
  try {
    return use(tree, parsed);
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
