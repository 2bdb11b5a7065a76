import type { SyntaxNode as TsNode } from './syntaxNode';
import type { Span } from '../../core/types';
import { CompactSpan } from '../../core/compactSpan';
import type { CompClause, ExceptHandler, Expr, Kwarg, Stmt, Target } from './ir';

/** One object (a CompactSpan) instead of three: spans are most of what extraction allocates, and the facts encoder writes them fastest. */
export const spanOfNode = (n: TsNode): Span => {
  // endPosition is a call into wasm on every read of a library node (startPosition is not): read it once.
  const start = n.startPosition;
  const end = n.endPosition;
  return new CompactSpan(start.row, start.column, end.row, end.column);
};

const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);
const named = (n: TsNode): TsNode[] => n.namedChildren.filter((c): c is TsNode => !!c && c.type !== 'comment');

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

/** Python's escape sequences in a (non-raw) string literal's content; unknown ones stay as written, as in Python. */
function unescape(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (seq, body: string) => {
    if (/^[xuU]/.test(body) && body.length > 1) return String.fromCodePoint(parseInt(body.slice(1), 16));
    if (/^[0-7]+$/.test(body)) return String.fromCodePoint(parseInt(body, 8));
    return SIMPLE_ESCAPES[body] ?? seq;
  });
}

/** Content span of a string literal: between the quotes. */
function contentSpan(n: TsNode): Span {
  const start = n.children.find((c) => c?.type === 'string_start');
  const end = n.children.find((c) => c?.type === 'string_end');
  const whole = spanOfNode(n);
  return {
    start: start ? spanOfNode(start).end : whole.start,
    end: end ? { line: end.startPosition.row, character: end.startPosition.column } : whole.end,
  };
}

function stringExpr(n: TsNode): Expr {
  const span = spanOfNode(n);
  // Most literals are plain "name" strings: read them from the text, without visiting child nodes (each visit crosses
  // into wasm, and pipeline modules are made of these).
  const whole = n.text;
  const q = whole[0];
  if ((q === '"' || q === "'") && whole.length >= 2 && whole[whole.length - 1] === q && !whole.startsWith(q + q + q) && !whole.includes('\\') && !whole.includes('\n')) {
    const contentSpan = { start: { line: span.start.line, character: span.start.character + 1 }, end: { line: span.end.line, character: span.end.character - 1 } };
    return { type: 'str', value: whole.slice(1, -1), span, contentSpan };
  }
  const prefix = n.children.find((c) => c?.type === 'string_start')?.text ?? '';
  const raw = /r/i.test(prefix);
  const parts: (string | Expr)[] = [];
  let text = '';
  for (const c of n.namedChildren) {
    if (!c) continue;
    // Newer grammars nest escape_sequence nodes inside string_content: unescape the content as a whole.
    if (c.type === 'string_content') text += raw ? c.text : unescape(c.text);
    else if (c.type === 'escape_sequence') text += raw ? c.text : unescape(c.text);
    else if (c.type === 'interpolation') {
      if (text) parts.push(text);
      text = '';
      const inner = c.childForFieldName('expression');
      const plain = inner && !c.namedChildren.some((x) => x?.type === 'format_specifier' || x?.type === 'type_conversion');
      parts.push(plain ? toExpr(inner) : { type: 'unknown', span: spanOfNode(c), text: c.text });
    }
  }
  if (parts.length === 0) return { type: 'str', value: text, span, contentSpan: contentSpan(n) };
  if (text) parts.push(text);
  return { type: 'fstr', parts, span };
}

/**
 * How deep expressions nest in the IR; deeper ones are `unknown`. CPython refuses more than 200 nested brackets, and
 * ~3,000 nested calls overflowed the stack here, in the evaluator and in every walk of the IR.
 */
export const MAX_EXPR_DEPTH = 200;
let exprDepth = 0;

/** Converts a tree-sitter expression to the IR; anything outside the subset becomes `unknown`. */
export function toExpr(n: TsNode): Expr {
  if (exprDepth >= MAX_EXPR_DEPTH) return { type: 'unknown', span: spanOfNode(n), text: 'expression nested too deeply' };
  exprDepth++;
  try {
    return convertExpr(n);
  } finally {
    exprDepth--;
  }
}

function convertExpr(n: TsNode): Expr {
  const span = spanOfNode(n);
  switch (n.type) {
    case 'string':
      return stringExpr(n);
    case 'concatenated_string': {
      const parts = named(n).map(stringExpr);
      if (parts.every((p) => p.type === 'str')) {
        return { type: 'str', value: parts.map((p) => (p.type === 'str' ? p.value : '')).join(''), span, contentSpan: span };
      }
      return { type: 'fstr', parts: parts.flatMap((p) => (p.type === 'str' ? [p.value] : p.type === 'fstr' ? p.parts : [p])), span };
    }
    case 'integer':
    case 'float': {
      const v = Number(n.text.replace(/_/g, ''));
      return Number.isNaN(v) ? { type: 'unknown', span, text: n.text } : { type: 'num', value: v, span };
    }
    case 'true':
    case 'false':
      return { type: 'bool', value: n.type === 'true', span };
    case 'none':
      return { type: 'none', span };
    case 'identifier':
      return { type: 'name', id: n.text, span };
    case 'attribute': {
      const obj = n.childForFieldName('object');
      const attr = n.childForFieldName('attribute');
      return obj && attr ? { type: 'attr', obj: toExpr(obj), attr: attr.text, span } : { type: 'unknown', span, text: n.text };
    }
    case 'parenthesized_expression': {
      const inner = named(n)[0];
      return inner ? toExpr(inner) : { type: 'unknown', span, text: n.text };
    }
    case 'call':
      return callExpr(n, span);
    case 'list':
    case 'tuple':
    case 'set':
    case 'expression_list':
      return { type: n.type === 'expression_list' ? 'tuple' : n.type, items: named(n).map(itemExpr), span };
    case 'dictionary': {
      const items = named(n);
      if (items.some((i) => i.type !== 'pair' && i.type !== 'dictionary_splat')) return { type: 'unknown', span, text: n.text };
      return {
        type: 'dict',
        entries: items.map((p) => {
          if (p.type === 'dictionary_splat') {
            const inner = named(p)[0];
            const value: Expr = inner ? toExpr(inner) : { type: 'unknown', span: spanOfNode(p), text: p.text };
            return { key: { type: 'splat', value, span: spanOfNode(p) }, value };
          }
          const key = p.childForFieldName('key');
          const value = p.childForFieldName('value');
          return { key: key ? toExpr(key) : { type: 'unknown', span, text: '' }, value: value ? toExpr(value) : { type: 'unknown', span, text: '' } };
        }),
        span,
      };
    }
    case 'binary_operator': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      const op = n.childForFieldName('operator')?.text ?? '';
      return left && right ? { type: 'bin', op, left: toExpr(left), right: toExpr(right), span } : { type: 'unknown', span, text: n.text };
    }
    case 'list_comprehension':
    case 'generator_expression':
    case 'set_comprehension':
    case 'dictionary_comprehension':
      return comprehension(n, span);
    case 'comparison_operator': {
      const operands = named(n);
      const ops = n.childrenForFieldName('operators');
      const op = ops.length === 1 ? (ops[0]?.text ?? '').replace(/\s+/g, ' ') : undefined;
      const [left, right] = operands;
      return op && operands.length === 2 && left && right ? { type: 'cmp', op, left: toExpr(left), right: toExpr(right), span } : { type: 'unknown', span, text: n.text };
    }
    case 'not_operator': {
      const arg = n.childForFieldName('argument');
      return arg ? { type: 'not', arg: toExpr(arg), span } : { type: 'unknown', span, text: n.text };
    }
    case 'boolean_operator': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      const op = n.childForFieldName('operator')?.text;
      return left && right && (op === 'and' || op === 'or') ? { type: 'boolop', op, left: toExpr(left), right: toExpr(right), span } : { type: 'unknown', span, text: n.text };
    }
    case 'conditional_expression': {
      // Named children in source order: the value, the condition, the alternative.
      const [body, cond, orelse] = named(n);
      return body && cond && orelse && named(n).length === 3 ? { type: 'ifexp', cond: toExpr(cond), body: toExpr(body), orelse: toExpr(orelse), span } : { type: 'unknown', span, text: n.text };
    }
    case 'lambda': {
      const ps = n.childForFieldName('parameters');
      const body = n.childForFieldName('body');
      const params = ps ? named(ps) : [];
      if (!body || params.some((x) => x.type !== 'identifier')) return { type: 'lambda', span };
      return { type: 'lambda', span, params: params.map((x) => x.text), body: toExpr(body) };
    }
    case 'subscript': {
      const obj = n.childForFieldName('value');
      const index = n.childForFieldName('subscript');
      return obj && index ? { type: 'subscript', obj: toExpr(obj), index: toExpr(index), span } : { type: 'unknown', span, text: n.text };
    }
    case 'slice': {
      // No fields: a part's place is the number of ':' before it.
      const parts: (Expr | undefined)[] = [undefined, undefined, undefined];
      let at = 0;
      for (const c of n.children) {
        if (!c || c.type === 'comment') continue;
        if (c.type === ':') at++;
        else if (at < 3) parts[at] = toExpr(c);
      }
      const [start, stop, step] = parts;
      return { type: 'slice', ...(start ? { start } : {}), ...(stop ? { stop } : {}), ...(step ? { step } : {}), span };
    }
    case 'unary_operator': {
      const arg = n.childForFieldName('argument');
      if (arg && (arg.type === 'integer' || arg.type === 'float') && n.text.startsWith('-')) return { type: 'num', value: -Number(arg.text), span };
      return { type: 'unknown', span, text: n.text };
    }
    default:
      return { type: 'unknown', span, text: n.text.length > 200 ? `${n.text.slice(0, 200)}…` : n.text };
  }
}

/** Calls converted while building one module's IR, by place and text; see `reusingCalls`. */
let callReuse: { readonly previous: ReadonlyMap<string, Expr> | undefined; readonly next: Map<string, Expr> } | undefined;

/**
 * Runs `build` so that a call with the same text at the same line and column as in `previous` (the calls of the
 * module's last version) gets that version's IR back without visiting its children: an edit of one node() in a
 * pipeline module of hundreds then converts one call, not all (each child visit crosses into wasm).
 * The IR of a call depends only on its text and position, so the reused object is exactly what would be built.
 */
export function reusingCalls<T>(previous: ReadonlyMap<string, Expr> | undefined, build: () => T): { readonly value: T; readonly calls: ReadonlyMap<string, Expr> } {
  const outer = callReuse;
  callReuse = { previous, next: new Map() };
  try {
    return { value: build(), calls: callReuse.next };
  } finally {
    callReuse = outer;
  }
}

function callExpr(n: TsNode, span: Span): Expr {
  if (!callReuse) return convertCall(n, span);
  const key = `${span.start.line}:${span.start.character}:${n.text}`;
  const expr = callReuse.previous?.get(key) ?? convertCall(n, span);
  callReuse.next.set(key, expr);
  return expr;
}

function convertCall(n: TsNode, span: Span): Expr {
  const fn = n.childForFieldName('function');
  const argsNode = n.childForFieldName('arguments');
  if (!fn) return { type: 'unknown', span, text: n.text };
  const args: Expr[] = [];
  const kwargs: Kwarg[] = [];
  let splat = false;
  if (argsNode?.type === 'generator_expression') args.push(toExpr(argsNode));
  else {
    for (const a of argsNode ? named(argsNode) : []) {
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name')?.text;
        const value = a.childForFieldName('value');
        if (name && value) kwargs.push({ name, value: toExpr(value) });
      } else if (a.type === 'dictionary_splat') {
        const inner = named(a)[0];
        kwargs.push({ name: undefined, value: inner ? toExpr(inner) : { type: 'unknown', span: spanOfNode(a), text: a.text } });
      } else if (a.type === 'list_splat') {
        splat = true;
        args.push({ type: 'unknown', span: spanOfNode(a), text: a.text });
      } else args.push(toExpr(a));
    }
  }
  return { type: 'call', fn: toExpr(fn), args, kwargs, splat, span };
}

/** `*xs` in a display is spliced in; anything else as usual. */
function itemExpr(n: TsNode): Expr {
  if (n.type !== 'list_splat') return toExpr(n);
  const inner = named(n)[0];
  return inner ? { type: 'splat', value: toExpr(inner), span: spanOfNode(n) } : { type: 'unknown', span: spanOfNode(n), text: n.text };
}

function comprehension(n: TsNode, span: Span): Expr {
  const body = n.childForFieldName('body');
  const kind = n.type === 'list_comprehension' ? 'list' : n.type === 'set_comprehension' ? 'set' : n.type === 'dictionary_comprehension' ? 'dict' : 'gen';
  if (!body) return { type: 'unknown', span, text: n.text };
  const clauses: CompClause[] = [];
  for (const c of named(n)) {
    if (c.type === 'if_clause') {
      const cond = named(c)[0];
      if (!cond) return { type: 'unknown', span, text: n.text };
      clauses.push({ type: 'if', cond: toExpr(cond) });
    } else if (c.type === 'for_in_clause') {
      const left = c.childForFieldName('left');
      const right = c.childForFieldName('right');
      if (!left || !right) return { type: 'unknown', span, text: n.text };
      const targets = left.type === 'identifier' ? [left.text] : named(left).every((x) => x.type === 'identifier') ? named(left).map((x) => x.text) : undefined;
      if (!targets) return { type: 'unknown', span, text: n.text };
      clauses.push({ type: 'for', targets, iter: toExpr(right) });
    }
  }
  if (clauses[0]?.type !== 'for') return { type: 'unknown', span, text: n.text };
  if (kind === 'dict') {
    const key = body.type === 'pair' ? body.childForFieldName('key') : null;
    const value = body.type === 'pair' ? body.childForFieldName('value') : null;
    if (!key || !value) return { type: 'unknown', span, text: n.text };
    return { type: 'comp', kind, key: toExpr(key), elt: toExpr(value), clauses, span };
  }
  return { type: 'comp', kind, elt: toExpr(body), clauses, span };
}

function toTarget(n: TsNode): Target {
  if (n.type === 'identifier') return { type: 'name', id: n.text };
  if (n.type === 'subscript') {
    const obj = n.childForFieldName('value');
    const key = n.childForFieldName('subscript');
    if (obj?.type === 'identifier' && key) return { type: 'subscript', obj: obj.text, key: toExpr(key) };
  }
  if ((n.type === 'pattern_list' || n.type === 'tuple_pattern' || n.type === 'list_pattern') && named(n).every((c) => c.type === 'identifier')) {
    return { type: 'unpack', ids: named(n).map((c) => c.text) };
  }
  return { type: 'other' };
}

/** Names bound anywhere inside `n` (assignments, loop targets, with-as), not inside nested functions/classes. */
function assignedNames(n: TsNode, out: Set<string>): void {
  for (const c of named(n)) {
    if (NESTED_SCOPES.has(c.type)) {
      const name = c.childForFieldName('name');
      if (name) out.add(name.text);
      continue;
    }
    if (c.type === 'assignment' || c.type === 'augmented_assignment' || c.type === 'for_statement' || c.type === 'for_in_clause') {
      const left = c.childForFieldName('left');
      if (left) for (const id of left.type === 'identifier' ? [left] : left.descendantsOfType('identifier')) if (id) out.add(id.text);
    }
    if (c.type === 'as_pattern_target' || c.type === 'named_expression') {
      for (const id of c.descendantsOfType('identifier')) if (id) out.add(id.text);
    }
    if (c.type === 'expression_statement') {
      // `x.append(...)` / `x.extend(...)` / `x[k] = v` mutate x.
      const call = named(c)[0];
      const target = call?.type === 'call' ? call.childForFieldName('function')?.childForFieldName('object') : undefined;
      if (target?.type === 'identifier') out.add(target.text);
    }
    assignedNames(c, out);
  }
}

/** `return` statements and `yield`s inside `n`, not inside nested functions. */
export function walkOwnScope(n: TsNode, visit: (c: TsNode) => void): void {
  for (const c of n.namedChildren) {
    if (!c) continue;
    visit(c);
    if (!NESTED_SCOPES.has(c.type)) walkOwnScope(c, visit);
  }
}

/** What a compound statement binds and whether it may return, for when it is not evaluated. */
function summary(s: TsNode): { assigned: string[]; returns: boolean } {
  const assigned = new Set<string>();
  assignedNames(s, assigned);
  let returns = false;
  walkOwnScope(s, (c) => {
    if (c.type === 'return_statement') returns = true;
  });
  return { assigned: [...assigned], returns };
}

/** `logger.warning(...)`, `logging.info(...)`, `warnings.warn(...)`, `print(...)`: a statement that changes no value. */
function isLogCall(s: TsNode): boolean {
  const call = s.type === 'expression_statement' ? named(s)[0] : undefined;
  const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
  if (fn?.type === 'identifier') return fn.text === 'print';
  const obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  return obj?.type === 'identifier' && /^(?:_?log(?:ger)?|LOG(?:GER)?|logging|warnings)$/.test(obj.text);
}

/**
 * `if cond: break` or `if cond: continue` (no elif/else; before the jump only logging calls): which jump, else
 * undefined.
 */
function guardOf(s: TsNode): 'break' | 'continue' | undefined {
  if (s.type !== 'if_statement' || s.childrenForFieldName('alternative').some((c) => !!c)) return undefined;
  const inner = s.childForFieldName('consequence');
  const stmts = inner ? named(inner) : [];
  const last = stmts.at(-1);
  if (!last || !stmts.slice(0, -1).every(isLogCall)) return undefined;
  return last.type === 'break_statement' ? 'break' : last.type === 'continue_statement' ? 'continue' : undefined;
}

/** break/continue/else in a loop (not in loops nested inside it, nor guards directly in its body): not unrolled. */
function loopJumps(body: TsNode): boolean {
  let jumps = false;
  const visit = (n: TsNode): void => {
    for (const c of named(n)) {
      if (n === body && guardOf(c)) continue;
      if (c.type === 'break_statement' || c.type === 'continue_statement' || c.type === 'return_statement') jumps = true;
      else if (!NESTED_SCOPES.has(c.type) && c.type !== 'for_statement' && c.type !== 'while_statement') visit(c);
    }
  };
  visit(body);
  return jumps;
}

/** `if` with its elif/else chain; an elif becomes an `if` in the else branch. */
function ifStmt(s: TsNode, cond: TsNode | null, consequence: TsNode | null, alternatives: readonly TsNode[], span: Span): Stmt {
  const { assigned, returns } = summary(s);
  const [first, ...rest] = alternatives;
  let orelse: Stmt[] = [];
  if (first?.type === 'else_clause') orelse = toStmts(first.childForFieldName('body') ?? first, true);
  else if (first?.type === 'elif_clause') orelse = [ifStmt(s, first.childForFieldName('condition'), first.childForFieldName('consequence'), rest, spanOfNode(first))];
  return {
    type: 'if',
    cond: cond ? toExpr(cond) : { type: 'unknown', span, text: '' },
    body: consequence ? toStmts(consequence, true) : [],
    orelse,
    assigned,
    returns,
    span,
  };
}

const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical']);

/** A statement of a `try` body that raises nothing itself: a constant bound to a name, a log line, `pass`. */
function quietStatement(s: TsNode): boolean {
  if (s.type === 'pass_statement') return true;
  if (s.type !== 'expression_statement') return false;
  const inner = named(s)[0];
  if (!inner) return true;
  if (inner.type === 'string') return true;
  if (inner.type === 'assignment') {
    const left = inner.childForFieldName('left');
    const right = inner.childForFieldName('right');
    return left?.type === 'identifier' && !!right && ['true', 'false', 'none', 'integer', 'string'].includes(right.type) && !right.descendantsOfType('interpolation').length;
  }
  if (inner.type !== 'call') return false;
  const fn = inner.childForFieldName('function');
  return (fn?.type === 'identifier' && fn.text === 'print') || (fn?.type === 'attribute' && fn.childForFieldName('object')?.type === 'identifier' && LOG_METHODS.has(fn.childForFieldName('attribute')?.text ?? ''));
}

function importStmt(s: TsNode, span: Span): Stmt | undefined {
  if (s.type === 'import_statement') {
    const names = s.childrenForFieldName('name');
    // `import a.b` binds `a`: only one module a statement, undotted unless aliased (`import m`, `import a.b as n`).
    const n = names.length === 1 ? names[0] : undefined;
    if (!n || (n.type !== 'aliased_import' && n.text.includes('.'))) return undefined;
    const module = n.type === 'aliased_import' ? (n.childForFieldName('name')?.text ?? '') : n.text;
    const local = n.type === 'aliased_import' ? (n.childForFieldName('alias')?.text ?? module) : module;
    return { type: 'import', module, names: [], local, span };
  }
  if (s.type !== 'import_from_statement' || s.namedChildren.some((c) => c?.type === 'wildcard_import')) return undefined;
  const module = s.childForFieldName('module_name')?.text.replace(/\s+/g, '') ?? '';
  const names = s.childrenForFieldName('name').flatMap((n) => {
    if (!n) return [];
    if (n.type !== 'aliased_import') return [{ name: n.text, local: n.text }];
    const name = n.childForFieldName('name')?.text ?? '';
    return [{ name, local: n.childForFieldName('alias')?.text ?? name }];
  });
  return { type: 'import', module, names, span };
}

/**
 * `try:` + `except` clauses whose body only imports and runs quiet statements (the optional-import idiom): kept with
 * its imports, so the evaluator can tell from them which way it goes. Anything else: undefined (a block).
 */
function tryStmt(s: TsNode, span: Span, assigned: string[], returns: boolean): Stmt | undefined {
  const bodyNode = s.childForFieldName('body');
  if (!bodyNode || returns) return undefined;
  const body: Stmt[] = [];
  let imports = 0;
  for (const c of named(bodyNode)) {
    const imp = importStmt(c, spanOfNode(c));
    if (imp) {
      imports++;
      body.push(imp);
    } else if (quietStatement(c)) body.push(...toStmts({ namedChildren: [c] } as unknown as TsNode, true));
    else return undefined;
  }
  const handlers: ExceptHandler[] = [];
  for (const c of named(s)) {
    if (c === bodyNode || c.type === 'block') continue;
    if (c.type !== 'except_clause') return undefined; // else/finally, except*
    const value = c.childForFieldName('value');
    const types = value?.type === 'as_pattern' ? named(value)[0] : value;
    const catches = !types ? undefined : types.type === 'tuple' || types.type === 'parenthesized_expression' ? named(types).map((t) => t.text) : [types.text];
    const block = named(c).find((x) => x.type === 'block');
    handlers.push({ ...(catches ? { catches } : {}), body: block ? toStmts(block, true) : [] });
  }
  return imports && handlers.length ? { type: 'try', body, handlers, assigned, returns, span } : undefined;
}

/** The statements of a block (function body or module) in IR form; `nested` for bodies, where def/class shadow. */
export function toStmts(block: TsNode, nested = false, loopBody = false): Stmt[] {
  return stmtsOf(named(block), nested, loopBody);
}

function stmtsOf(statements: readonly TsNode[], nested: boolean, loopBody: boolean): Stmt[] {
  const out: Stmt[] = [];
  for (const s of statements) {
    const span = spanOfNode(s);
    const guard = loopBody ? guardOf(s) : undefined;
    const cond = guard ? s.childForFieldName('condition') : null;
    if (guard && cond) {
      out.push({ type: 'guard', kind: guard, cond: toExpr(cond), span });
      continue;
    }
    switch (s.type) {
      case 'expression_statement': {
        const inner = named(s)[0];
        if (!inner) break;
        // Docstrings and other bare strings do nothing.
        if (inner.type === 'string' || inner.type === 'concatenated_string') break;
        if (inner.type === 'assignment') {
          // a = b = value: the right side nests another assignment.
          const targets: Target[] = [];
          let cur: TsNode | null = inner;
          while (cur?.type === 'assignment') {
            const left = cur.childForFieldName('left');
            if (left) targets.push(toTarget(left));
            const right: TsNode | null = cur.childForFieldName('right');
            if (right?.type !== 'assignment') {
              out.push({ type: 'assign', targets, value: right ? toExpr(right) : { type: 'none', span }, span });
              break;
            }
            cur = right;
          }
        } else if (inner.type === 'augmented_assignment') {
          const left = inner.childForFieldName('left');
          const right = inner.childForFieldName('right');
          const op = (inner.childForFieldName('operator')?.text ?? '').replace('=', '');
          if (left && right) out.push({ type: 'augassign', target: toTarget(left), op, value: toExpr(right), span });
        } else out.push({ type: 'expr', value: toExpr(inner), span });
        break;
      }
      case 'return_statement': {
        const v = named(s)[0];
        out.push({ type: 'return', value: v ? toExpr(v) : undefined, span });
        break;
      }
      case 'if_statement':
        out.push(ifStmt(s, s.childForFieldName('condition'), s.childForFieldName('consequence'), s.childrenForFieldName('alternative').filter((c): c is TsNode => !!c), span));
        break;
      case 'for_statement': {
        const left = s.childForFieldName('left');
        const right = s.childForFieldName('right');
        const body = s.childForFieldName('body');
        const { assigned, returns } = summary(s);
        const target: Target = left ? toTarget(left) : { type: 'other' };
        const jumps = !body || !!s.childForFieldName('alternative') || loopJumps(body);
        out.push({ type: 'for', target, iter: right ? toExpr(right) : { type: 'unknown', span, text: '' }, body: body ? toStmts(body, true, true) : [], jumps, assigned, returns, span });
        break;
      }
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition': {
        // A def inside a function shadows the module's names; its value is not modelled.
        if (!nested) break;
        const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
        const name = def?.childForFieldName('name')?.text;
        if (name) out.push({ type: 'block', kind: 'def', assigned: [name], returns: false, span });
        break;
      }
      case 'delete_statement': {
        const { assigned } = summary(s);
        const names = s.descendantsOfType('identifier').flatMap((id) => (id && id.parent?.type !== 'attribute' ? [id.text] : []));
        out.push({ type: 'block', kind: 'del', assigned: [...new Set([...assigned, ...names])], returns: false, span });
        break;
      }
      case 'try_statement': {
        const { assigned, returns } = summary(s);
        out.push(tryStmt(s, span, assigned, returns) ?? { type: 'block', kind: 'try', assigned, returns, span });
        break;
      }
      case 'while_statement':
      case 'with_statement':
      case 'match_statement': {
        const { assigned, returns } = summary(s);
        out.push({ type: 'block', kind: s.type.replace('_statement', ''), assigned, returns, span });
        break;
      }
      default:
        break;
    }
  }
  return out;
}
