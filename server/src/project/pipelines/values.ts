import type { Loc, Span } from '../../core/types';
import type { ClassFact, FunctionFact } from '../../parsing/python/facts';
import type { Expr } from '../../parsing/python/ir';
import type { ModuleInfo } from '../pythonIndex';
import type { PipelineValue, ResolvedNode, Unresolved } from './types';
import type { LoaderSpec } from './confLoader';

// Generic Python values and the helpers that need no evaluator state. Kedro's own meaning of them lives in
// kedroSemantics.ts (which imports this file, never the other way round); evaluation itself in pythonEvaluator.ts
// (generic) and evaluator.ts (Kedro's callables).

/** Symbolic values: what a Python expression evaluates to, as far as static analysis can tell. */
export type Val =
  | { readonly kind: 'str'; readonly value: string; readonly loc?: Loc; readonly literal: boolean }
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' }
  | { readonly kind: 'list'; readonly items: readonly Val[] }
  /** `fromFind`: find_pipelines()'s result (and edits of it): a missing key is a KeyError when no such folder exists. */
  /**
   * `keyVals`: the keys as Python has them, aligned with `entries`, when some are not str (an int key of a YAML mapping):
   * `entries` then holds their text, and only iteration and lookups by an equal key use them.
   * The fourth element of an entry is where a dict literal wrote its value.
   * `open`: changed in a loop over values not known statically: the entries are what is known before it, any of them may
   * have been replaced and more may have been added (see forgetDict in pythonEvaluator.ts).
   */
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [string, Val, Loc | undefined, Loc?])[]; readonly fromFind?: boolean; readonly keyVals?: readonly Val[]; readonly open?: Unresolved }
  | { readonly kind: 'node'; readonly node: ResolvedNode }
  | { readonly kind: 'pipeline'; readonly pipeline: PipelineValue }
  | { readonly kind: 'func'; readonly module: ModuleInfo; readonly fn: FunctionFact }
  | { readonly kind: 'external'; readonly module: string; readonly name: string | undefined }
  | { readonly kind: 'module'; readonly module: ModuleInfo }
  | { readonly kind: 'kedro'; readonly name: 'node' | 'pipeline' | 'find_pipelines' | 'llm_context_node' | 'tool' | 'pipeline_ml_factory' }
  /** kedro.pipeline.llm_context.tool(func, *inputs): the dataset names an llm_context_node also reads for it. */
  | { readonly kind: 'llmTool'; readonly inputs: readonly Val[] }
  /** `closure`: a lambda whose parameters are plain names, with the scope it was made in (Python binds late). */
  | { readonly kind: 'lambda'; readonly closure?: { readonly params: readonly string[]; readonly body: Expr; readonly mod: ModuleInfo; readonly scope: ReadonlyMap<string, Val>; readonly depth: number } }
  /** functools.partial(fn, ...); `wrapped` after update_wrapper(p, fn): the name and module are fn's. */
  | { readonly kind: 'partial'; readonly fn: Val; readonly nargs: number; readonly keywords: readonly string[]; readonly wrapped: boolean }
  | { readonly kind: 'class'; readonly module: ModuleInfo; readonly cls: ClassFact }
  | { readonly kind: 'instance'; readonly module: ModuleInfo; readonly cls: ClassFact }
  | { readonly kind: 'boundmethod'; readonly module: ModuleInfo; readonly fn: FunctionFact }
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'method'; readonly obj: Val; readonly name: string }
  /** A Kedro config loader the project makes itself, over its own conf folder (confLoader.ts). */
  | { readonly kind: 'confLoader'; readonly loader: LoaderSpec }
  | { readonly kind: 'unknown'; readonly why: Unresolved };

export const unknown = (loc: Loc, what: string): Val => ({ kind: 'unknown', why: { loc, what } });

export const ZERO: Span = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** functools' partial and update_wrapper, imported from outside the project. */
export function pythonCallable(module: string, name: string | undefined): Val | undefined {
  if (module === 'functools' && (name === 'partial' || name === 'update_wrapper')) return { kind: 'builtin', name: `functools.${name}` };
  if (module === 'functools' && name === 'reduce') return { kind: 'builtin', name: 'functools.reduce' };
  if (module === 'operator' && name === 'add') return { kind: 'builtin', name: 'operator.add' };
  return undefined;
}

export function sameFunction(a: Val, b: Val): boolean {
  if (a.kind === 'func' && b.kind === 'func') return a.fn === b.fn;
  if (a.kind === 'boundmethod' && b.kind === 'boundmethod') return a.fn === b.fn;
  return a.kind === 'external' && b.kind === 'external' && a.module === b.module && a.name === b.name;
}

/** Python truth of a known value; undefined when not known statically. */
export function truthy(v: Val): boolean | undefined {
  switch (v.kind) {
    case 'bool':
      return v.value;
    case 'str':
      return v.value !== '';
    case 'num':
      return v.value !== 0;
    case 'none':
      return false;
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0 ? true : v.open ? undefined : false;
    // Functions, classes, modules and Kedro's Node define no __bool__/__len__ (nor Pipeline, 0.17 to 1.5): always true.
    case 'func':
    case 'boundmethod':
    case 'lambda':
    case 'partial':
    case 'class':
    case 'module':
    case 'kedro':
    case 'node':
    case 'llmTool':
      return true;
    // A list of nodes kept open is a 'pipeline' too, and an empty list is false: true only with nodes in it.
    case 'pipeline':
      return v.pipeline.nodes.length > 0 ? true : undefined;
    default:
      return undefined;
  }
}

export const scalar = (v: Val): string | number | boolean | null | undefined =>
  v.kind === 'str' || v.kind === 'num' || v.kind === 'bool' ? v.value : v.kind === 'none' ? null : undefined;

/** `==`, `!=`, `in`, `not in`, `is (not) None` on known strings, numbers, lists and dict keys. */
export function compare(op: string, a: Val, b: Val, loc: Loc): Val {
  const x = scalar(a);
  if (op === '==' || op === '!=' || op === 'is' || op === 'is not') {
    const y = scalar(b);
    if (x === undefined || y === undefined || ((op === 'is' || op === 'is not') && x !== null && y !== null)) return unknown(loc, 'condition');
    return { kind: 'bool', value: (x === y) === (op === '==' || op === 'is') };
  }
  if (op === 'in' || op === 'not in') {
    let found: boolean | undefined;
    if (b.kind === 'str' && a.kind === 'str') found = b.value.includes(a.value);
    else if (x !== undefined && b.kind === 'list' && b.items.every((i) => scalar(i) !== undefined)) found = b.items.some((i) => scalar(i) === x);
    else if (a.kind === 'str' && b.kind === 'dict' && !b.keyVals) found = b.entries.some(([k]) => k === a.value) || (b.open ? undefined : false);
    if (found === undefined) return unknown(loc, 'condition');
    return { kind: 'bool', value: found === (op === 'in') };
  }
  if ((op === '<' || op === '<=' || op === '>' || op === '>=') && a.kind === 'num' && b.kind === 'num') {
    const d = a.value - b.value;
    return { kind: 'bool', value: op === '<' ? d < 0 : op === '<=' ? d <= 0 : op === '>' ? d > 0 : d >= 0 };
  }
  return unknown(loc, 'condition');
}

/** A method's signature as seen through an instance: without `self`. */
export function dropSelf(fn: FunctionFact): FunctionFact {
  return fn.params[0] && fn.params[0].kind !== 'var-positional' && fn.params[0].kind !== 'keyword-only' ? { ...fn, params: fn.params.slice(1) } : fn;
}

/**
 * The signature of functools.partial(fn, *nargs positional, **keywords): the first positional parameters go, a
 * keyword-bound one becomes keyword-only with a default and so do the positional ones after it (as inspect shows).
 */
export function boundSignature(fn: FunctionFact, nargs: number, keywords: readonly string[]): FunctionFact {
  let skip = nargs;
  let kwOnly = false;
  const params = fn.params.flatMap((p) => {
    if (skip > 0 && (p.kind === 'positional' || p.kind === 'positional-only')) {
      skip--;
      return [];
    }
    if (keywords.includes(p.name)) {
      kwOnly = true;
      return [{ ...p, kind: 'keyword-only' as const, hasDefault: true }];
    }
    return kwOnly && p.kind === 'positional' ? [{ ...p, kind: 'keyword-only' as const }] : [p];
  });
  return { ...fn, params };
}

export function pyScalar(v: Val): string {
  if (v.kind === 'bool') return v.value ? 'True' : 'False';
  if (v.kind === 'num') return String(v.value);
  return '';
}

export function exprText(e: Expr): string {
  switch (e.type) {
    case 'name':
      return e.id;
    case 'attr':
      return `${exprText(e.obj)}.${e.attr}`;
    case 'str':
      return JSON.stringify(e.value);
    case 'unknown':
      return e.text;
    case 'ifexp':
      return `${exprText(e.body)} if ${exprText(e.cond)} else ${exprText(e.orelse)}`;
    default:
      return e.type;
  }
}

export function stringsOf(v: Val | undefined): string[] | undefined {
  if (!v || v.kind === 'none') return undefined;
  if (v.kind === 'str') return [v.value];
  if (v.kind === 'list' && v.items.every((i) => i.kind === 'str')) return v.items.map((i) => (i as Extract<Val, { kind: 'str' }>).value);
  return undefined;
}
