import type { Language, Node, Point, Tree } from 'web-tree-sitter';
import type { SyntaxNode } from './syntaxNode';

/**
 * A whole syntax tree read out of wasm in one cursor walk, then served as SyntaxNodes from plain arrays.
 *
 * Why: each read of a web-tree-sitter Node (type, a child, a field, the end) is a call into wasm plus marshalling
 * through emscripten's generic setValue/getValue and a new Node object, and extraction made ~1.5 million of them at
 * 5,000 nodes: 1.6 × the parse itself. The walk below makes four cheap calls per node, with the cursor marshalled by
 * four stores into the heap, and everything after is JS.
 *
 * It drives the binding's exported functions (lib/binding_web's `*_wasm`), which Parser.init's options object holds
 * once emscripten has made it the module. The layout of its transfer buffer is the binding's, so `flatTreeReader`
 * checks the dump against the library's own nodes on a sample before it is used, and is not used when they differ.
 */

/** The binding's exports this file calls; each takes and gives numbers (addresses, ids, indices). */
const CALLS = [
  '_ts_init',
  '_ts_tree_root_node_wasm',
  '_ts_tree_cursor_new_wasm',
  '_ts_tree_cursor_delete_wasm',
  '_ts_tree_cursor_current_node_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_node_child_by_field_id_wasm',
  '_ts_node_children_by_field_id_wasm',
  '_free',
] as const;

/** What emscripten puts on Parser.init's options object (only what this file uses). */
type BindingModule = { readonly HEAP32: Int32Array } & Record<(typeof CALLS)[number], (...args: number[]) => number>;

const isBinding = (m: unknown): m is BindingModule =>
  typeof m === 'object' && m !== null && (m as { HEAP32?: unknown }).HEAP32 instanceof Int32Array && CALLS.every((k) => typeof (m as Record<string, unknown>)[k] === 'function');

/** Per language: type names, named-ness and field ids, read once through the library. */
class LanguageTables {
  readonly names: readonly string[];
  readonly fieldIds = new Map<string, number>();
  private readonly named = new Map<number, boolean>();
  private readonly idsByKey = new Map<string, Set<number>>();

  constructor(private readonly language: Language) {
    this.names = language.types;
    language.fields.forEach((f, i) => f && this.fieldIds.set(f, i));
  }

  isNamed(typeId: number): boolean {
    let v = this.named.get(typeId);
    if (v === undefined) this.named.set(typeId, (v = this.language.nodeTypeIsNamed(typeId)));
    return v;
  }

  /** The type ids named `types` (several ids can share a name), cached by the list: extraction asks the same few. */
  typeIds(types: string | readonly string[]): Set<number> {
    const key = typeof types === 'string' ? types : types.join(' ');
    let ids = this.idsByKey.get(key);
    if (ids) return ids;
    const wanted = typeof types === 'string' ? [types] : types;
    ids = new Set<number>();
    for (let i = 0; i < this.names.length; i++) if (wanted.includes(this.names[i] as string)) ids.add(i);
    // The library's own rule: the error symbol (65535) is 'ERROR'.
    if (wanted.includes('ERROR')) ids.add(0xffff);
    this.idsByKey.set(key, ids);
    return ids;
  }
}

export class FlatTree {
  readonly count: number;
  readonly type: Uint16Array;
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  readonly startRow: Uint32Array;
  readonly startColumn: Uint32Array;
  readonly parent: Int32Array;
  readonly next: Int32Array;
  /** One past the last node of each node's subtree (nodes are in preorder). */
  readonly after: Uint32Array;
  /** The binding's node id and alias (what it marshals a node as, with start, row and column): for field lookups. */
  readonly nodeId: Uint32Array;
  readonly alias: Uint32Array;
  private lineStarts: number[] | undefined;

  constructor(
    readonly tables: LanguageTables,
    readonly text: string,
    capacity: number,
    private readonly m: BindingModule,
    private readonly transfer: number,
    private readonly treeAddress: number,
  ) {
    this.count = capacity;
    this.type = new Uint16Array(capacity);
    this.start = new Uint32Array(capacity);
    this.end = new Uint32Array(capacity);
    this.startRow = new Uint32Array(capacity);
    this.startColumn = new Uint32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.after = new Uint32Array(capacity);
    this.nodeId = new Uint32Array(capacity);
    this.alias = new Uint32Array(capacity);
  }

  /**
   * The binding's own child_by_field_id for node `i`, as a flat index (-1: none). Not the children's field ids: for a
   * field inherited through a hidden rule aliased visible (match_statement's `alternative`, error recovery) tree-sitter
   * answers with a grandchild. Valid while the tree is not deleted (flat trees live inside withTree's callback).
   */
  childByField(i: number, fieldId: number): number {
    this.marshal(i);
    this.m._ts_node_child_by_field_id_wasm(this.treeAddress, fieldId);
    const h = this.m.HEAP32;
    return this.indexOf(i, h[this.transfer] as number, h[this.transfer + 1] as number);
  }

  /** The binding's children_by_field_id (the children whose cursor field is `fieldId`), as flat indices. */
  childrenByField(i: number, fieldId: number): number[] {
    this.marshal(i);
    this.m._ts_node_children_by_field_id_wasm(this.treeAddress, fieldId);
    const h = this.m.HEAP32;
    const count = h[this.transfer] as number;
    const buffer = (h[this.transfer + 1] as number) >> 2;
    const out: number[] = [];
    for (let k = 0; k < count; k++) {
      const c = this.indexOf(i, h[buffer + 5 * k] as number, h[buffer + 5 * k + 1] as number);
      if (c >= 0) out.push(c);
    }
    if (count > 0) this.m._free(buffer << 2);
    return out;
  }

  /** Node `i` into the transfer buffer as the binding marshals nodes: id, start index, row, column, alias. */
  private marshal(i: number): void {
    const h = this.m.HEAP32;
    const b = this.transfer;
    h[b] = this.nodeId[i] as number;
    h[b + 1] = this.start[i] as number;
    h[b + 2] = this.startRow[i] as number;
    h[b + 3] = this.startColumn[i] as number;
    h[b + 4] = this.alias[i] as number;
  }

  /** The flat index of the binding's node (id, start) within node `i`'s subtree, or -1. */
  private indexOf(i: number, id: number, start: number): number {
    if (id === 0) return -1;
    const last = this.after[i] as number;
    for (let c = i + 1; c < last; c++) if (this.nodeId[c] === id >>> 0 && this.start[c] === start) return c;
    return -1;
  }

  get root(): FlatNode {
    return new FlatNode(this, 0);
  }

  node(i: number): FlatNode | null {
    return i < 0 ? null : new FlatNode(this, i);
  }

  typeName(i: number): string {
    return this.tables.names[this.type[i] as number] || 'ERROR';
  }

  /** Row and column of an index; rows end at \n as in tree-sitter (the parsed text has no lone \r). */
  pointAt(index: number): Point {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: index - (starts[lo] as number) };
  }
}

function lineStartsOf(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

export class FlatNode implements SyntaxNode {
  constructor(
    private readonly t: FlatTree,
    private readonly i: number,
  ) {}

  get id(): number {
    return this.i + 1;
  }
  get type(): string {
    return this.t.typeName(this.i);
  }
  get startIndex(): number {
    return this.t.start[this.i] as number;
  }
  get endIndex(): number {
    return this.t.end[this.i] as number;
  }
  get text(): string {
    return this.t.text.slice(this.t.start[this.i], this.t.end[this.i]);
  }
  get startPosition(): Point {
    return { row: this.t.startRow[this.i] as number, column: this.t.startColumn[this.i] as number };
  }
  get endPosition(): Point {
    return this.t.pointAt(this.t.end[this.i] as number);
  }
  get parent(): SyntaxNode | null {
    return this.t.node(this.t.parent[this.i] as number);
  }
  get firstChild(): SyntaxNode | null {
    return this.hasChildren ? new FlatNode(this.t, this.i + 1) : null;
  }
  get children(): FlatNode[] {
    const out: FlatNode[] = [];
    for (let c = this.firstChildIndex; c >= 0; c = this.t.next[c] as number) out.push(new FlatNode(this.t, c));
    return out;
  }
  get namedChildren(): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    const { t } = this;
    for (let c = this.firstChildIndex; c >= 0; c = t.next[c] as number) if (t.tables.isNamed(t.type[c] as number)) out.push(new FlatNode(t, c));
    return out;
  }
  childForFieldName(name: string): SyntaxNode | null {
    const id = this.t.tables.fieldIds.get(name);
    if (id === undefined || !this.hasChildren) return null;
    return this.t.node(this.t.childByField(this.i, id));
  }
  childrenForFieldName(name: string): SyntaxNode[] {
    const id = this.t.tables.fieldIds.get(name);
    if (id === undefined || !this.hasChildren) return [];
    return this.t.childrenByField(this.i, id).map((c) => new FlatNode(this.t, c));
  }
  /** As the binding's: this node and its descendants in preorder, skipping what ends at (0, 0). */
  descendantsOfType(types: string | string[]): SyntaxNode[] {
    const { t } = this;
    const ids = t.tables.typeIds(types);
    const out: SyntaxNode[] = [];
    const last = t.after[this.i] as number;
    for (let c = this.i; c < last; c++) {
      if (t.end[c] === 0) {
        c = (t.after[c] as number) - 1;
        continue;
      }
      if (ids.has(t.type[c] as number)) out.push(new FlatNode(t, c));
    }
    return out;
  }

  private get hasChildren(): boolean {
    return this.i + 1 < (this.t.after[this.i] as number);
  }
  private get firstChildIndex(): number {
    return this.hasChildren ? this.i + 1 : -1;
  }
}

/** Reads trees of one language out of wasm; `undefined` when the binding is not reachable or reads differently. */
export class FlatTreeReader {
  private readonly tables: LanguageTables;
  private readonly transfer: number;

  constructor(
    private readonly m: BindingModule,
    language: Language,
  ) {
    this.tables = new LanguageTables(language);
    this.transfer = m._ts_init() >> 2;
  }

  /** The tree parsed from `text` (the exact string given to the parser), dumped whole. */
  read(tree: Tree, text: string): FlatTree {
    const { m } = this;
    const b = this.transfer;
    const tp = (tree as unknown as { [0]: number })[0];
    const flat = new FlatTree(this.tables, text, tree.rootNode.descendantCount, m, b, tp);
    const { type, start, end, startRow, startColumn, parent, next, after, nodeId, alias } = flat;
    m._ts_tree_root_node_wasm(tp);
    m._ts_tree_cursor_new_wasm(tp);
    let h = m.HEAP32;
    let c0 = h[b] as number;
    let c1 = h[b + 1] as number;
    let c2 = h[b + 2] as number;
    let c3 = h[b + 3] as number;
    // A move may grow the wasm memory (the cursor's stack), which replaces HEAP32: read it anew after each call.
    const put = (): void => {
      h = m.HEAP32;
      h[b] = c0;
      h[b + 1] = c1;
      h[b + 2] = c2;
      h[b + 3] = c3;
    };
    const get = (): void => {
      h = m.HEAP32;
      c0 = h[b] as number;
      c1 = h[b + 1] as number;
      c2 = h[b + 2] as number;
      c3 = h[b + 3] as number;
    };
    let n = 0;
    const record = (parentIndex: number, previous: number): number => {
      // More nodes than the tree says it has: the binding walks differently from what this file expects.
      if (n >= flat.count) throw new Error(`flat tree: more than ${flat.count} nodes`);
      const k = n++;
      put();
      type[k] = m._ts_tree_cursor_current_node_type_id_wasm(tp);
      end[k] = m._ts_tree_cursor_end_index_wasm(tp);
      // Writes the node over the cursor in the transfer buffer: [id, start index, row, column, context].
      m._ts_tree_cursor_current_node_wasm(tp);
      h = m.HEAP32;
      nodeId[k] = h[b] as number;
      start[k] = h[b + 1] as number;
      startRow[k] = h[b + 2] as number;
      startColumn[k] = h[b + 3] as number;
      alias[k] = h[b + 4] as number;
      parent[k] = parentIndex;
      next[k] = -1;
      if (previous >= 0) next[previous] = k;
      return k;
    };
    try {
      let cur = record(-1, -1);
      walk: for (;;) {
        put();
        if (m._ts_tree_cursor_goto_first_child_wasm(tp)) {
          get();
          cur = record(cur, -1);
          continue;
        }
        for (;;) {
          after[cur] = n;
          put();
          if (m._ts_tree_cursor_goto_next_sibling_wasm(tp)) {
            get();
            cur = record(parent[cur] as number, cur);
            continue walk;
          }
          const up = parent[cur] as number;
          if (up < 0) break walk;
          put();
          if (!m._ts_tree_cursor_goto_parent_wasm(tp)) break walk;
          get();
          cur = up;
        }
      }
    } finally {
      put();
      m._ts_tree_cursor_delete_wasm(tp);
    }
    if (n !== flat.count) throw new Error(`flat tree: ${n} nodes read, ${flat.count} expected`);
    return flat;
  }
}

/**
 * A reader for `language`'s trees when `module` (Parser.init's options object) is the binding and a sample reads the
 * same as through the library; otherwise undefined, and extraction reads the library's nodes.
 */
export function flatTreeReader(module: unknown, language: Language, sample: (reader: FlatTreeReader) => boolean): FlatTreeReader | undefined {
  if (!isBinding(module)) return undefined;
  try {
    const reader = new FlatTreeReader(module, language);
    return sample(reader) ? reader : undefined;
  } catch {
    return undefined;
  }
}

/** Nodes whose descendants compareTrees also looks up by type (each lookup walks the subtree). */
const DESCENDANT_CHECKS = new Set(['module', 'function_definition', 'block', 'call', 'ERROR']);

/**
 * Where the two readings of a tree differ (first difference), or undefined when they agree node for node: types, ranges,
 * positions, texts, children; `thorough` also parents, field lookups and descendantsOfType (the flat reading builds
 * them from what the rest checks, and they are costly through the library: the start-up check leaves them to tests).
 */
export function compareTrees(api: Node, flat: FlatNode, thorough = true): string | undefined {
  const stack: [Node, FlatNode][] = [[api, flat]];
  while (stack.length) {
    const [a, f] = stack.pop() as [Node, FlatNode];
    const where = `${a.type} at ${a.startPosition.row}:${a.startPosition.column}`;
    if (a.type !== f.type) return `${where}: type ${f.type}`;
    if (a.startIndex !== f.startIndex || a.endIndex !== f.endIndex) return `${where}: range ${f.startIndex}-${f.endIndex} vs ${a.startIndex}-${a.endIndex}`;
    if (a.text !== f.text) return `${where}: text`;
    const ap = a.startPosition;
    const fp = f.startPosition;
    const ae = a.endPosition;
    const fe = f.endPosition;
    if (ap.row !== fp.row || ap.column !== fp.column || ae.row !== fe.row || ae.column !== fe.column) return `${where}: position`;
    const ac = a.children;
    const fc = f.children;
    if (ac.length !== fc.length) return `${where}: ${fc.length} children vs ${ac.length}`;
    if (a.namedChildren.length !== f.namedChildren.length) return `${where}: named children`;
    // The fields the children carry (the flat reading asks the binding for childForFieldName, so this checks the lookup).
    for (const name of thorough ? new Set(ac.map((_, i) => a.fieldNameForChild(i)).filter((x): x is string => !!x)) : []) {
      const x = a.childForFieldName(name);
      const y = f.childForFieldName(name);
      if ((x === null) !== (y === null) || (x && y && (x.startIndex !== y.startIndex || x.type !== y.type))) return `${where}: field ${name}`;
      if (a.childrenForFieldName(name).length !== f.childrenForFieldName(name).length) return `${where}: fields ${name}`;
    }
    for (const t of thorough && DESCENDANT_CHECKS.has(a.type) ? ['call', 'identifier', 'comment', 'ERROR', 'return_statement'] : []) {
      const x = a.descendantsOfType(t);
      const y = f.descendantsOfType(t);
      if (x.length !== y.length || x.some((n, i) => n?.startIndex !== y[i]?.startIndex)) return `${where}: descendants ${t}`;
    }
    if (thorough && ((a.parent === null) !== (f.parent === null) || (a.parent && f.parent && a.parent.startIndex !== f.parent.startIndex))) return `${where}: parent`;
    ac.forEach((c, i) => c && fc[i] && stack.push([c, fc[i] as FlatNode]));
  }
  return undefined;
}
