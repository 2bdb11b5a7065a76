import type { Span } from '../../core/types';

/**
 * A small, plain-data subset of Python expressions and statements: enough to evaluate pipeline construction
 * symbolically (literals, names, calls, `+`, comprehensions, dict/list building). Everything else is `unknown`.
 * Kept in the per-file facts cache, so a file is parsed once per version.
 */
export type Expr =
  | { readonly k: 'str'; readonly value: string; readonly span: Span; readonly contentSpan: Span }
  | { readonly k: 'fstr'; readonly parts: readonly (string | Expr)[]; readonly span: Span }
  | { readonly k: 'num'; readonly value: number; readonly span: Span }
  | { readonly k: 'bool'; readonly value: boolean; readonly span: Span }
  | { readonly k: 'none'; readonly span: Span }
  | { readonly k: 'name'; readonly id: string; readonly span: Span }
  | { readonly k: 'attr'; readonly obj: Expr; readonly attr: string; readonly span: Span }
  | { readonly k: 'call'; readonly fn: Expr; readonly args: readonly Expr[]; readonly kwargs: readonly Kwarg[]; readonly splat: boolean; readonly span: Span }
  | { readonly k: 'list' | 'tuple' | 'set'; readonly items: readonly Expr[]; readonly span: Span }
  | { readonly k: 'dict'; readonly entries: readonly { readonly key: Expr; readonly value: Expr }[]; readonly span: Span }
  | { readonly k: 'bin'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly k: 'comp'; readonly kind: 'list' | 'gen' | 'set'; readonly elt: Expr; readonly targets: readonly string[]; readonly iter: Expr; readonly filtered: boolean; readonly span: Span }
  | { readonly k: 'subscript'; readonly obj: Expr; readonly index: Expr; readonly span: Span }
  | { readonly k: 'unknown'; readonly span: Span; readonly text: string };

export interface Kwarg {
  /** undefined for `**mapping`. */
  readonly name: string | undefined;
  readonly value: Expr;
}

export type Target =
  | { readonly k: 'name'; readonly id: string }
  | { readonly k: 'subscript'; readonly obj: string; readonly key: Expr }
  | { readonly k: 'unpack'; readonly ids: readonly string[] }
  | { readonly k: 'other' };

export type Stmt =
  | { readonly k: 'assign'; readonly targets: readonly Target[]; readonly value: Expr; readonly span: Span }
  | { readonly k: 'augassign'; readonly target: Target; readonly op: string; readonly value: Expr; readonly span: Span }
  | { readonly k: 'return'; readonly value: Expr | undefined; readonly span: Span }
  | { readonly k: 'expr'; readonly value: Expr; readonly span: Span }
  /** if/for/while/try/with/match: names assigned inside become unknown; `returns` says whether it may return. */
  | { readonly k: 'block'; readonly kind: string; readonly assigned: readonly string[]; readonly returns: boolean; readonly span: Span };
