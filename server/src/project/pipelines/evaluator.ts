import type { Loc, Span } from '../../core/types';
import type { FunctionFact, PyModuleFacts } from '../../parsing/python/facts';
import type { Expr, Stmt, Target } from '../../parsing/python/ir';
import { resolveSymbol, type ModuleInfo, type PythonIndex } from '../pythonIndex';
import { applyNamespace, nodeFullName, type NamespaceWrap } from './namespace';
import { resolvedNode, type DatasetRef, type PipelineValue, type RefsForm, type Registry, type RegisteredPipeline, type ResolvedNode, type Unresolved } from './types';

/** Symbolic values: what a Python expression evaluates to, as far as static analysis can tell. */
export type Val =
  | { readonly t: 'str'; readonly v: string; readonly loc?: Loc; readonly literal: boolean }
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'none' }
  | { readonly t: 'list'; readonly items: readonly Val[] }
  | { readonly t: 'dict'; readonly entries: readonly (readonly [string, Val, Loc | undefined])[] }
  | { readonly t: 'node'; readonly node: ResolvedNode }
  | { readonly t: 'pipeline'; readonly p: PipelineValue }
  | { readonly t: 'func'; readonly module: ModuleInfo; readonly fn: FunctionFact }
  | { readonly t: 'external'; readonly module: string; readonly name: string | undefined }
  | { readonly t: 'module'; readonly module: ModuleInfo }
  | { readonly t: 'kedro'; readonly name: 'node' | 'pipeline' | 'find_pipelines' }
  | { readonly t: 'builtin'; readonly name: string }
  | { readonly t: 'method'; readonly obj: Val; readonly name: string }
  | { readonly t: 'unknown'; readonly why: Unresolved };

const BUILTINS = new Set(['sum', 'list', 'tuple', 'set', 'dict', 'sorted', 'str']);
const MAX_DEPTH = 12;

interface Frame {
  readonly mod: ModuleInfo;
  readonly scope: Map<string, Val>;
  readonly depth: number;
}

const unknown = (loc: Loc, what: string): Val => ({ t: 'unknown', why: { loc, what } });

/** What one evaluation step read (module name → the facts it saw, undefined for "no such module") and left unresolved. */
interface Trace {
  readonly deps: Map<string, PyModuleFacts | undefined>;
  readonly unresolved: Set<Unresolved>;
  /** Argument-free calls made inside: a reused result reaches them too, so the call cache must keep them. */
  readonly calls: Set<string>;
}

/**
 * Results of argument-free calls (each `create_pipeline()`) kept from one evaluation to the next with the module facts
 * they read: after an edit only the calls that read the edited module run again, and the others keep their node
 * objects (so per-node caches downstream stay warm). One per project; reset when the package or pipeline folders change.
 */
export class CallCache {
  readonly entries = new Map<string, { readonly val: Val; readonly trace: Trace }>();
  constructor(readonly scope: string) {}

  /** Drops entries the last evaluation did not reach (deleted or no longer registered functions). */
  keepOnly(used: ReadonlySet<string>): void {
    for (const key of this.entries.keys()) if (!used.has(key)) this.entries.delete(key);
  }
}

const EMPTY_PIPELINE: PipelineValue = { nodes: [], open: [] };

/** Evaluates `register_pipelines()` and the `create_pipeline()` functions it reaches, without running Python. */
export class PipelineEvaluator {
  private readonly memo = new Map<string, Val>();
  private readonly moduleVars = new Map<string, Val>();
  private readonly active = new Set<string>();
  /** Places whose value could not be computed and that made a pipeline incomplete. */
  readonly unresolved: Unresolved[] = [];
  private readonly unresolvedSeen = new Set<Unresolved>();
  /** Open traces, innermost last: every module read and unresolved place belongs to all of them. */
  private readonly traces: Trace[] = [];
  /** Traces of finished memoised steps, replayed into the open traces on a memo hit. */
  private readonly finished = new Map<string, Trace>();
  /** Argument-free calls this evaluation reached (what the call cache keeps). */
  readonly calls = new Set<string>();
  /** The project's index, wrapped so every lookup is recorded in the open traces. */
  private readonly index: PythonIndex;

  constructor(
    private readonly source: PythonIndex,
    private readonly packageName: string,
    /** Folder names directly under `<pkg>/pipelines/` (what find_pipelines() imports). */
    private readonly pipelineDirs: readonly string[],
    private readonly cache?: CallCache,
  ) {
    // Every module lookup (resolveSymbol included) goes through here and is recorded as a dependency.
    const recording = Object.create(source) as PythonIndex;
    recording.module = (name: string) => {
      const m = source.module(name);
      this.depend(name, m?.facts);
      return m;
    };
    this.index = recording;
  }

  private depend(name: string, facts: PyModuleFacts | undefined): void {
    for (const t of this.traces) t.deps.set(name, facts);
  }

  private note(why: Unresolved): void {
    for (const t of this.traces) t.unresolved.add(why);
    if (this.unresolvedSeen.has(why)) return;
    this.unresolvedSeen.add(why);
    this.unresolved.push(why);
  }

  private replay(trace: Trace | undefined): void {
    if (!trace) return;
    for (const [name, facts] of trace.deps) this.depend(name, facts);
    for (const why of trace.unresolved) this.note(why);
    for (const key of trace.calls) this.reach(key);
  }

  private reach(key: string): void {
    this.calls.add(key);
    for (const t of this.traces) t.calls.add(key);
  }

  /** Runs `compute` inside a new trace (outer traces see everything it records), kept for memo hits. */
  private traced<T>(key: string, compute: () => T): { value: T; trace: Trace } {
    const trace: Trace = { deps: new Map(), unresolved: new Set(), calls: new Set() };
    this.traces.push(trace);
    try {
      const value = compute();
      this.finished.set(key, trace);
      return { value, trace };
    } finally {
      this.traces.pop();
    }
  }

  /** A cached call whose recorded modules all still have the same facts. */
  private reusable(key: string): { readonly val: Val; readonly trace: Trace } | undefined {
    const hit = this.cache?.entries.get(key);
    if (!hit) return undefined;
    for (const [name, facts] of hit.trace.deps) if (this.source.module(name)?.facts !== facts) return undefined;
    return hit;
  }

  evaluateRegistry(): Registry {
    const mod = this.index.module(`${this.packageName}.pipeline_registry`);
    const fn = mod?.facts.functions.find((f) => f.name === 'register_pipelines');
    if (!mod || !fn) {
      const found = this.findPipelines({ uri: mod?.uri ?? '', span: ZERO });
      return { found: false, pipelines: this.toRegistry(found), unresolved: this.unresolved };
    }
    const result = this.callFunction(mod, fn, [], new Map(), 0, { uri: mod.uri, span: fn.nameSpan });
    if (result.t !== 'dict') {
      this.note(result.t === 'unknown' ? result.why : { loc: { uri: mod.uri, span: fn.nameSpan }, what: 'register_pipelines() result' });
      return { found: true, pipelines: new Map(), unresolved: this.unresolved };
    }
    return { found: true, pipelines: this.toRegistry(result), unresolved: this.unresolved };
  }

  /** Final value of a module-level name (settings, constants). */
  moduleValue(mod: ModuleInfo, name: string): Val {
    return this.moduleVariable(mod, name, { uri: mod.uri, span: ZERO }, 0);
  }

  private toRegistry(dict: Val): Map<string, RegisteredPipeline> {
    const out = new Map<string, RegisteredPipeline>();
    if (dict.t !== 'dict') return out;
    for (const [name, v, loc] of dict.entries) {
      const p = this.asPipeline(v, loc ?? { uri: '', span: ZERO });
      out.set(name, { name, pipeline: p, ...(loc ? { loc } : {}) });
    }
    return out;
  }

  // ---------------------------------------------------------------- functions and statements

  private callFunction(mod: ModuleInfo, fn: FunctionFact, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, depth: number, at: Loc): Val {
    const key = `${mod.uri}#${fn.name}`;
    const memoKey = args.length === 0 && kwargs.size === 0 ? key : undefined;
    if (memoKey && this.memo.has(memoKey)) {
      this.replay(this.finished.get(memoKey));
      return this.memo.get(memoKey) as Val;
    }
    if (this.active.has(key) || depth > MAX_DEPTH) return unknown(at, `recursive or too deep call of ${fn.name}()`);
    if (!memoKey) return this.invoke(mod, fn, args, kwargs, depth, key);
    this.reach(memoKey);
    const kept = this.reusable(memoKey);
    if (kept) {
      this.memo.set(memoKey, kept.val);
      this.finished.set(memoKey, kept.trace);
      this.replay(kept.trace);
      return kept.val;
    }
    const entry = this.traced(memoKey, () => {
      // The module the function lives in is a dependency too (it may have been handed over, not looked up).
      this.depend(mod.name, mod.facts);
      return this.invoke(mod, fn, args, kwargs, depth, key);
    });
    this.memo.set(memoKey, entry.value);
    this.cache?.entries.set(memoKey, { val: entry.value, trace: entry.trace });
    return entry.value;
  }

  private invoke(mod: ModuleInfo, fn: FunctionFact, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, depth: number, key: string): Val {
    this.active.add(key);
    try {
      const scope = new Map<string, Val>();
      const frame: Frame = { mod, scope, depth: depth + 1 };
      const rest = new Map(kwargs);
      let i = 0;
      for (const p of fn.params) {
        if (p.kind === 'var-positional') {
          scope.set(p.name, { t: 'list', items: args.slice(i) });
          i = args.length;
        } else if (p.kind === 'var-keyword') {
          scope.set(p.name, { t: 'dict', entries: [...rest].map(([k, v]) => [k, v, undefined] as const) });
          rest.clear();
        } else if (p.kind !== 'keyword-only' && i < args.length) {
          scope.set(p.name, args[i++] as Val);
        } else if (rest.has(p.name)) {
          scope.set(p.name, rest.get(p.name) as Val);
          rest.delete(p.name);
        } else if (fn.defaults[p.name]) {
          scope.set(p.name, this.evalExpr(fn.defaults[p.name] as Expr, { mod, scope: new Map(), depth: depth + 1 }));
        } else scope.set(p.name, unknown({ uri: mod.uri, span: p.span }, `argument '${p.name}'`));
      }
      return this.run(fn.body, frame) ?? { t: 'none' };
    } finally {
      this.active.delete(key);
    }
  }

  /** Executes statements; returns the value of the first `return`, or undefined when the block falls through. */
  private run(body: readonly Stmt[], f: Frame): Val | undefined {
    for (const s of body) {
      const loc = { uri: f.mod.uri, span: s.span };
      switch (s.k) {
        case 'assign': {
          const v = this.evalExpr(s.value, f);
          for (const t of s.targets) this.assign(t, v, f, loc);
          break;
        }
        case 'augassign': {
          if (s.target.k !== 'name') break;
          const cur = this.lookup(s.target.id, f, loc);
          f.scope.set(s.target.id, this.binary(s.op, cur, this.evalExpr(s.value, f), loc));
          break;
        }
        case 'return':
          return s.value ? this.evalExpr(s.value, f) : { t: 'none' };
        case 'expr':
          this.mutatingCall(s.value, f);
          break;
        case 'block':
          for (const name of s.assigned) f.scope.set(name, unknown(loc, `'${name}' assigned inside ${s.kind}`));
          if (s.returns) return unknown(loc, `return inside ${s.kind}`);
          break;
      }
    }
    return undefined;
  }

  private assign(t: Target, v: Val, f: Frame, loc: Loc): void {
    switch (t.k) {
      case 'name':
        f.scope.set(t.id, v);
        break;
      case 'subscript': {
        const obj = this.lookup(t.obj, f, loc);
        const key = this.evalExpr(t.key, f);
        if (obj.t === 'dict' && key.t === 'str') {
          f.scope.set(t.obj, { t: 'dict', entries: [...obj.entries.filter(([k]) => k !== key.v), [key.v, v, key.loc ?? loc]] });
        } else f.scope.set(t.obj, unknown(loc, `'${t.obj}[...]' assignment`));
        break;
      }
      case 'unpack': {
        const items = v.t === 'list' && v.items.length === t.ids.length ? v.items : undefined;
        t.ids.forEach((id, i) => f.scope.set(id, items?.[i] ?? unknown(loc, `unpacking into '${id}'`)));
        break;
      }
      case 'other':
        break;
    }
  }

  /** `nodes.append(x)`, `nodes.extend(xs)`, `pipes.update({...})` mutate a local. */
  private mutatingCall(e: Expr, f: Frame): void {
    if (e.k !== 'call' || e.fn.k !== 'attr' || e.fn.obj.k !== 'name') return;
    const name = e.fn.obj.id;
    const loc = { uri: f.mod.uri, span: e.span };
    const cur = f.scope.get(name);
    if (!cur) return;
    const arg = e.args[0] ? this.evalExpr(e.args[0], f) : undefined;
    if (cur.t === 'list' && e.fn.attr === 'append' && arg) f.scope.set(name, { t: 'list', items: [...cur.items, arg] });
    else if (cur.t === 'list' && e.fn.attr === 'extend' && arg?.t === 'list') f.scope.set(name, { t: 'list', items: [...cur.items, ...arg.items] });
    else if (cur.t === 'dict' && e.fn.attr === 'update' && arg?.t === 'dict') {
      const keys = new Set(arg.entries.map(([k]) => k));
      f.scope.set(name, { t: 'dict', entries: [...cur.entries.filter(([k]) => !keys.has(k)), ...arg.entries] });
    } else if (cur.t === 'list' || cur.t === 'dict') f.scope.set(name, unknown(loc, `${name}.${e.fn.attr}(...)`));
  }

  // ---------------------------------------------------------------- names

  private lookup(id: string, f: Frame, loc: Loc): Val {
    const local = f.scope.get(id);
    if (local) return local;
    return this.moduleName(f.mod, id, loc, f.depth);
  }

  private moduleName(mod: ModuleInfo, id: string, loc: Loc, depth: number): Val {
    const sym = resolveSymbol(this.index, mod, id);
    if (!sym) return BUILTINS.has(id) ? { t: 'builtin', name: id } : unknown(loc, `'${id}'`);
    switch (sym.kind) {
      case 'function':
        return { t: 'func', module: sym.module, fn: sym.fn };
      case 'class':
        return unknown(loc, `class '${id}'`);
      case 'module':
        return { t: 'module', module: sym.module };
      case 'external':
        return kedroCallable(sym.module, sym.name) ?? { t: 'external', module: sym.module, name: sym.name };
      case 'variable':
        return this.moduleVariable(sym.module, sym.name, loc, depth);
    }
  }

  private moduleVariable(mod: ModuleInfo, name: string, loc: Loc, depth: number): Val {
    const key = `${mod.uri}#${name}`;
    const hit = this.moduleVars.get(key);
    if (hit) {
      this.replay(this.finished.get(`var:${key}`));
      return hit;
    }
    if (this.active.has(key)) return unknown(loc, `'${name}'`);
    this.active.add(key);
    try {
      return this.traced(`var:${key}`, () => {
        this.depend(mod.name, mod.facts);
        const frame: Frame = { mod, scope: new Map(), depth: depth + 1 };
        // Module-level code runs top to bottom; evaluating all of it gives the final binding.
        this.run(mod.facts.statements.filter((s) => s.k !== 'return'), frame);
        const v = frame.scope.get(name) ?? unknown(loc, `'${name}'`);
        this.moduleVars.set(key, v);
        return v;
      }).value;
    } finally {
      this.active.delete(key);
    }
  }

  // ---------------------------------------------------------------- expressions

  evalExpr(e: Expr, f: Frame): Val {
    const loc: Loc = { uri: f.mod.uri, span: e.span };
    switch (e.k) {
      case 'str':
        return { t: 'str', v: e.value, loc: { uri: f.mod.uri, span: e.contentSpan }, literal: true };
      case 'fstr': {
        let v = '';
        for (const part of e.parts) {
          if (typeof part === 'string') v += part;
          else {
            const pv = this.evalExpr(part, f);
            if (pv.t === 'str') v += pv.v;
            else if (pv.t === 'num' || pv.t === 'bool') v += pyScalar(pv);
            else return unknown(loc, 'f-string');
          }
        }
        return { t: 'str', v, loc, literal: false };
      }
      case 'num':
        return { t: 'num', v: e.value };
      case 'bool':
        return { t: 'bool', v: e.value };
      case 'none':
        return { t: 'none' };
      case 'name':
        return this.lookup(e.id, f, loc);
      case 'attr':
        return this.attribute(this.evalExpr(e.obj, f), e.attr, loc, f.depth);
      case 'list':
      case 'tuple':
      case 'set':
        return { t: 'list', items: e.items.map((i) => this.evalExpr(i, f)) };
      case 'dict': {
        const entries: [string, Val, Loc][] = [];
        for (const { key, value } of e.entries) {
          const k = this.evalExpr(key, f);
          if (k.t !== 'str') return unknown(loc, 'dict with a computed key');
          entries.push([k.v, this.evalExpr(value, f), k.loc ?? loc]);
        }
        return { t: 'dict', entries };
      }
      case 'bin':
        return this.binary(e.op, this.evalExpr(e.left, f), this.evalExpr(e.right, f), loc);
      case 'comp':
        return this.comprehension(e, f, loc);
      case 'subscript': {
        const obj = this.evalExpr(e.obj, f);
        const idx = this.evalExpr(e.index, f);
        if (obj.t === 'dict' && idx.t === 'str') return obj.entries.find(([k]) => k === idx.v)?.[1] ?? unknown(loc, `key '${idx.v}'`);
        if (obj.t === 'list' && idx.t === 'num') return obj.items.at(idx.v) ?? unknown(loc, 'index');
        return unknown(loc, 'subscript');
      }
      case 'call':
        return this.call(e, f, loc);
      case 'unknown':
        return unknown(loc, e.text);
    }
  }

  private attribute(obj: Val, attr: string, loc: Loc, depth: number): Val {
    if (obj.t === 'module') return this.moduleName(obj.module, attr, loc, depth);
    if (obj.t === 'external') {
      const dotted = obj.name ? `${obj.module}.${obj.name}` : obj.module;
      return kedroCallable(dotted, attr) ?? { t: 'external', module: dotted, name: attr };
    }
    if (obj.t === 'unknown') return obj;
    return { t: 'method', obj, name: attr };
  }

  private comprehension(e: Extract<Expr, { k: 'comp' }>, f: Frame, loc: Loc): Val {
    const iter = this.iterable(this.evalExpr(e.iter, f));
    if (!iter || e.filtered) return unknown(loc, 'comprehension');
    const items: Val[] = [];
    for (const item of iter) {
      const scope = new Map(f.scope);
      if (e.targets.length === 1) scope.set(e.targets[0] as string, item);
      else {
        const parts = item.t === 'list' && item.items.length === e.targets.length ? item.items : undefined;
        if (!parts) return unknown(loc, 'comprehension target');
        e.targets.forEach((t, i) => scope.set(t, parts[i] as Val));
      }
      items.push(this.evalExpr(e.elt, { ...f, scope }));
    }
    return { t: 'list', items };
  }

  private iterable(v: Val): readonly Val[] | undefined {
    if (v.t === 'list') return v.items;
    if (v.t === 'dict') return v.entries.map(([k, , loc]) => ({ t: 'str', v: k, ...(loc ? { loc } : {}), literal: !!loc }) as Val);
    if (v.t === 'method' && v.obj.t === 'dict') {
      if (v.name === 'values') return v.obj.entries.map(([, x]) => x);
      if (v.name === 'keys') return this.iterable(v.obj);
    }
    return undefined;
  }

  private binary(op: string, a: Val, b: Val, loc: Loc): Val {
    if (a.t === 'unknown') return a;
    if (b.t === 'unknown') return b;
    if (op === '+' && a.t === 'str' && b.t === 'str') return { t: 'str', v: a.v + b.v, loc, literal: false };
    if (op === '+' && a.t === 'list' && b.t === 'list') return { t: 'list', items: [...a.items, ...b.items] };
    if (op === '+' && a.t === 'num' && b.t === 'num') return { t: 'num', v: a.v + b.v };
    if (isPipelineLike(a) && isPipelineLike(b) && ['+', '|', '-', '&'].includes(op)) {
      const pa = this.asPipeline(a, loc);
      const pb = this.asPipeline(b, loc);
      const open = [...pa.open, ...pb.open];
      const idB = new Set(pb.nodes.map(nodeIdentity));
      if (op === '+' || op === '|') return { t: 'pipeline', p: { nodes: unionNodes(pa.nodes, pb.nodes), open } };
      if (op === '-') return { t: 'pipeline', p: { nodes: pa.nodes.filter((n) => !idB.has(nodeIdentity(n))), open } };
      return { t: 'pipeline', p: { nodes: pa.nodes.filter((n) => idB.has(nodeIdentity(n))), open } };
    }
    return unknown(loc, `'${op}' expression`);
  }

  private call(e: Extract<Expr, { k: 'call' }>, f: Frame, loc: Loc): Val {
    const fn = this.evalExpr(e.fn, f);
    if (fn.t === 'unknown') return fn;
    const args = e.args.map((a) => this.evalExpr(a, f));
    const kwargs = new Map<string, Val>();
    for (const kw of e.kwargs) {
      if (kw.name) kwargs.set(kw.name, this.evalExpr(kw.value, f));
      else {
        const spread = this.evalExpr(kw.value, f);
        if (spread.t !== 'dict') return unknown(loc, '**kwargs');
        for (const [k, v] of spread.entries) kwargs.set(k, v);
      }
    }
    if (e.splat) return unknown(loc, '*args');
    switch (fn.t) {
      case 'kedro':
        if (fn.name === 'node') return this.makeNode(e, args, kwargs, f, loc);
        if (fn.name === 'pipeline') return this.makePipeline(args, kwargs, loc);
        return this.findPipelines(loc);
      case 'func':
        return this.callFunction(fn.module, fn.fn, args, kwargs, f.depth, loc);
      case 'builtin':
        return this.builtin(fn.name, args, kwargs, loc);
      case 'method':
        return this.method(fn.obj, fn.name, args, kwargs, loc);
      default:
        return unknown(loc, `call of ${exprText(e.fn)}()`);
    }
  }

  private builtin(name: string, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, loc: Loc): Val {
    const first = args[0];
    switch (name) {
      case 'sum': {
        const items = first ? this.iterable(first) : undefined;
        if (!items) return unknown(loc, 'sum(...)');
        // sum() of pipelines: one union instead of n pairwise unions.
        if (!args[1] && items.length > 0 && items.every(isPipelineLike)) {
          const parts = items.map((v) => this.asPipeline(v, loc));
          return { t: 'pipeline', p: { nodes: unionAll(parts.map((p) => p.nodes)), open: parts.flatMap((p) => p.open) } };
        }
        const start: Val = args[1] ?? { t: 'num', v: 0 };
        return items.reduce<Val>((acc, v) => (acc.t === 'num' && acc.v === 0 ? v : this.binary('+', acc, v, loc)), start);
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'sorted': {
        if (!first) return { t: 'list', items: [] };
        const items = this.iterable(first);
        return items ? { t: 'list', items } : unknown(loc, `${name}(...)`);
      }
      case 'dict':
        return { t: 'dict', entries: [...kwargs].map(([k, v]) => [k, v, undefined] as const) };
      default:
        return unknown(loc, `${name}(...)`);
    }
  }

  private method(obj: Val, name: string, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, loc: Loc): Val {
    if (obj.t === 'dict' && (name === 'values' || name === 'keys' || name === 'items')) {
      if (name === 'items') return { t: 'list', items: obj.entries.map(([k, v]) => ({ t: 'list', items: [{ t: 'str', v: k, literal: false }, v] })) };
      return { t: 'method', obj, name };
    }
    if (obj.t === 'dict' && name === 'copy') return obj;
    if (obj.t === 'dict' && name === 'get' && args[0]?.t === 'str') {
      const key = args[0].v;
      return obj.entries.find(([k]) => k === key)?.[1] ?? args[1] ?? { t: 'none' };
    }
    if (obj.t === 'pipeline' && name === 'tag') {
      const tags = stringsOf(args[0] ?? kwargs.get('tags'));
      if (!tags) return unknown(loc, '.tag(...)');
      return { t: 'pipeline', p: { nodes: obj.p.nodes.map((n) => resolvedNode({ ...n, tags: [...new Set([...n.tags, ...tags])] })), open: obj.p.open } };
    }
    if (obj.t === 'pipeline' && name === 'only_nodes_with_tags') {
      const tags = args.flatMap((a) => stringsOf(a) ?? []);
      return { t: 'pipeline', p: { nodes: obj.p.nodes.filter((n) => n.tags.some((t) => tags.includes(t))), open: obj.p.open } };
    }
    return unknown(loc, `.${name}(...)`);
  }

  // ---------------------------------------------------------------- Kedro constructs

  /** `find_pipelines()`: one entry per folder under `<pkg>/pipelines/` whose package exposes create_pipeline(). */
  private findPipelines(loc: Loc): Val {
    const entries: [string, Val, Loc | undefined][] = [];
    const simplified = this.index.module(`${this.packageName}.pipeline`);
    const simpleFn = simplified?.facts.functions.find((fn) => fn.name === 'create_pipeline');
    entries.push([
      '__default__',
      simplified && simpleFn ? this.callFunction(simplified, simpleFn, [], new Map(), 0, loc) : { t: 'pipeline', p: EMPTY_PIPELINE },
      undefined,
    ]);
    for (const dir of this.pipelineDirs) {
      const mod = this.index.module(`${this.packageName}.pipelines.${dir}`);
      if (!mod) continue;
      const sym = resolveSymbol(this.index, mod, 'create_pipeline');
      if (sym?.kind !== 'function') continue;
      const at = { uri: sym.module.uri, span: sym.fn.nameSpan };
      entries.push([dir, this.callFunction(sym.module, sym.fn, [], new Map(), 0, at), at]);
    }
    return { t: 'dict', entries };
  }

  private asPipeline(v: Val, loc: Loc): PipelineValue {
    if (v.t === 'pipeline') return v.p;
    if (v.t === 'node') return { nodes: [v.node], open: [] };
    if (v.t === 'list') {
      const parts = v.items.map((i) => this.asPipeline(i, loc));
      return { nodes: unionAll(parts.map((p) => p.nodes)), open: parts.flatMap((p) => p.open) };
    }
    const why = v.t === 'unknown' ? v.why : { loc, what: 'not a pipeline' };
    this.note(why);
    return { nodes: [], open: [why] };
  }

  private makePipeline(args: readonly Val[], kwargs: ReadonlyMap<string, Val>, loc: Loc): Val {
    const nodesArg = args[0] ?? kwargs.get('nodes') ?? kwargs.get('pipe');
    if (!nodesArg) return unknown(loc, 'Pipeline() without nodes');
    const inner = this.asPipeline(nodesArg, loc);
    const ns = kwargs.get('namespace');
    const wrap: NamespaceWrap = {
      namespace: ns?.t === 'str' ? ns.v : undefined,
      namespaceUnknown: !!ns && ns.t !== 'str' && ns.t !== 'none',
      inputs: mappingOf(kwargs.get('inputs')),
      outputs: mappingOf(kwargs.get('outputs')),
      parameters: mappingOf(kwargs.get('parameters')),
      prefix: kwargs.get('prefix_datasets_with_namespace')?.t === 'bool' ? (kwargs.get('prefix_datasets_with_namespace') as { v: boolean }).v : true,
      tags: stringsOf(kwargs.get('tags')) ?? [],
    };
    if (!wrap.namespace && !wrap.namespaceUnknown && !wrap.inputs && !wrap.outputs && !wrap.parameters && wrap.tags.length === 0) {
      return { t: 'pipeline', p: inner };
    }
    return { t: 'pipeline', p: { nodes: inner.nodes.map((n) => applyNamespace(n, wrap)), open: inner.open } };
  }

  private makeNode(e: Extract<Expr, { k: 'call' }>, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, f: Frame, loc: Loc): Val {
    const funcExpr = e.kwargs.find((k) => k.name === 'func')?.value ?? e.args[0];
    const funcVal = kwargs.get('func') ?? args[0];
    const inputs = refsOf(kwargs.get('inputs') ?? args[1], loc);
    const outputs = refsOf(kwargs.get('outputs') ?? args[2], loc);
    const nameVal = kwargs.get('name');
    const nsVal = kwargs.get('namespace');
    const target = funcVal?.t === 'func' ? { module: funcVal.module, fn: funcVal.fn } : undefined;
    const funcModule = target ? target.module.name : funcVal?.t === 'external' ? funcVal.module : undefined;
    const funcName = target ? target.fn.name : funcVal?.t === 'external' ? funcVal.name : undefined;
    const partial = inputs.partial || outputs.partial || (!!nameVal && nameVal.t !== 'str' && nameVal.t !== 'none');
    const base: Omit<ResolvedNode, 'name' | 'nameUncertain'> = {
      uri: f.mod.uri,
      callLoc: loc,
      ...(funcExpr
        ? {
            func: {
              text: exprText(funcExpr),
              loc: { uri: f.mod.uri, span: funcExpr.span },
              ...(target ? { target } : {}),
              ...(funcModule ? { module: funcModule } : {}),
              ...(funcName ? { name: funcName } : {}),
            },
          }
        : {}),
      inputs: inputs.refs,
      outputs: outputs.refs,
      inputsForm: inputs.form,
      outputsForm: outputs.form,
      ...(inputs.keys ? { inputKeys: inputs.keys } : {}),
      ...(outputs.keys ? { outputKeys: outputs.keys } : {}),
      ...(nameVal?.t === 'str' ? { explicitName: { value: nameVal.v, loc: nameVal.loc ?? loc } } : {}),
      ...(nsVal?.t === 'str' ? { namespace: nsVal.v } : {}),
      tags: stringsOf(kwargs.get('tags')) ?? [],
      confirms: stringsOf(kwargs.get('confirms')) ?? [],
      partial,
    };
    const named = nodeFullName(base);
    if (partial) this.note({ loc, what: 'node inputs/outputs' });
    return { t: 'node', node: resolvedNode({ ...base, ...named }) };
  }
}

const ZERO: Span = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function kedroCallable(module: string, name: string | undefined): Val | undefined {
  if (!name) return undefined;
  if (module === 'kedro.pipeline' || module.startsWith('kedro.pipeline.')) {
    if (name === 'node' || name === 'Node') return { t: 'kedro', name: 'node' };
    if (name === 'pipeline' || name === 'Pipeline') return { t: 'kedro', name: 'pipeline' };
  }
  if ((module === 'kedro.framework.project' || module === 'kedro.framework') && name === 'find_pipelines') return { t: 'kedro', name: 'find_pipelines' };
  return undefined;
}

function isPipelineLike(v: Val): boolean {
  return v.t === 'pipeline' || v.t === 'node';
}

function pyScalar(v: Val): string {
  if (v.t === 'bool') return v.v ? 'True' : 'False';
  if (v.t === 'num') return String(v.v);
  return '';
}

function exprText(e: Expr): string {
  switch (e.k) {
    case 'name':
      return e.id;
    case 'attr':
      return `${exprText(e.obj)}.${e.attr}`;
    case 'str':
      return JSON.stringify(e.value);
    case 'unknown':
      return e.text;
    default:
      return e.k;
  }
}

const identities = new WeakMap<ResolvedNode, string>();

export function nodeIdentity(n: ResolvedNode): string {
  let id = identities.get(n);
  if (id === undefined) {
    id = `${n.name}|${n.inputs.map((r) => r.name).join(',')}|${n.outputs.map((r) => r.name).join(',')}`;
    identities.set(n, id);
  }
  return id;
}

/** Union by Kedro's node identity: identical nodes merge. */
export function unionNodes(a: readonly ResolvedNode[], b: readonly ResolvedNode[]): readonly ResolvedNode[] {
  return unionAll([a, b]);
}

/** Union of many node lists in one pass (sum() over many pipelines stays linear). */
export function unionAll(lists: readonly (readonly ResolvedNode[])[]): readonly ResolvedNode[] {
  const seen = new Set<string>();
  const out: ResolvedNode[] = [];
  for (const list of lists) {
    for (const n of list) {
      const id = nodeIdentity(n);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(n);
    }
  }
  return out;
}

function stringsOf(v: Val | undefined): string[] | undefined {
  if (!v || v.t === 'none') return undefined;
  if (v.t === 'str') return [v.v];
  if (v.t === 'list' && v.items.every((i) => i.t === 'str')) return v.items.map((i) => (i as { v: string }).v);
  return undefined;
}

/** `inputs=`/`outputs=`/`parameters=` of a wrapper: str, list/set (identity) or dict; `unknown` when not literal. */
function mappingOf(v: Val | undefined): ReadonlyMap<string, string> | 'unknown' | undefined {
  if (!v || v.t === 'none') return undefined;
  if (v.t === 'str') return new Map([[v.v, v.v]]);
  if (v.t === 'list' && v.items.every((i) => i.t === 'str')) return new Map(v.items.map((i) => [(i as { v: string }).v, (i as { v: string }).v]));
  if (v.t === 'dict' && v.entries.every(([, x]) => x.t === 'str')) return new Map(v.entries.map(([k, x]) => [k, (x as { v: string }).v]));
  return 'unknown';
}

function refsOf(v: Val | undefined, at: Loc): { refs: DatasetRef[]; form: RefsForm; keys?: string[]; partial: boolean } {
  const ref = (s: Val): DatasetRef | undefined =>
    s.t === 'str' ? { name: s.v, written: s.v, loc: s.loc ?? at, literal: s.literal && !!s.loc } : undefined;
  if (!v || v.t === 'none') return { refs: [], form: 'none', partial: false };
  if (v.t === 'str') return { refs: [ref(v) as DatasetRef], form: 'str', partial: false };
  if (v.t === 'list') {
    const refs = v.items.map(ref);
    return { refs: refs.filter((r): r is DatasetRef => !!r), form: 'list', partial: refs.some((r) => !r) };
  }
  if (v.t === 'dict') {
    const refs: DatasetRef[] = [];
    const keys: string[] = [];
    let partial = false;
    for (const [k, x] of v.entries) {
      const r = ref(x);
      if (r) {
        refs.push(r);
        keys.push(k);
      } else partial = true;
    }
    return { refs, form: 'dict', keys, partial };
  }
  return { refs: [], form: 'unknown', partial: true };
}
