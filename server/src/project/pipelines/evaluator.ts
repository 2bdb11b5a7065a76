import type { Loc } from '../../core/types';
import type { ClassFact, FunctionFact, PyModuleFacts } from '../../parsing/python/facts';
import type { Expr, Stmt, Target } from '../../parsing/python/ir';
import { resolveSymbol, type ModuleInfo, type PythonIndex } from '../pythonIndex';
import { applyNamespace, nodeFullName, type NamespaceWrap } from './namespace';
import type { NameStyle } from './nodeName';
import { wrapSource } from './wrapSites';
import { resolvedNode, type FunctionTarget, type PipelineValue, type Registry, type RegisteredPipeline, type ResolvedNode, type Unresolved } from './types';
import { thousands } from '../../core/format';
import { boundSignature, compare, dropSelf, exprText, pyScalar, sameFunction, stringsOf, truthy, unknown, ZERO, type Val } from './values';
import { forwardsToNode, isNodesLike, isPipelineLike, kedroCallable, mappingOf, nodeIdentity, pipelineMethod, refsOf, unionAll, unionNodes } from './kedroSemantics';

const BUILTINS = new Set(['sum', 'list', 'tuple', 'set', 'dict', 'sorted', 'str']);
const MAX_DEPTH = 12;

interface Frame {
  readonly mod: ModuleInfo;
  readonly scope: Map<string, Val>;
  readonly depth: number;
  /** Values returned on a branch of an `if` the rest of the function went past: merged into the final return. */
  readonly returns: Val[];
}

const MAX_LOOP = 1000;

/**
 * Budgets. Past any of them a value is unknown (one KL909 per place), never a crash or a stall: `l = l + l` 40 times ran
 * V8 out of memory, 200³ comprehension items took minutes. A step is an expression, a statement or a comprehension
 * item: the 20,000-node benchmark project takes 221,000 in all, 1,100 per create_pipeline(). Each argument-free call
 * (a create_pipeline(), register_pipelines(), a module's top level) has its own budget, without the calls it makes, so
 * one hostile pipeline leaves the others known; the pass has one for them all.
 */
export const MAX_CALL_STEPS = 500_000;
export const MAX_PASS_STEPS = 1_500_000;
/** Items of one list or dict, characters of one string. */
export const MAX_ITEMS = 50_000;
export const MAX_STR = 100_000;
const fmt = thousands;
const OVER_CALL = `expression (past the analysis budget: ${fmt(MAX_CALL_STEPS)} steps, lists of ${fmt(MAX_ITEMS)} items, strings of ${fmt(MAX_STR)} characters)`;
const OVER_PASS = `expression (past the analysis budget: ${fmt(MAX_PASS_STEPS)} steps in all)`;


/** What one evaluation step read (module name → the facts it saw, undefined for "no such module") and left unresolved. */
interface Trace {
  readonly deps: Map<string, PyModuleFacts | undefined>;
  readonly unresolved: Set<Unresolved>;
  /** Argument-free calls made inside: a reused result reaches them too, so the call cache must keep them. */
  readonly calls: Set<string>;
  /** Steps taken inside: a result reused from an earlier pass charges them, so it runs out where a fresh pass would. */
  steps: number;
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
  private steps = 0;
  /** Steps of the innermost argument-free call, and why its budget ran out (its later values past a budget share it). */
  private unit: { steps: number; exhausted: Unresolved | undefined } = { steps: 0, exhausted: undefined };
  private passExhausted: Unresolved | undefined;
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  constructor(
    private readonly source: PythonIndex,
    private readonly packageName: string,
    /** Folder names directly under `<pkg>/pipelines/` (what find_pipelines() imports). */
    private readonly pipelineDirs: readonly string[],
    private readonly cache?: CallCache,
    /** How the project's Kedro names nodes without `name=`. */
    private readonly nameStyle: NameStyle = 'hash',
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
    const trace: Trace = { deps: new Map(), unresolved: new Set(), calls: new Set(), steps: 0 };
    const before = this.steps;
    this.traces.push(trace);
    try {
      const value = compute();
      this.finished.set(key, trace);
      return { value, trace };
    } finally {
      this.traces.pop();
      trace.steps = this.steps - before;
    }
  }

  /** One step; false once the call's or the pass's budget is spent. */
  private step(): boolean {
    return ++this.unit.steps <= MAX_CALL_STEPS && ++this.steps <= MAX_PASS_STEPS;
  }

  /** Runs an argument-free call with a budget of its own. */
  private ownBudget<T>(compute: () => T): T {
    const outer = this.unit;
    this.unit = { steps: 0, exhausted: undefined };
    try {
      return compute();
    } finally {
      this.unit = outer;
    }
  }

  /** The value past a budget: unknown, for one reason per call (one KL909), or per pass once that budget is spent. */
  private overBudget(loc: Loc): Val {
    const why = this.steps > MAX_PASS_STEPS ? (this.passExhausted ??= { loc, what: OVER_PASS }) : (this.unit.exhausted ??= { loc, what: OVER_CALL });
    this.note(why);
    return { kind: 'unknown', why };
  }

  private list(items: readonly Val[], loc: Loc): Val {
    return items.length > MAX_ITEMS ? this.overBudget(loc) : { kind: 'list', items };
  }

  private str(v: string, loc: Loc): Val {
    return v.length > MAX_STR ? this.overBudget(loc) : { kind: 'str', value: v, loc, literal: false };
  }

  /** A call's arguments as a memo key: scalars by value (and place), anything else by identity (values are immutable). */
  private argsKey(args: readonly Val[], kwargs: ReadonlyMap<string, Val>): string {
    const key = (v: Val): string => {
      if (v.kind === 'num' || v.kind === 'bool') return `${v.kind}:${v.value}`;
      if (v.kind === 'none') return 'none';
      if (v.kind === 'str' && v.value.length <= 200) return `str:${v.literal ? 1 : 0}:${v.loc ? `${v.loc.uri}:${v.loc.span.start.line}:${v.loc.span.start.character}:${v.loc.span.end.line}:${v.loc.span.end.character}` : ''}:${JSON.stringify(v.value)}`;
      let id = this.ids.get(v);
      if (id === undefined) this.ids.set(v, (id = ++this.nextId));
      return `#${id}`;
    };
    return [...args.map(key), ...[...kwargs].map(([k, v]) => `${k}=${key(v)}`)].join(',');
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
    if (result.kind !== 'dict') {
      this.note(result.kind === 'unknown' ? result.why : { loc: { uri: mod.uri, span: fn.nameSpan }, what: 'register_pipelines() result' });
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
    if (dict.kind !== 'dict') return out;
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
    if (!memoKey) {
      // Memoised by argument values within the pass: helpers calling helpers 10 times each, 10 levels deep, ran for minutes.
      const argKey = `${key}(${this.argsKey(args, kwargs)})`;
      const hit = this.memo.get(argKey);
      if (hit) {
        this.replay(this.finished.get(argKey));
        return hit;
      }
      if (this.active.has(key) || depth > MAX_DEPTH) return unknown(at, `recursive or too deep call of ${fn.name}()`);
      const entry = this.traced(argKey, () => this.invoke(mod, fn, args, kwargs, depth, key));
      this.memo.set(argKey, entry.value);
      return entry.value;
    }
    if (this.active.has(key) || depth > MAX_DEPTH) return unknown(at, `recursive or too deep call of ${fn.name}()`);
    this.reach(memoKey);
    const kept = this.reusable(memoKey);
    if (kept) {
      this.memo.set(memoKey, kept.val);
      this.finished.set(memoKey, kept.trace);
      this.steps += kept.trace.steps;
      this.replay(kept.trace);
      return kept.val;
    }
    const entry = this.traced(memoKey, () => {
      // The module the function lives in is a dependency too (it may have been handed over, not looked up).
      this.depend(mod.name, mod.facts);
      return this.ownBudget(() => this.invoke(mod, fn, args, kwargs, depth, key));
    });
    this.memo.set(memoKey, entry.value);
    this.cache?.entries.set(memoKey, { val: entry.value, trace: entry.trace });
    return entry.value;
  }

  private invoke(mod: ModuleInfo, fn: FunctionFact, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, depth: number, key: string): Val {
    this.active.add(key);
    try {
      const scope = new Map<string, Val>();
      const frame: Frame = { mod, scope, depth: depth + 1, returns: [] };
      const rest = new Map(kwargs);
      let i = 0;
      for (const p of fn.params) {
        if (p.kind === 'var-positional') {
          scope.set(p.name, { kind: 'list', items: args.slice(i) });
          i = args.length;
        } else if (p.kind === 'var-keyword') {
          scope.set(p.name, { kind: 'dict', entries: [...rest].map(([k, v]) => [k, v, undefined] as const) });
          rest.clear();
        } else if (p.kind !== 'keyword-only' && i < args.length) {
          scope.set(p.name, args[i++] as Val);
        } else if (rest.has(p.name)) {
          scope.set(p.name, rest.get(p.name) as Val);
          rest.delete(p.name);
        } else if (fn.defaults[p.name]) {
          scope.set(p.name, this.evalExpr(fn.defaults[p.name] as Expr, { mod, scope: new Map(), depth: depth + 1, returns: [] }));
        } else scope.set(p.name, unknown({ uri: mod.uri, span: p.span }, `argument '${p.name}'`));
      }
      const ret = this.run(fn.body, frame) ?? { kind: 'none' };
      const at = { uri: mod.uri, span: fn.nameSpan };
      return frame.returns.reduce<Val>((acc, r) => this.merge(r, acc, at, true), ret);
    } finally {
      this.active.delete(key);
    }
  }

  /** Executes statements; returns the value of the first `return`, or undefined when the block falls through. */
  private run(body: readonly Stmt[], f: Frame): Val | undefined {
    for (const s of body) {
      const loc = { uri: f.mod.uri, span: s.span };
      if (!this.step()) {
        this.overBudget(loc);
        return undefined;
      }
      switch (s.type) {
        case 'assign': {
          const v = this.evalExpr(s.value, f);
          for (const t of s.targets) this.assign(t, v, f, loc);
          break;
        }
        case 'augassign': {
          if (s.target.type !== 'name') {
            // `d[k] += x`, `a.b += x`: not modelled, so the container is no longer known.
            if (s.target.type === 'subscript') f.scope.set(s.target.obj, unknown(loc, `'${s.target.obj}[...]' update`));
            break;
          }
          const cur = this.lookup(s.target.id, f, loc);
          const add = this.evalExpr(s.value, f);
          // `nodes += [...]` on a list of nodes stays a list (like extend).
          f.scope.set(s.target.id, cur.kind === 'list' && add.kind === 'list' && s.op === '+' ? this.list([...cur.items, ...add.items], loc) : this.binary(s.op, cur, add, loc));
          break;
        }
        case 'return':
          return s.value ? this.evalExpr(s.value, f) : { kind: 'none' };
        case 'expr':
          this.mutatingCall(s.value, f);
          break;
        case 'if': {
          const r = this.runIf(s, f, loc);
          if (r) return r;
          break;
        }
        case 'for':
          this.runFor(s, f, loc);
          break;
        case 'block':
          this.forget(s.assigned, f, loc, `'${s.assigned[0] ?? ''}' assigned inside ${s.kind}`);
          if (s.returns) return unknown(loc, `return inside ${s.kind}`);
          break;
      }
    }
    return undefined;
  }

  /**
   * Names a statement we do not evaluate may have changed: a list of nodes or a pipeline keeps what it had, open
   * (the statement may have added more); anything else becomes unknown.
   */
  private forget(names: readonly string[], f: Frame, loc: Loc, what: string): void {
    for (const name of names) {
      const cur = f.scope.get(name);
      const why: Unresolved = { loc, what: `'${name}' ${what.replace(/^'[^']*' /, '')}` };
      if (cur && (cur.kind === 'pipeline' || (cur.kind === 'list' && cur.items.length > 0 && cur.items.every(isNodesLike)))) {
        this.note(why);
        const p = this.asPipeline(cur, loc);
        f.scope.set(name, { kind: 'pipeline', pipeline: { nodes: p.nodes, open: [...p.open, why] } });
      } else f.scope.set(name, { kind: 'unknown', why });
    }
  }

  /** `if`: a known condition runs its branch; otherwise both run and their values merge (see merge()). */
  private runIf(s: Extract<Stmt, { type: 'if' }>, f: Frame, loc: Loc): Val | undefined {
    const c = truthy(this.evalExpr(s.cond, f));
    if (c !== undefined) return this.run(c ? s.body : s.orelse, f);
    const a: Frame = { ...f, scope: new Map(f.scope) };
    const b: Frame = { ...f, scope: new Map(f.scope) };
    const ra = this.run(s.body, a);
    const rb = this.run(s.orelse, b);
    if (ra && rb) return this.merge(ra, rb, loc, true);
    if (ra) f.returns.push(ra);
    if (rb) f.returns.push(rb);
    const live = ra ? [b] : rb ? [a] : [a, b];
    const names = new Set([...a.scope.keys(), ...b.scope.keys()]);
    for (const name of names) {
      const va = live.includes(a) ? a.scope.get(name) : undefined;
      const vb = live.includes(b) ? b.scope.get(name) : undefined;
      const v = va && vb ? this.merge(va, vb, loc, true) : (va ?? vb);
      if (v) f.scope.set(name, v);
    }
    return undefined;
  }

  /** `for` over a known list/tuple/dict: unrolled. Otherwise what the loop changes is forgotten. */
  private runFor(s: Extract<Stmt, { type: 'for' }>, f: Frame, loc: Loc): void {
    const items = s.jumps || s.returns ? undefined : this.iterable(this.evalExpr(s.iter, f));
    if (!items || items.length > MAX_LOOP) {
      this.forget(s.assigned, f, loc, 'changed in a loop over values not known statically');
      return;
    }
    for (const item of items) {
      this.assign(s.target, item, f, loc);
      this.run(s.body, f);
    }
  }

  /**
   * One value for two possible ones (the branches of an `if` whose condition is unknown). Pipelines: the union, nodes
   * on one side only marked conditional; an unknown side leaves the other open. Anything else that differs is unknown.
   */
  private merge(a: Val, b: Val, loc: Loc, conditional = false): Val {
    if (a === b) return a;
    if ((a.kind === 'str' || a.kind === 'num' || a.kind === 'bool') && a.kind === b.kind && a.value === b.value) return a;
    if (a.kind === 'none' && b.kind === 'none') return a;
    if (a.kind === 'dict' && b.kind === 'dict' && a.entries.length === b.entries.length && a.entries.every(([k], i) => b.entries[i]?.[0] === k)) {
      return { kind: 'dict', entries: a.entries.map(([k, v, l], i) => [k, this.merge(v, (b.entries[i] as readonly [string, Val, Loc | undefined])[1], loc, conditional), l] as const), ...(a.fromFind && b.fromFind ? { fromFind: true } : {}) };
    }
    if (a.kind === 'list' && b.kind === 'list' && a.items.length === b.items.length && a.items.every((x, i) => x === b.items[i])) return a;
    const pa = isNodesLike(a) || (a.kind === 'unknown' && isNodesLike(b));
    const pb = isNodesLike(b) || (b.kind === 'unknown' && isNodesLike(a));
    if (pa && pb) {
      const x = this.asPipeline(a, loc);
      const y = this.asPipeline(b, loc);
      if (!conditional) return { kind: 'pipeline', pipeline: { nodes: unionAll([x.nodes, y.nodes]), open: [...x.open, ...y.open] } };
      const inX = new Set(x.nodes.map(nodeIdentity));
      const inY = new Set(y.nodes.map(nodeIdentity));
      const mark = (nodes: readonly ResolvedNode[], other: ReadonlySet<string>): readonly ResolvedNode[] =>
        nodes.map((n) => (other.has(nodeIdentity(n)) || n.conditional ? n : resolvedNode({ ...n, conditional: true })));
      return { kind: 'pipeline', pipeline: { nodes: unionAll([mark(x.nodes, inY), mark(y.nodes, inX)]), open: [...x.open, ...y.open] } };
    }
    if (a.kind === 'unknown') return a;
    if (b.kind === 'unknown') return b;
    return unknown(loc, 'value that depends on a condition');
  }

  private assign(t: Target, v: Val, f: Frame, loc: Loc): void {
    switch (t.type) {
      case 'name':
        f.scope.set(t.id, v);
        break;
      case 'subscript': {
        const obj = this.lookup(t.obj, f, loc);
        const key = this.evalExpr(t.key, f);
        if (obj.kind === 'dict' && key.kind === 'str') {
          f.scope.set(t.obj, { kind: 'dict', entries: [...obj.entries.filter(([k]) => k !== key.value), [key.value, v, key.loc ?? loc]], ...(obj.fromFind ? { fromFind: true } : {}) });
        } else f.scope.set(t.obj, unknown(loc, `'${t.obj}[...]' assignment`));
        break;
      }
      case 'unpack': {
        const items = v.kind === 'list' && v.items.length === t.ids.length ? v.items : undefined;
        t.ids.forEach((id, i) => f.scope.set(id, items?.[i] ?? unknown(loc, `unpacking into '${id}'`)));
        break;
      }
      case 'other':
        break;
    }
  }

  /** `nodes.append(x)`, `nodes.extend(xs)`, `pipes.update({...})` mutate a local. */
  private mutatingCall(e: Expr, f: Frame): void {
    if (e.type !== 'call' || e.fn.type !== 'attr' || e.fn.obj.type !== 'name') return;
    const name = e.fn.obj.id;
    const loc = { uri: f.mod.uri, span: e.span };
    const cur = f.scope.get(name);
    if (!cur) return;
    const arg = e.args[0] ? this.evalExpr(e.args[0], f) : undefined;
    const attr = e.fn.attr;
    if (cur.kind === 'list' && attr === 'append' && arg) f.scope.set(name, this.list([...cur.items, arg], loc));
    else if (cur.kind === 'list' && attr === 'extend' && arg?.kind === 'list') f.scope.set(name, this.list([...cur.items, ...arg.items], loc));
    else if (cur.kind === 'pipeline' && (attr === 'append' || attr === 'extend') && arg) {
      // A node list that became an open pipeline (after a loop we could not unroll) still collects what is added.
      f.scope.set(name, this.binary('+', cur, arg.kind === 'unknown' ? arg : { kind: 'pipeline', pipeline: this.asPipeline(arg, loc) }, loc));
    } else if (cur.kind === 'dict' && attr === 'update' && arg?.kind === 'dict') {
      const keys = new Set(arg.entries.map(([k]) => k));
      f.scope.set(name, { kind: 'dict', entries: [...cur.entries.filter(([k]) => !keys.has(k)), ...arg.entries], ...(cur.fromFind ? { fromFind: true } : {}) });
    } else if (cur.kind === 'list' || cur.kind === 'dict' || cur.kind === 'pipeline') this.forget([name], f, loc, `changed by ${name}.${attr}(...)`);
  }

  // ---------------------------------------------------------------- names

  private lookup(id: string, f: Frame, loc: Loc): Val {
    const local = f.scope.get(id);
    if (local) return local;
    return this.moduleName(f.mod, id, loc, f.depth);
  }

  private moduleName(mod: ModuleInfo, id: string, loc: Loc, depth: number): Val {
    const sym = resolveSymbol(this.index, mod, id);
    if (!sym) return BUILTINS.has(id) ? { kind: 'builtin', name: id } : unknown(loc, `'${id}'`);
    switch (sym.kind) {
      case 'function':
        return { kind: 'func', module: sym.module, fn: sym.fn };
      case 'class':
        return this.classValue(sym.module, sym.cls, loc);
      case 'module':
        return { kind: 'module', module: sym.module };
      case 'external':
        return kedroCallable(sym.module, sym.name) ?? { kind: 'external', module: sym.module, name: sym.name };
      case 'variable':
        return this.moduleVariable(sym.module, sym.name, loc, depth);
    }
  }

  /** A project class: a subclass of Kedro's Node (through project classes) builds nodes like node(). */
  private classValue(mod: ModuleInfo, cls: ClassFact, loc: Loc): Val {
    const key = `class:${mod.uri}#${cls.name}`;
    if (this.active.has(key)) return unknown(loc, `class '${cls.name}'`);
    this.active.add(key);
    try {
      return this.classBases(mod, cls, loc);
    } finally {
      this.active.delete(key);
    }
  }

  private classBases(mod: ModuleInfo, cls: ClassFact, loc: Loc): Val {
    for (const base of cls.bases) {
      const [head, ...rest] = base.split('.');
      let v: Val = head && /^\w+$/.test(head) ? this.moduleName(mod, head, loc, 0) : unknown(loc, base);
      for (const a of rest) v = this.attribute(v, a, loc, 0);
      if (v.kind === 'kedro' && v.name === 'node') {
        // Its own constructor may take other arguments or rename: not modelled, unless it only adds keyword
        // arguments and hands everything else to Node (`super().__init__(*args, **kwargs)`).
        const own = cls.methods.find((m) => m.name === '__init__' || m.name === '__new__');
        return own && !forwardsToNode(own) ? unknown(loc, `${cls.name}() (a Node subclass with its own ${own.name})`) : v;
      }
      if (v.kind === 'unknown' && v.why.what.includes('Node subclass')) return v;
    }
    return { kind: 'class', module: mod, cls };
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
        const frame: Frame = { mod, scope: new Map(), depth: depth + 1, returns: [] };
        // Module-level code runs top to bottom; evaluating all of it gives the final binding.
        this.ownBudget(() => this.run(mod.facts.statements.filter((s) => s.type !== 'return'), frame));
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
    if (!this.step()) return this.overBudget(loc);
    switch (e.type) {
      case 'str':
        return { kind: 'str', value: e.value, loc: { uri: f.mod.uri, span: e.contentSpan }, literal: true };
      case 'fstr': {
        let v = '';
        for (const part of e.parts) {
          if (typeof part === 'string') v += part;
          else {
            const pv = this.evalExpr(part, f);
            if (pv.kind === 'str') v += pv.value;
            else if (pv.kind === 'num' || pv.kind === 'bool') v += pyScalar(pv);
            else return unknown(loc, 'f-string');
            if (v.length > MAX_STR) return this.overBudget(loc);
          }
        }
        return { kind: 'str', value: v, loc, literal: false };
      }
      case 'num':
        return { kind: 'num', value: e.value };
      case 'bool':
        return { kind: 'bool', value: e.value };
      case 'none':
        return { kind: 'none' };
      case 'name':
        return this.lookup(e.id, f, loc);
      case 'attr':
        return this.attribute(this.evalExpr(e.obj, f), e.attr, loc, f.depth);
      case 'list':
      case 'tuple':
      case 'set': {
        const items: Val[] = [];
        for (const i of e.items) {
          if (i.type !== 'splat') {
            items.push(this.evalExpr(i, f));
            continue;
          }
          const v = this.evalExpr(i.value, f);
          const spread = this.iterable(v);
          // `*p.nodes` of an open pipeline: the pipeline itself stands for its nodes.
          if (spread && items.length + spread.length > MAX_ITEMS) return this.overBudget(loc);
          if (spread) items.push(...spread);
          else items.push(v.kind === 'pipeline' ? v : v.kind === 'unknown' ? v : unknown(loc, '*-unpacking'));
        }
        return { kind: 'list', items };
      }
      case 'splat':
        return unknown(loc, '*-unpacking');
      case 'dict': {
        const entries: [string, Val, Loc][] = [];
        for (const { key, value } of e.entries) {
          const k = this.evalExpr(key, f);
          if (k.kind !== 'str') return unknown(loc, 'dict with a computed key');
          entries.push([k.value, this.evalExpr(value, f), k.loc ?? loc]);
        }
        return { kind: 'dict', entries };
      }
      case 'bin':
        return this.binary(e.op, this.evalExpr(e.left, f), this.evalExpr(e.right, f), loc);
      case 'cmp':
        return compare(e.op, this.evalExpr(e.left, f), this.evalExpr(e.right, f), loc);
      case 'not': {
        const v = truthy(this.evalExpr(e.arg, f));
        return v === undefined ? unknown(loc, 'condition') : { kind: 'bool', value: !v };
      }
      case 'boolop': {
        // Python returns the deciding operand; only its truth matters for conditions, its value for `x or default`.
        const l = this.evalExpr(e.left, f);
        const lt = truthy(l);
        if (lt === undefined) return unknown(loc, 'condition');
        if (e.op === 'and' ? !lt : lt) return l;
        return this.evalExpr(e.right, f);
      }
      case 'lambda':
        return { kind: 'lambda' };
      case 'comp':
        return this.comprehension(e, f, loc);
      case 'subscript': {
        const obj = this.evalExpr(e.obj, f);
        const idx = this.evalExpr(e.index, f);
        if (obj.kind === 'dict' && idx.kind === 'str') return obj.entries.find(([k]) => k === idx.value)?.[1] ?? this.missingKey(obj, idx.value, loc);
        if (obj.kind === 'list' && idx.kind === 'num') return obj.items.at(idx.value) ?? unknown(loc, 'index');
        return unknown(loc, 'subscript');
      }
      case 'call':
        return this.call(e, f, loc);
      case 'unknown':
        return unknown(loc, e.text);
    }
  }

  /** `d["x"]` with no such key. On find_pipelines()'s dict with no pipeline folder `x`, Kedro raises KeyError (KL015). */
  private missingKey(obj: Extract<Val, { kind: 'dict' }>, key: string, loc: Loc): Val {
    if (obj.fromFind && key !== '__default__' && !this.pipelineDirs.includes(key)) {
      const why: Unresolved = { loc, what: `pipeline '${key}'`, missingPipeline: key };
      this.note(why);
      return { kind: 'unknown', why };
    }
    return unknown(loc, `key '${key}'`);
  }

  private attribute(obj: Val, attr: string, loc: Loc, depth: number): Val {
    if (obj.kind === 'module') return this.moduleName(obj.module, attr, loc, depth);
    if (obj.kind === 'external') {
      const dotted = obj.name ? `${obj.module}.${obj.name}` : obj.module;
      return kedroCallable(dotted, attr) ?? { kind: 'external', module: dotted, name: attr };
    }
    if (obj.kind === 'unknown') return obj;
    if (obj.kind === 'pipeline' && attr === 'nodes') {
      // An open pipeline's node list is incomplete: it stays a pipeline, which lists and sums take as its nodes.
      return obj.pipeline.open.length ? obj : { kind: 'list', items: obj.pipeline.nodes.map((node): Val => ({ kind: 'node', node })) };
    }
    if (obj.kind === 'instance' || obj.kind === 'class') {
      const fn = obj.cls.methods.findLast((m) => m.name === attr);
      if (!fn) return unknown(loc, `'.${attr}'`);
      const isStatic = fn.decorators.some((d) => d === 'staticmethod');
      if (obj.kind === 'class' && !isStatic) return unknown(loc, `'${obj.cls.name}.${attr}'`);
      return isStatic ? { kind: 'func', module: obj.module, fn } : { kind: 'boundmethod', module: obj.module, fn };
    }
    return { kind: 'method', obj, name: attr };
  }

  /** Comprehensions with any number of `for`/`if` clauses over known values; an unknown iterable or condition makes it unknown. */
  private comprehension(e: Extract<Expr, { type: 'comp' }>, f: Frame, loc: Loc): Val {
    const items: Val[] = [];
    const entries: [string, Val, Loc | undefined][] = [];
    let failed: Val | undefined;
    const walk = (i: number, scope: Map<string, Val>): boolean => {
      const frame: Frame = { ...f, scope };
      const clause = e.clauses[i];
      if (!clause) {
        if (!e.key) {
          items.push(this.evalExpr(e.elt, frame));
          return true;
        }
        const k = this.evalExpr(e.key, frame);
        if (k.kind !== 'str') return !(failed = k.kind === 'unknown' ? k : unknown(loc, 'dict comprehension key'));
        const at = entries.findIndex(([x]) => x === k.value);
        if (at >= 0) entries.splice(at, 1);
        entries.push([k.value, this.evalExpr(e.elt, frame), k.loc]);
        return true;
      }
      if (clause.type === 'if') {
        const c = this.evalExpr(clause.cond, frame);
        const t = truthy(c);
        if (t === undefined) return !(failed = c.kind === 'unknown' ? c : unknown(loc, 'comprehension condition'));
        return t ? walk(i + 1, scope) : true;
      }
      const it = this.evalExpr(clause.iter, frame);
      const values = this.iterable(it);
      if (!values) return !(failed = it.kind === 'unknown' ? it : unknown(loc, 'comprehension'));
      for (const item of values) {
        if (!this.step() || items.length + entries.length > MAX_ITEMS) return !(failed = this.overBudget(loc));
        const inner = new Map(scope);
        if (clause.targets.length === 1) inner.set(clause.targets[0] as string, item);
        else {
          const parts = item.kind === 'list' && item.items.length === clause.targets.length ? item.items : undefined;
          if (!parts) return !(failed = unknown(loc, 'comprehension target'));
          clause.targets.forEach((t, j) => inner.set(t, parts[j] as Val));
        }
        if (!walk(i + 1, inner)) return false;
      }
      return true;
    };
    if (!walk(0, f.scope)) return failed ?? unknown(loc, 'comprehension');
    return e.kind === 'dict' ? { kind: 'dict', entries } : { kind: 'list', items };
  }

  private iterable(v: Val): readonly Val[] | undefined {
    if (v.kind === 'list') return v.items;
    if (v.kind === 'dict') return v.entries.map(([k, , loc]) => ({ kind: 'str', value: k, ...(loc ? { loc } : {}), literal: !!loc }) as Val);
    if (v.kind === 'method' && v.obj.kind === 'dict') {
      if (v.name === 'values') return v.obj.entries.map(([, x]) => x);
      if (v.name === 'keys') return this.iterable(v.obj);
    }
    if (v.kind === 'pipeline' && v.pipeline.open.length === 0) return v.pipeline.nodes.map((node): Val => ({ kind: 'node', node }));
    return undefined;
  }

  /**
   * `+`/`|` keep what is known of each side (an unknown side leaves the result open); `-` needs a complete right side
   * (an unknown node might remove any), `&` keeps the nodes known on both sides.
   */
  private binary(op: string, a: Val, b: Val, loc: Loc): Val {
    if (op === '+' && a.kind === 'str' && b.kind === 'str') return a.value.length + b.value.length > MAX_STR ? this.overBudget(loc) : this.str(a.value + b.value, loc);
    if (op === '+' && a.kind === 'list' && b.kind === 'list') return a.items.length + b.items.length > MAX_ITEMS ? this.overBudget(loc) : this.list([...a.items, ...b.items], loc);
    if (op === '+' && a.kind === 'num' && b.kind === 'num') return { kind: 'num', value: a.value + b.value };
    if ((op === '+' || op === '|') && (isNodesLike(a) || isNodesLike(b)) && (isNodesLike(a) || a.kind === 'unknown') && (isNodesLike(b) || b.kind === 'unknown')) {
      const pa = this.asPipeline(a, loc);
      const pb = this.asPipeline(b, loc);
      return { kind: 'pipeline', pipeline: { nodes: unionNodes(pa.nodes, pb.nodes), open: [...pa.open, ...pb.open] } };
    }
    if (a.kind === 'unknown') return a;
    if (b.kind === 'unknown') return b;
    if (isPipelineLike(a) && isPipelineLike(b) && (op === '-' || op === '&')) {
      const pa = this.asPipeline(a, loc);
      const pb = this.asPipeline(b, loc);
      const idB = new Set(pb.nodes.map(nodeIdentity));
      if (op === '-') {
        if (pb.open.length) return unknown(loc, "'-' of a pipeline that is not completely known");
        return { kind: 'pipeline', pipeline: { nodes: pa.nodes.filter((n) => !idB.has(nodeIdentity(n))), open: pa.open } };
      }
      return { kind: 'pipeline', pipeline: { nodes: pa.nodes.filter((n) => idB.has(nodeIdentity(n))), open: [...pa.open, ...pb.open] } };
    }
    return unknown(loc, `'${op}' expression`);
  }

  private call(e: Extract<Expr, { type: 'call' }>, f: Frame, loc: Loc): Val {
    const fn = this.evalExpr(e.fn, f);
    if (fn.kind === 'unknown') return fn;
    const args = e.args.map((a) => this.evalExpr(a, f));
    const kwargs = new Map<string, Val>();
    for (const kw of e.kwargs) {
      if (kw.name) kwargs.set(kw.name, this.evalExpr(kw.value, f));
      else {
        const spread = this.evalExpr(kw.value, f);
        if (spread.kind !== 'dict') return unknown(loc, '**kwargs');
        for (const [k, v] of spread.entries) kwargs.set(k, v);
      }
    }
    if (e.splat) return unknown(loc, '*args');
    switch (fn.kind) {
      case 'kedro':
        switch (fn.name) {
          case 'node':
            return this.makeNode(e, args, kwargs, f, loc);
          case 'pipeline':
            return this.makePipeline(args, kwargs, loc);
          case 'llm_context_node':
            return this.llmContextNode(kwargs, f, loc);
          case 'pipeline_ml_factory': {
            // kedro-mlflow's PipelineML runs (and is a Pipeline of) the training nodes.
            const training = kwargs.get('training') ?? args[0];
            return training ? { kind: 'pipeline', pipeline: this.asPipeline(training, loc) } : unknown(loc, 'pipeline_ml_factory()');
          }
          default:
            return this.findPipelines(loc, kwargs.get('pipelines_to_find'));
        }
      case 'func':
        return this.callFunction(fn.module, fn.fn, args, kwargs, f.depth, loc);
      case 'boundmethod':
        return unknown(loc, `call of ${exprText(e.fn)}()`);
      case 'class':
        return { kind: 'instance', module: fn.module, cls: fn.cls };
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
        if (!items) return first?.kind === 'unknown' ? first : unknown(loc, 'sum(...)');
        // sum() of pipelines: one union instead of n pairwise unions; unknown items leave it open.
        const parts = args[1] ? [args[1], ...items] : items;
        if (parts.some(isNodesLike) && parts.every((v) => isNodesLike(v) || v.kind === 'unknown')) {
          const ps = parts.map((v) => this.asPipeline(v, loc));
          return { kind: 'pipeline', pipeline: { nodes: unionAll(ps.map((p) => p.nodes)), open: ps.flatMap((p) => p.open) } };
        }
        const start: Val = args[1] ?? { kind: 'num', value: 0 };
        return items.reduce<Val>((acc, v) => (acc.kind === 'num' && acc.value === 0 ? v : this.binary('+', acc, v, loc)), start);
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'sorted': {
        if (!first) return { kind: 'list', items: [] };
        const items = this.iterable(first);
        return items ? { kind: 'list', items } : unknown(loc, `${name}(...)`);
      }
      case 'dict':
        return { kind: 'dict', entries: [...kwargs].map(([k, v]) => [k, v, undefined] as const) };
      case 'functools.partial': {
        if (!first || first.kind === 'unknown') return first ?? unknown(loc, 'partial()');
        return { kind: 'partial', fn: first, nargs: args.length - 1, keywords: [...kwargs.keys()], wrapped: false };
      }
      case 'functools.update_wrapper':
        // update_wrapper(partial(f, ...), f) gives the partial f's __name__ and __module__; another wrapped function is not modelled.
        return first?.kind === 'partial' && args[1] && sameFunction(args[1], first.fn) ? { ...first, wrapped: true } : unknown(loc, 'update_wrapper()');
      default:
        return unknown(loc, `${name}(...)`);
    }
  }

  private method(obj: Val, name: string, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, loc: Loc): Val {
    if (obj.kind === 'dict' && (name === 'values' || name === 'keys' || name === 'items')) {
      if (name === 'items') return { kind: 'list', items: obj.entries.map(([k, v]) => ({ kind: 'list', items: [{ kind: 'str', value: k, literal: false }, v] })) };
      return { kind: 'method', obj, name };
    }
    if (obj.kind === 'dict' && name === 'copy') return obj;
    if (obj.kind === 'dict' && name === 'get' && args[0]?.kind === 'str') {
      const key = args[0].value;
      return obj.entries.find(([k]) => k === key)?.[1] ?? args[1] ?? { kind: 'none' };
    }
    if (obj.kind === 'node' && name === 'tag') {
      const tags = stringsOf(args[0] ?? kwargs.get('tags'));
      if (!tags) return unknown(loc, '.tag(...)');
      return { kind: 'node', node: resolvedNode({ ...obj.node, tags: [...new Set([...obj.node.tags, ...tags])] }) };
    }
    if (obj.kind === 'pipeline') return pipelineMethod(obj.pipeline, name, args, kwargs, loc);
    return unknown(loc, `.${name}(...)`);
  }

  // ---------------------------------------------------------------- Kedro constructs

  /**
   * `find_pipelines()`: one entry per folder under `<pkg>/pipelines/` whose package exposes create_pipeline();
   * `pipelines_to_find=[...]` keeps those named (a list not known statically keeps all, without KeyError reports).
   */
  private findPipelines(loc: Loc, only?: Val): Val {
    const wanted = only && only.kind !== 'none' ? stringsOf(only) : undefined;
    const entries: [string, Val, Loc | undefined][] = [];
    const simplified = this.index.module(`${this.packageName}.pipeline`);
    const simpleFn = simplified?.facts.functions.find((fn) => fn.name === 'create_pipeline');
    entries.push([
      '__default__',
      simplified && simpleFn ? this.callFunction(simplified, simpleFn, [], new Map(), 0, loc) : { kind: 'pipeline', pipeline: EMPTY_PIPELINE },
      undefined,
    ]);
    for (const dir of this.pipelineDirs) {
      if (wanted && !wanted.includes(dir)) continue;
      const mod = this.index.module(`${this.packageName}.pipelines.${dir}`);
      if (!mod) continue;
      const sym = resolveSymbol(this.index, mod, 'create_pipeline');
      if (sym?.kind !== 'function') continue;
      const at = { uri: sym.module.uri, span: sym.fn.nameSpan };
      entries.push([dir, this.callFunction(sym.module, sym.fn, [], new Map(), 0, at), at]);
    }
    return { kind: 'dict', entries, ...(only && only.kind !== 'none' && !wanted ? {} : { fromFind: true }) };
  }

  private asPipeline(v: Val, loc: Loc): PipelineValue {
    if (v.kind === 'pipeline') return v.pipeline;
    if (v.kind === 'node') return { nodes: [v.node], open: [] };
    if (v.kind === 'list') {
      const parts = v.items.map((i) => this.asPipeline(i, loc));
      return { nodes: unionAll(parts.map((p) => p.nodes)), open: parts.flatMap((p) => p.open) };
    }
    const why = v.kind === 'unknown' ? v.why : { loc, what: 'not a pipeline' };
    this.note(why);
    return { nodes: [], open: [why] };
  }

  private makePipeline(args: readonly Val[], kwargs: ReadonlyMap<string, Val>, loc: Loc): Val {
    const nodesArg = args[0] ?? kwargs.get('nodes') ?? kwargs.get('pipe');
    if (!nodesArg) return unknown(loc, 'Pipeline() without nodes');
    const inner = this.asPipeline(nodesArg, loc);
    const ns = kwargs.get('namespace');
    const prefix = kwargs.get('prefix_datasets_with_namespace');
    const wrap: NamespaceWrap = {
      namespace: ns?.kind === 'str' ? ns.value : undefined,
      namespaceUnknown: (!!ns && ns.kind !== 'str' && ns.kind !== 'none') || (!!prefix && prefix.kind !== 'bool'),
      inputs: mappingOf(kwargs.get('inputs')),
      outputs: mappingOf(kwargs.get('outputs')),
      parameters: mappingOf(kwargs.get('parameters')),
      prefix: prefix?.kind === 'bool' ? prefix.value : true,
      tags: stringsOf(kwargs.get('tags')) ?? [],
      nameStyle: this.nameStyle,
      source: wrapSource(kwargs, loc),
    };
    if (!wrap.namespace && !wrap.namespaceUnknown && !wrap.inputs && !wrap.outputs && !wrap.parameters && wrap.tags.length === 0) {
      return { kind: 'pipeline', pipeline: inner };
    }
    if (wrap.namespaceUnknown || wrap.inputs === 'unknown' || wrap.outputs === 'unknown' || wrap.parameters === 'unknown') {
      this.note({ loc, what: 'Pipeline() renaming (inputs/outputs/parameters/namespace)' });
    }
    return { kind: 'pipeline', pipeline: { nodes: inner.nodes.map((n) => applyNamespace(n, wrap)), open: inner.open } };
  }

  /** What a node's `func` tells about its name and signature (Kedro names nodes after `func.__name__`). */
  private funcInfo(funcExpr: Expr | undefined, funcVal: Val | undefined, f: Frame): ResolvedNode['func'] {
    if (!funcExpr) return undefined;
    let v = funcVal;
    let target: FunctionTarget | undefined;
    let module: string | undefined;
    let name: string | undefined;
    if (v?.kind === 'partial') {
      const p = v;
      v = p.fn;
      if (v.kind === 'func' || v.kind === 'boundmethod') target = { module: v.module, fn: boundSignature(v.kind === 'boundmethod' ? dropSelf(v.fn) : v.fn, p.nargs, p.keywords) };
      // A bare partial has no __name__: Kedro calls it "<partial>" and its default name is not computed here.
      if (!p.wrapped) return { text: exprText(funcExpr), loc: { uri: f.mod.uri, span: funcExpr.span }, ...(target ? { target } : {}), name: '<partial>' };
    }
    if (v?.kind === 'func') {
      target ??= { module: v.module, fn: v.fn };
      module = v.module.name;
      name = v.fn.name;
    } else if (v?.kind === 'boundmethod') {
      target ??= { module: v.module, fn: dropSelf(v.fn) };
      module = v.module.name;
      name = v.fn.name;
    } else if (v?.kind === 'external') {
      module = v.module;
      name = v.name;
    } else if (v?.kind === 'lambda') {
      module = f.mod.name;
      name = '<lambda>';
    }
    return {
      text: exprText(funcExpr),
      loc: { uri: f.mod.uri, span: funcExpr.span },
      ...(target ? { target } : {}),
      ...(module ? { module } : {}),
      ...(name ? { name } : {}),
    };
  }

  private makeNode(e: Extract<Expr, { type: 'call' }>, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, f: Frame, loc: Loc): Val {
    const funcExpr = e.kwargs.find((k) => k.name === 'func')?.value ?? e.args[0];
    const func = this.funcInfo(funcExpr, kwargs.get('func') ?? args[0], f);
    return this.buildNode(func, kwargs.get('inputs') ?? args[1], kwargs.get('outputs') ?? args[2], kwargs, f, loc, false);
  }

  /** kedro.pipeline.llm_context: a Node reading `llm` and `prompts` (and each tool's inputs, not modelled). */
  private llmContextNode(kwargs: ReadonlyMap<string, Val>, f: Frame, loc: Loc): Val {
    const llm = kwargs.get('llm');
    const prompts = kwargs.get('prompts');
    const tools = kwargs.get('tools');
    const inputs: Val = { kind: 'list', items: [...(llm ? [llm] : []), ...(prompts?.kind === 'list' ? prompts.items : prompts ? [prompts] : [])] };
    const toolsUnknown = !!tools && tools.kind !== 'none' && !(tools.kind === 'list' && tools.items.length === 0);
    const func = { text: 'llm_context_node', loc };
    return this.buildNode(func, inputs, kwargs.get('outputs'), kwargs, f, loc, toolsUnknown || (!!prompts && prompts.kind !== 'list' && prompts.kind !== 'str'));
  }

  private buildNode(func: ResolvedNode['func'], inputsVal: Val | undefined, outputsVal: Val | undefined, kwargs: ReadonlyMap<string, Val>, f: Frame, loc: Loc, unknownParts: boolean): Val {
    const inputs = refsOf(inputsVal, loc);
    const outputs = refsOf(outputsVal, loc);
    const nameVal = kwargs.get('name');
    const nsVal = kwargs.get('namespace');
    // A name or namespace we cannot compute changes the node's name: never guess it.
    const partial = unknownParts || inputs.partial || outputs.partial || (!!nameVal && nameVal.kind !== 'str' && nameVal.kind !== 'none') || (!!nsVal && nsVal.kind !== 'str' && nsVal.kind !== 'none');
    const base: Omit<ResolvedNode, 'name' | 'nameUncertain'> = {
      uri: f.mod.uri,
      callLoc: loc,
      ...(func ? { func } : {}),
      inputs: inputs.refs,
      outputs: outputs.refs,
      inputsForm: inputs.form,
      outputsForm: outputs.form,
      ...(inputs.keys ? { inputKeys: inputs.keys, inputKeyLocs: inputs.keyLocs } : {}),
      ...(outputs.keys ? { outputKeys: outputs.keys } : {}),
      ...(nameVal?.kind === 'str' ? { explicitName: { value: nameVal.value, loc: nameVal.loc ?? loc } } : {}),
      ...(nsVal?.kind === 'str' ? { namespace: nsVal.value } : {}),
      tags: stringsOf(kwargs.get('tags')) ?? [],
      confirms: stringsOf(kwargs.get('confirms')) ?? [],
      partial,
    };
    const named = nodeFullName(base, this.nameStyle);
    if (partial) this.note({ loc, what: 'node inputs/outputs' });
    return { kind: 'node', node: resolvedNode({ ...base, ...named }) };
  }
}
