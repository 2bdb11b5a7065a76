import type { Span } from '../../core/types';

/**
 * A small, plain-data subset of Python expressions and statements: enough to evaluate pipeline construction
 * symbolically (literals, names, calls, `+`, comprehensions, dict/list building). Everything else is `unknown`.
 * Kept in the per-file facts cache, so a file is parsed once per version.
 */
export type Expr =
  | { readonly type: 'str'; readonly value: string; readonly span: Span; readonly contentSpan: Span }
  | { readonly type: 'fstr'; readonly parts: readonly (string | Expr)[]; readonly span: Span }
  | { readonly type: 'num'; readonly value: number; readonly span: Span }
  | { readonly type: 'bool'; readonly value: boolean; readonly span: Span }
  | { readonly type: 'none'; readonly span: Span }
  | { readonly type: 'name'; readonly id: string; readonly span: Span }
  | { readonly type: 'attr'; readonly obj: Expr; readonly attr: string; readonly span: Span }
  | { readonly type: 'call'; readonly fn: Expr; readonly args: readonly Expr[]; readonly kwargs: readonly Kwarg[]; readonly splat: boolean; readonly span: Span }
  | { readonly type: 'list' | 'tuple' | 'set'; readonly items: readonly Expr[]; readonly span: Span }
  /** `**mapping` in a display is an entry whose key is a `splat` of the mapping (and whose value is the mapping). */
  | { readonly type: 'dict'; readonly entries: readonly { readonly key: Expr; readonly value: Expr }[]; readonly span: Span }
  | { readonly type: 'bin'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly span: Span }
  /** List/set/generator comprehension; for `dict`, `key` is the key and `elt` the value. */
  | { readonly type: 'comp'; readonly kind: 'list' | 'gen' | 'set' | 'dict'; readonly key?: Expr; readonly elt: Expr; readonly clauses: readonly CompClause[]; readonly span: Span }
  /** `a == b`, `a in b`, ... (one operator; chains are `unknown`). */
  | { readonly type: 'cmp'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly type: 'not'; readonly arg: Expr; readonly span: Span }
  | { readonly type: 'boolop'; readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr; readonly span: Span }
  /** `body if cond else orelse`. */
  | { readonly type: 'ifexp'; readonly cond: Expr; readonly body: Expr; readonly orelse: Expr; readonly span: Span }
  /** `params`/`body` only when every parameter is a plain name (no defaults, `*args`, `**kw`). */
  | { readonly type: 'lambda'; readonly span: Span; readonly params?: readonly string[]; readonly body?: Expr }
  /** `*xs` inside a list/tuple/set display. */
  | { readonly type: 'splat'; readonly value: Expr; readonly span: Span }
  | { readonly type: 'subscript'; readonly obj: Expr; readonly index: Expr; readonly span: Span }
  /** `start:stop:step` as a subscript's index; an absent part is undefined. */
  | { readonly type: 'slice'; readonly start?: Expr; readonly stop?: Expr; readonly step?: Expr; readonly span: Span }
  | { readonly type: 'unknown'; readonly span: Span; readonly text: string };

export type CompClause = { readonly type: 'for'; readonly targets: readonly string[]; readonly iter: Expr } | { readonly type: 'if'; readonly cond: Expr };

export interface Kwarg {
  /** undefined for `**mapping`. */
  readonly name: string | undefined;
  readonly value: Expr;
}

export type Target =
  | { readonly type: 'name'; readonly id: string }
  | { readonly type: 'subscript'; readonly obj: string; readonly key: Expr }
  | { readonly type: 'unpack'; readonly ids: readonly string[] }
  | { readonly type: 'other' };

export type Stmt =
  | { readonly type: 'assign'; readonly targets: readonly Target[]; readonly value: Expr; readonly span: Span }
  | { readonly type: 'augassign'; readonly target: Target; readonly op: string; readonly value: Expr; readonly span: Span }
  | { readonly type: 'return'; readonly value: Expr | undefined; readonly span: Span }
  | { readonly type: 'expr'; readonly value: Expr; readonly span: Span }
  /** if/for/while/try/with/match (and nested def/class/del/import): names assigned inside become unknown; `returns` says whether it may return. */
  | { readonly type: 'block'; readonly kind: string; readonly assigned: readonly string[]; readonly returns: boolean; readonly span: Span }
  /** `if`/`elif`/`else` (elif nests in `orelse`); `assigned`/`returns` as for a block, for when the branch can't be chosen. */
  | { readonly type: 'if'; readonly cond: Expr; readonly body: readonly Stmt[]; readonly orelse: readonly Stmt[]; readonly assigned: readonly string[]; readonly returns: boolean; readonly span: Span }
  /** `if cond: break` / `if cond: continue` directly in a loop body (the only jumps a loop is unrolled with). */
  | { readonly type: 'guard'; readonly kind: 'break' | 'continue'; readonly cond: Expr; readonly span: Span }
  /** `for` over a loop target; `jumps`: break/continue (other than guards)/return/else inside, so it is not unrolled. */
  | { readonly type: 'for'; readonly target: Target; readonly iter: Expr; readonly body: readonly Stmt[]; readonly jumps: boolean; readonly assigned: readonly string[]; readonly returns: boolean; readonly span: Span }
  /**
   * `try:`/`except` (no `else`/`finally`) whose body only imports, binds constants and logs: whether it takes a
   * handler depends on the imports alone. `assigned`/`returns` as for a block, for when that is not known.
   */
  | { readonly type: 'try'; readonly body: readonly Stmt[]; readonly handlers: readonly ExceptHandler[]; readonly assigned: readonly string[]; readonly returns: boolean; readonly span: Span }
  /** An import inside such a `try` body (`module` as written, relative dots kept); `import m [as n]` binds `local`. */
  | { readonly type: 'import'; readonly module: string; readonly names: readonly { readonly name: string; readonly local: string }[]; readonly local?: string; readonly span: Span };

/** `except A, B:`: the exception names as written (`catches` undefined for a bare `except:`). */
export interface ExceptHandler {
  readonly catches?: readonly string[];
  readonly body: readonly Stmt[];
}
