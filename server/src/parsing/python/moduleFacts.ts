import type { Parser, Tree } from 'web-tree-sitter';
import type { SyntaxNode as TsNode } from './syntaxNode';
import type { Span } from '../../core/types';
import type { Expr, Stmt } from './ir';
import { reusingCalls, toExpr, toStmts } from './irBuilder';
import type {
  CatalogCallFact,
  ClassFact,
  ClassFieldFact,
  FunctionFact,
  ImportFact,
  ParamFact,
  ParamKind,
  PyModuleFacts,
  StrLit,
} from './facts';
import { syntaxRoot, withTreeOf, type ParseTrees } from './treeSitter';
import { mayHaveDirective, parseDirective, suppressionAt, type Suppression } from '../suppressions';
import { spanOfNode } from './irBuilder';
import { selectedEnv } from './selectedEnv';
import { registeredResolvers } from './registeredResolvers';

/**
 * Version of what extractModuleFacts produces (facts.ts, ir.ts and how they are built): part of the persistent facts
 * cache's key. Bump it with any change to extraction; builds also key the cache on the bundle's identity.
 */
export const PY_FACTS_VERSION = 13;

/** The IR of each module's calls, kept for its next version (see reusingCalls). */
const moduleCalls = new WeakMap<PyModuleFacts, ReadonlyMap<string, Expr>>();

/**
 * Parses one Python module into plain facts; tolerant of syntax errors (extracts what parsed). `previous`, the facts
 * of the module's last version, lets unchanged calls keep their IR.
 */
export interface ExtractOptions {
  readonly previous?: PyModuleFacts;
  /** The owner's kept trees and the document's version: an edit re-parses incrementally from the last tree. */
  readonly trees?: { readonly cache: ParseTrees; readonly version: string };
}

export function extractModuleFacts(parser: Parser, uri: string, text: string, options: ExtractOptions = {}): PyModuleFacts {
  const previousCalls = options.previous && moduleCalls.get(options.previous);
  const { value: facts, calls } = reusingCalls(previousCalls, () => extractFacts(parser, uri, text, options));
  const result = facts ?? { uri, imports: [], functions: [], classes: [], statements: [], catalogCalls: [], hasSyntaxError: true, suppressions: [] };
  moduleCalls.set(result, calls);
  return result;
}

function extractFacts(parser: Parser, uri: string, text: string, options: ExtractOptions): PyModuleFacts | undefined {
  const parse = <T>(use: (tree: Tree, parsedText: string) => T): T | undefined => (options.trees ? options.trees.cache.withTree(parser, uri, options.trees.version, text, use) : withTreeOf(parser, text, use));
  return parse((tree, parsedText) => {
    const root = syntaxRoot(tree, parsedText);
    const imports = collectImports(root);
    const functions: FunctionFact[] = [];
    const classes: ClassFact[] = [];

    const kept = keptFunctions(root);
    for (const stmt of root.namedChildren) {
      if (!stmt) continue;
      const def = unwrapDefinition(stmt);
      if (def?.type === 'function_definition') functions.push(functionFact(stmt, def, kept));
      else if (def?.type === 'class_definition') classes.push(classFact(stmt, def));
    }
    const catalogCalls: CatalogCallFact[] = [];
    // Most modules (nodes.py) define functions only: skip the call scan, the costliest walk, when nothing can match.
    const scan = /catalog\s*\.\s*(?:load|save|exists)\s*\(/.test(text);
    const calls = scan ? root.descendantsOfType('call') : [];
    const own = scan ? ownCatalogNames(root, imports) : new Set<string>();
    const holders = scan ? otherCatalogHolders(root) : new Set<string>();
    for (const call of calls) {
      if (!call) continue;
      const callee = call.childForFieldName('function');
      if (!callee) continue;
      const cc = catalogCallFact(call, callee, own, holders);
      if (cc) catalogCalls.push(cc);
    }
    const statements = toStmts(root);
    const suppressions = mayHaveDirective(text) ? pySuppressions(root) : [];
    const selectsEnv = selectedEnv(text);
    const resolvers = registeredResolvers(root, text);
    return {
      uri,
      imports,
      functions,
      classes,
      statements,
      catalogCalls,
      hasSyntaxError: tree.rootNode.hasError,
      suppressions,
      ...(selectsEnv === undefined ? {} : { selectsEnv }),
      ...(resolvers === undefined ? {} : { registersResolvers: resolvers }),
    };
  });
}

/**
 * `# kedro-lens: ignore[...]` comments. One on the first line of a call that spans several lines (`node(  # ...`)
 * covers the whole call, so a finding on any of its arguments is hidden; otherwise it covers its own line.
 */
function pySuppressions(root: TsNode): Suppression[] {
  const out: Suppression[] = [];
  for (const c of root.descendantsOfType('comment')) {
    const d = c && parseDirective(c.text);
    if (!c || !d) continue;
    const row = c.startPosition.row;
    const col = c.startPosition.column;
    let to = row;
    for (let a = c.parent; a && a.startPosition.row === row; a = a.parent) {
      if (a.type !== 'call') continue;
      to = a.endPosition.row;
      break;
    }
    out.push(suppressionAt(d, { start: { line: row, character: col + d.start }, end: { line: row, character: col + d.end } }, row, to));
  }
  return out;
}

const CATALOG_METHODS = new Set(['load', 'save', 'exists']);

/**
 * `catalog.load("name", ...)` on the project's catalog: the `catalog` of notebooks/`kedro ipython` or of a hook's
 * arguments, `context.catalog`, `session.load_context().catalog`, `self._catalog`. A `catalog` the module binds itself
 * (`catalog = DataCatalog({...})`, `DataCatalog.from_config(...)`, an import), or the `.catalog` of an object it makes
 * (`model = KedroModel(...)`), holds other datasets: not recorded.
 */
function catalogCallFact(call: TsNode, callee: TsNode, own: ReadonlySet<string>, holders: ReadonlySet<string>): CatalogCallFact | undefined {
  if (callee.type !== 'attribute') return undefined;
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const obj = callee.childForFieldName('object');
  if (!CATALOG_METHODS.has(method) || !obj) return undefined;
  const holder = obj.type === 'attribute' ? obj.childForFieldName('object') : undefined;
  const projectCatalog =
    obj.type === 'identifier'
      ? obj.text === 'catalog' && !own.has(obj.text)
      : obj.type === 'attribute' && /\._?catalog$/.test(obj.text) && !(holder?.type === 'identifier' && holders.has(holder.text));
  if (!projectCatalog) return undefined;
  const first = call.childForFieldName('arguments')?.namedChildren.find((c) => c && c.type !== 'comment');
  const name = strLit(first);
  return name ? { method: method as CatalogCallFact['method'], name, span: spanOfNode(call) } : undefined;
}

/**
 * Names bound to an object the code makes itself (`model = KedroModel(pipeline, catalog)`): its `.catalog` is that
 * object's, not the project's. A call of something named `…context` (`session.load_context()`, `KedroContext(...)`)
 * gives the project's context, so `context.catalog` stays the project's.
 */
function otherCatalogHolders(root: TsNode): Set<string> {
  const out = new Set<string>();
  for (const n of root.descendantsOfType('assignment')) {
    const left = n?.childForFieldName('left');
    const right = n?.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call' || left.text === 'self') continue;
    const fn = right.childForFieldName('function');
    const last = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
    if (last && !/context$/i.test(last)) out.add(left.text);
  }
  return out;
}

/**
 * Names the module binds to something other than the project's catalog: imports, and assignments (also `for`, `with
 * ... as`, `:=`) whose value is not an attribute `….catalog` (`catalog = context.catalog` keeps it the project's).
 * Any scope counts: a wrong guess only keeps KL004 quiet.
 */
function ownCatalogNames(root: TsNode, imports: readonly ImportFact[]): Set<string> {
  const own = new Set<string>(imports.filter((i) => i.local === 'catalog').map((i) => i.local));
  // Bound names only: `a, catalog = …` binds catalog, `self.catalog = …` does not.
  const targets = (n: TsNode | null | undefined): string[] =>
    !n ? [] : n.type === 'identifier' ? [n.text] : /pattern|list|tuple|parenthesized/.test(n.type) ? n.namedChildren.flatMap((c) => targets(c)) : [];
  for (const n of root.descendantsOfType(['assignment', 'for_statement', 'named_expression', 'as_pattern'])) {
    if (!n) continue;
    const left = n.type === 'as_pattern' ? n.childForFieldName('alias') : n.childForFieldName(n.type === 'named_expression' ? 'name' : 'left');
    if (!targets(left).includes('catalog')) continue;
    const right = n.type === 'assignment' ? n.childForFieldName('right') : undefined;
    if (right?.type === 'attribute' && /\._?catalog$/.test(right.text)) continue;
    own.add('catalog');
  }
  return own;
}

function collectImports(root: TsNode): ImportFact[] {
  const out: ImportFact[] = [];
  for (const stmt of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!stmt) continue;
    if (stmt.type === 'import_statement') {
      for (const n of stmt.childrenForFieldName('name')) {
        if (!n) continue;
        if (n.type === 'aliased_import') {
          const mod = n.childForFieldName('name')?.text ?? '';
          const alias = n.childForFieldName('alias')?.text ?? mod;
          out.push({ local: alias, module: mod, span: spanOfNode(n) });
        } else {
          // `import a.b` binds `a`; record the full module so attribute chains resolve.
          out.push({ local: n.text.split('.')[0] ?? n.text, module: n.text, span: spanOfNode(n) });
        }
      }
    } else {
      const module = stmt.childForFieldName('module_name')?.text.replace(/\s+/g, '') ?? '';
      // `from m import *` binds what m exports: recorded as the name `*` (no name can be `*`, so lookups by name skip it).
      const star = stmt.namedChildren.find((c) => c?.type === 'wildcard_import');
      if (star) out.push({ local: '*', module, name: '*', span: spanOfNode(star) });
      for (const n of stmt.childrenForFieldName('name')) {
        if (!n) continue;
        if (n.type === 'aliased_import') {
          const name = n.childForFieldName('name')?.text ?? '';
          out.push({ local: n.childForFieldName('alias')?.text ?? name, module, name, span: spanOfNode(n) });
        } else {
          out.push({ local: n.text, module, name: n.text, span: spanOfNode(n) });
        }
      }
    }
  }
  return out;
}

function unwrapDefinition(stmt: TsNode): TsNode | undefined {
  if (stmt.type === 'decorated_definition') return stmt.childForFieldName('definition') ?? undefined;
  return stmt;
}

const decoratorsOf = (outer: TsNode): string[] =>
  outer.type === 'decorated_definition'
    ? outer.namedChildren.filter((c): c is TsNode => c?.type === 'decorator').map((d) => d.text.replace(/^@\s*/, ''))
    : [];

const spanKey = (stmt: Span, value: Span): string => `${stmt.start.line}:${stmt.start.character}:${stmt.end.line}:${stmt.end.character}|${value.start.line}:${value.start.character}:${value.end.line}:${value.end.character}`;

/**
 * The module's functions whose body is kept as IR: those that may build pipelines (mayBuildPipelines), and the
 * module's own functions they call, transitively (a helper that picks dataset names out of parameters).
 */
function keptFunctions(root: TsNode): ReadonlySet<string> {
  const bodies = new Map<string, string>();
  for (const stmt of root.namedChildren) {
    const def = stmt ? unwrapDefinition(stmt) : undefined;
    const name = def?.type === 'function_definition' ? def.childForFieldName('name')?.text : undefined;
    const body = def?.childForFieldName('body');
    if (name && body) bodies.set(name, body.text);
  }
  const kept = new Set<string>();
  const todo = [...bodies].filter(([name, text]) => mayBuildPipelines(name, text)).map(([name]) => name);
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (kept.has(name)) continue;
    kept.add(name);
    for (const m of (bodies.get(name) ?? '').matchAll(/(?<![\w.])([A-Za-z_]\w*)\s*\(/g)) if (bodies.has(m[1] as string) && !kept.has(m[1] as string)) todo.push(m[1] as string);
  }
  return kept;
}

function functionFact(outer: TsNode, def: TsNode, kept?: ReadonlySet<string>): FunctionFact {
  const nameNode = def.childForFieldName('name');
  const returns = def.childForFieldName('return_type');
  const paramsNode = def.childForFieldName('parameters');
  const defaults: Record<string, Expr> = {};
  for (const p of paramsNode?.namedChildren ?? []) {
    if (p?.type !== 'default_parameter' && p?.type !== 'typed_default_parameter') continue;
    const name = p.childForFieldName('name')?.text;
    const value = p.childForFieldName('value');
    if (name && value) defaults[name] = toExpr(value);
  }
  const body = def.childForFieldName('body');
  const name = nameNode?.text ?? '';
  const stmts = body && (kept ? kept.has(name) : mayBuildPipelines(name, body.text)) ? toStmts(body, true) : [];
  // A return value the body IR already holds is shared, not built twice (pipeline bodies are most of the facts).
  const built = new Map<string, Expr>();
  const collect = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) v.forEach(collect);
    else if ((v as Stmt).type === 'return') {
      const r = v as Extract<Stmt, { type: 'return' }>;
      if (r.value) built.set(spanKey(r.span, r.value.span), r.value);
    } else for (const x of Object.values(v)) if (typeof x === 'object') collect(x);
  };
  collect(stmts);
  const returnExprs: (Expr | undefined)[] = [];
  let isGenerator = false;
  if (body) {
    // descendantsOfType runs in wasm and returns only matches: far cheaper than walking every node from JS.
    for (const c of body.descendantsOfType(['return_statement', 'yield'])) {
      if (!c || ownerFunction(c) !== def.id) continue;
      if (c.type === 'yield') isGenerator = true;
      else {
        const v = c.namedChildren.find((x) => x && x.type !== 'comment');
        returnExprs.push(v ? (built.get(spanKey(spanOfNode(c), spanOfNode(v))) ?? toExpr(v)) : undefined);
      }
    }
  }
  const params = paramFacts(paramsNode);
  // Parameters the body tests with isinstance(p, ...): the function handles the types it tests for (KL202).
  const typeTested = new Set<string>();
  if (body?.text.includes('isinstance')) {
    for (const c of body.descendantsOfType('call')) {
      if (!c || c.childForFieldName('function')?.text !== 'isinstance' || ownerFunction(c) !== def.id) continue;
      const first = c.childForFieldName('arguments')?.namedChildren.find((x) => x && x.type !== 'comment');
      if (first?.type === 'identifier' && params.some((q) => q.name === first.text)) typeTested.add(first.text);
    }
  }
  // Parameters the body compares with None: the function handles a None itself (KL202 takes `null` for them).
  const noneTested = new Set<string>();
  if (body?.text.includes('None')) {
    for (const c of body.descendantsOfType('comparison_operator')) {
      if (!c || ownerFunction(c) !== def.id) continue;
      const operands = c.namedChildren.filter((x): x is TsNode => !!x && x.type !== 'comment');
      if (operands.length !== 2 || !operands.some((x) => x.type === 'none')) continue;
      const other = operands.find((x) => x.type !== 'none');
      if (other?.type === 'identifier' && params.some((q) => q.name === other.text)) noneTested.add(other.text);
    }
  }
  return {
    name,
    nameSpan: spanOfNode(nameNode ?? def),
    span: spanOfNode(outer),
    params,
    ...(typeTested.size ? { typeTested: [...typeTested] } : {}),
    ...(noneTested.size ? { noneTested: [...noneTested] } : {}),
    defaults,
    ...(returns ? { returns: annotationText(returns), returnsSpan: spanOfNode(returns) } : {}),
    decorators: decoratorsOf(outer),
    // The first child, not all of them: each child read crosses into wasm.
    isAsync: def.firstChild?.type === 'async',
    isGenerator,
    body: stmts,
    returnExprs,
  };
}

/** The id of the innermost function (or lambda/class) around `n`. */
function ownerFunction(n: TsNode): number | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') return p.id;
  return undefined;
}

/**
 * Only functions that can take part in building pipelines need their body as IR (node functions are never evaluated).
 * A helper that builds pipelines without any of these words is evaluated as unknown: a KL909 note, never a false error.
 */
export function mayBuildPipelines(name: string, bodyText: string): boolean {
  // __init__ too: a project Node subclass whose constructor forwards to Node's builds nodes. after_catalog_created and
  // Kedro 0.17's register_catalog: which datasets a hook adds to the catalog (KL001, KL004). register_config_loader:
  // the loader a 0.17 hook returns.
  if (name === 'create_pipeline' || name === 'register_pipelines' || name === '__init__' || name === 'after_catalog_created' || name === 'register_catalog' || name === 'register_config_loader') return true;
  // Docstrings, strings and comments do not build anything.
  const code = bodyText.replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|#[^\n]*/g, '""');
  // No word boundaries: project Node subclasses (ArgoNode), `*_pipeline()` helpers and partial() count too.
  if (/node|Node|pipeline|Pipeline|sum|partial|\+/.test(code)) return true;
  // A helper that reads the project's configuration through a Kedro config loader (confLoader.ts).
  if (/ConfigLoader|conf(?:ig)?_loader|CONF_SOURCE/.test(code)) return true;
  // A helper that only returns a list or dict comprehension builds names a node call may take (`inputs=mapping(xs)`
  // with `return {k: k for k in xs}`): small, and cheap to keep.
  return /^(?:""\s*)*return\s*[[{][\s\S]*\bfor\b/.test(code.trim());
}

function classFact(outer: TsNode, def: TsNode): ClassFact {
  const nameNode = def.childForFieldName('name');
  const superclasses = (def.childForFieldName('superclasses')?.namedChildren ?? []).filter((c): c is TsNode => !!c && c.type !== 'comment');
  const bases = superclasses.filter((c) => c.type !== 'keyword_argument').map((c) => c.text);
  const totalFalse = superclasses.some((c) => c.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'total' && c.childForFieldName('value')?.text === 'False');
  const methods: FunctionFact[] = [];
  const fields: ClassFieldFact[] = [];
  for (const stmt of def.childForFieldName('body')?.namedChildren ?? []) {
    if (!stmt) continue;
    const inner = unwrapDefinition(stmt);
    if (inner?.type === 'function_definition') methods.push(functionFact(stmt, inner));
    else if (stmt.type === 'expression_statement') {
      const a = stmt.namedChildren[0];
      const left = a?.childForFieldName('left');
      const type = a?.childForFieldName('type');
      if (a?.type === 'assignment' && left?.type === 'identifier' && type) {
        fields.push({ name: left.text, annotation: annotationText(type), hasDefault: !!a.childForFieldName('right'), span: spanOfNode(left) });
      }
    }
  }
  return { name: nameNode?.text ?? '', nameSpan: spanOfNode(nameNode ?? def), span: spanOfNode(outer), bases, decorators: decoratorsOf(outer), methods, fields, ...(totalFalse ? { totalFalse: true as const } : {}) };
}

function annotationText(n: TsNode): string {
  const t = n.type === 'type' ? (n.namedChildren[0] ?? n) : n;
  if (t.type === 'string') return stringValue(t) ?? t.text;
  return t.text;
}

function paramFacts(params: TsNode | null): ParamFact[] {
  if (!params) return [];
  const out: ParamFact[] = [];
  let kind: ParamKind = 'positional';
  const pending: ParamFact[] = [];
  for (const p of params.namedChildren) {
    if (!p) continue;
    if (p.type === 'positional_separator') {
      // Everything before `/` is positional-only.
      for (const q of pending.splice(0)) out.push({ ...q, kind: 'positional-only' });
      continue;
    }
    if (p.type === 'keyword_separator') {
      out.push(...pending.splice(0));
      kind = 'keyword-only';
      continue;
    }
    const fact = paramFact(p, kind);
    if (!fact) continue;
    if (fact.kind === 'var-positional') kind = 'keyword-only';
    if (fact.kind === 'positional') pending.push(fact);
    else {
      out.push(...pending.splice(0));
      out.push(fact);
    }
  }
  out.push(...pending);
  return out;
}

function paramFact(p: TsNode, kind: ParamKind): ParamFact | undefined {
  const typeNode = p.childForFieldName('type');
  const annotation = typeNode ? annotationText(typeNode) : undefined;
  const withAnn = (name: string, k: ParamKind, hasDefault: boolean, at: TsNode): ParamFact => ({
    name,
    kind: k,
    hasDefault,
    ...(annotation !== undefined ? { annotation } : {}),
    span: spanOfNode(at),
  });
  switch (p.type) {
    case 'identifier':
      return withAnn(p.text, kind, false, p);
    case 'default_parameter':
    case 'typed_default_parameter': {
      const n = p.childForFieldName('name') ?? p;
      return withAnn(n.text, kind, true, n);
    }
    case 'typed_parameter': {
      const inner = p.namedChildren[0];
      if (!inner) return undefined;
      if (inner.type === 'list_splat_pattern') return withAnn(inner.text.replace(/^\*/, ''), 'var-positional', false, inner);
      if (inner.type === 'dictionary_splat_pattern') return withAnn(inner.text.replace(/^\*\*/, ''), 'var-keyword', false, inner);
      return withAnn(inner.text, kind, false, inner);
    }
    case 'list_splat_pattern':
      return withAnn(p.text.replace(/^\*/, ''), 'var-positional', false, p);
    case 'dictionary_splat_pattern':
      return withAnn(p.text.replace(/^\*\*/, ''), 'var-keyword', false, p);
    default:
      return undefined;
  }
}

/** Content of a plain string literal; undefined for f-strings and other computed strings. */
function stringValue(n: TsNode): string | undefined {
  if (n.type !== 'string') return undefined;
  const e = toExpr(n);
  return e.type === 'str' ? e.value : undefined;
}

function strLit(n: TsNode | null | undefined): StrLit | undefined {
  if (!n || n.type !== 'string') return undefined;
  const value = stringValue(n);
  if (value === undefined) return undefined;
  const start = n.children.find((c) => c?.type === 'string_start');
  const end = n.children.find((c) => c?.type === 'string_end');
  const span: Span = {
    start: start ? spanOfNode(start).end : spanOfNode(n).start,
    end: end ? { line: end.startPosition.row, character: end.startPosition.column } : spanOfNode(n).end,
  };
  return { value, span };
}

