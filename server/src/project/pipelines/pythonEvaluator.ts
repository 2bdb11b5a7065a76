import type { Loc } from '../../core/types';
import type { ClassFact, FunctionFact } from '../../parsing/python/facts';
import type { Expr, Stmt, Target } from '../../parsing/python/ir';
import { resolveSymbol, type ModuleInfo } from '../pythonIndex';
import type { Unresolved } from './types';
import { compare, exprText, pyScalar, pythonCallable, sameFunction, scalar, truthy, unknown, ZERO, type Val } from './values';
import { EvalState, MAX_ITEMS, MAX_STR } from './evalState';

// Python evaluation without running it: scopes, statements, expressions, comprehensions, builtins, calls and module
// variables, over the values of values.ts. What a library's callables and values mean (Kedro's node() and Pipeline)
// comes in through the protected hooks below, which a subclass overrides (evaluator.ts); this file imports no Kedro.

const BUILTINS = new Set(['sum', 'list', 'tuple', 'set', 'dict', 'sorted', 'str', 'len', 'range', 'enumerate', 'isinstance']);
const MAX_DEPTH = 12;
const MAX_LOOP = 1000;
/** Exception names an `except` catching an ImportError may give. */
const IMPORT_ERROR_CATCHERS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

export interface Frame {
  readonly mod: ModuleInfo;
  readonly scope: Map<string, Val>;
  readonly depth: number;
  /** Values returned on a branch of an `if` the rest of the function went past: merged into the final return. */
  readonly returns: Val[];
  /** Module-level code: a name it has not assigned yet is the module's def, class or import of it. */
  readonly moduleLevel?: boolean;
  /** The memo key of the call (or module variable) this frame runs, and how often each call site ran in it. */
  readonly call?: { readonly key: string; readonly ran: Map<string, number> };
}

export abstract class PythonEvaluator extends EvalState {
  private readonly active = new Set<string>();

  // ---------------------------------------------------------------- a library's semantics (evaluator.ts: Kedro's)

  /** A call of a value this file does not know how to call (a library's callable); undefined: not the library's. */
  protected abstract callOther(fn: Val, e: Extract<Expr, { type: 'call' }>, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, f: Frame, loc: Loc): Val | undefined;
  /** What an imported name from outside the project (`module.name`) is, when the library knows it. */
  protected abstract externalValue(module: string, name: string | undefined): Val | undefined;
  /** `a op b` on a library's values. */
  protected abstract binaryOther(op: string, a: Val, b: Val, loc: Loc): Val | undefined;
  /** sum() of a library's values (the start value first, when given). */
  protected abstract sumOther(parts: readonly Val[], loc: Loc): Val | undefined;
  /** `obj.name(...)` on a library's value. */
  protected abstract methodOther(obj: Val, name: string, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, loc: Loc): Val | undefined;
  /** `obj.attr` on a library's value. */
  protected abstract attributeOther(obj: Val, attr: string): Val | undefined;
  /** The items a library's value iterates over, when known. */
  protected abstract iterableOther(v: Val): readonly Val[] | undefined;
  /** Whether `*v` of a library's value whose items are not all known may stand for them in a list display. */
  protected abstract standsForItems(v: Val): boolean;
  /** One value for two different ones of a library (see merge()). */
  protected abstract mergeOther(a: Val, b: Val, loc: Loc, conditional: boolean): Val | undefined;
  /** What a library's value becomes when a statement we do not evaluate may have changed it (see forget()). */
  protected abstract keepOpen(cur: Val, why: Unresolved, loc: Loc): Val | undefined;
  /** `name.attr(arg)` as a statement on a library's value: true when handled. */
  protected abstract mutateOther(name: string, cur: Val, attr: string, arg: Val | undefined, f: Frame, loc: Loc): boolean;
  /** A class with the base `base`, when the library gives it a meaning of its own (a subclass of Kedro's Node). */
  protected abstract classFromBase(cls: ClassFact, base: Val, loc: Loc): Val | undefined;
  /** `obj[key]` of a library's value (a config loader's `["parameters"]`). */
  protected abstract subscriptOther(obj: Val, key: Val, loc: Loc): Val | undefined;
  /** `d[key]` with no such key, when the library says more than "unknown". */
  protected abstract missingKey(obj: Extract<Val, { kind: 'dict' }>, key: string, loc: Loc): Val | undefined;

  // ---------------------------------------------------------------- functions and statements

  protected callFunction(mod: ModuleInfo, fn: FunctionFact, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, depth: number, at: Loc): Val {
    const key = `${mod.uri}#${fn.name}`;
    if (args.length === 0 && kwargs.size === 0) {
      const hit = this.memoHit(key);
      if (hit) return hit;
      if (this.active.has(key) || depth > MAX_DEPTH) return unknown(at, `recursive or too deep call of ${fn.name}()`);
      return this.cachedCall(key, () => {
        // The module the function lives in is a dependency too (it may have been handed over, not looked up).
        this.depend(mod);
        return this.invoke(mod, fn, args, kwargs, depth, key, key);
      });
    }
    // Memoised by argument values within the pass: helpers calling helpers 10 times each, 10 levels deep, ran for minutes.
    const argKey = `${key}(${this.argsKey(args, kwargs)})`;
    const hit = this.memoHit(argKey);
    if (hit) return hit;
    if (this.active.has(key) || depth > MAX_DEPTH) return unknown(at, `recursive or too deep call of ${fn.name}()`);
    return this.memoise(argKey, () => this.invoke(mod, fn, args, kwargs, depth, key, argKey));
  }

  private invoke(mod: ModuleInfo, fn: FunctionFact, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, depth: number, key: string, callKey: string): Val {
    this.active.add(key);
    try {
      const scope = new Map<string, Val>();
      const frame: Frame = { mod, scope, depth: depth + 1, returns: [], call: { key: callKey, ran: new Map() } };
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
      // A body not kept as IR (mayBuildPipelines said no) that returns a value, or a generator: its result is unknown.
      if (fn.isGenerator || (fn.body.length === 0 && fn.returnExprs.some((r) => r !== undefined))) return unknown({ uri: mod.uri, span: fn.nameSpan }, `result of ${fn.name}()`);
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
        case 'guard':
          // Only in loop bodies, which runLoopBody steps through.
          break;
        case 'block':
          this.forget(s.assigned, f, loc, `'${s.assigned[0] ?? ''}' assigned inside ${s.kind}`);
          if (s.returns) return unknown(loc, `return inside ${s.kind}`);
          break;
        case 'try':
          this.runTry(s, f, loc);
          break;
        case 'import':
          // Only in `try` bodies, which runTry steps through.
          break;
      }
    }
    return undefined;
  }

  /**
   * Names a statement we do not evaluate may have changed: a value the library keeps open (a list of nodes, a
   * pipeline) keeps what it had; anything else becomes unknown.
   */
  protected forget(names: readonly string[], f: Frame, loc: Loc, what: string): void {
    for (const name of names) {
      const cur = f.scope.get(name);
      const why: Unresolved = { loc, what: `'${name}' ${what.replace(/^'[^']*' /, '')}` };
      f.scope.set(name, (cur && this.keepOpen(cur, why, loc)) ?? { kind: 'unknown', why });
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

  /**
   * The optional-import idiom, `try: from x import y` / `except ImportError: y = None`. An import of a module the
   * project has succeeds, as every unguarded import of it is taken to; one of a module missing from a project package
   * raises ModuleNotFoundError, so the first handler that catches it runs. An import from outside the project, a
   * name the module may not define, or an exception no handler catches: what the statement binds is not known.
   */
  private runTry(s: Extract<Stmt, { type: 'try' }>, f: Frame, loc: Loc): void {
    for (const st of s.body) {
      if (st.type !== 'import') {
        this.run([st], f);
        continue;
      }
      const bound = this.importBindings(st, f, loc);
      if (bound === 'missing') {
        const handler = s.handlers.find((h) => !h.catches || h.catches.some((c) => IMPORT_ERROR_CATCHERS.has(c)));
        if (handler) this.run(handler.body, f);
        else this.forget(s.assigned, f, loc, 'assigned inside try');
        return;
      }
      if (!bound) {
        this.forget(s.assigned, f, loc, 'assigned inside a try whose imports may fail');
        return;
      }
      for (const [name, v] of bound) f.scope.set(name, v);
    }
  }

  /** What a project import binds; 'missing' when it names a module absent from a package of the project; else undefined. */
  private importBindings(st: Extract<Stmt, { type: 'import' }>, f: Frame, loc: Loc): Map<string, Val> | 'missing' | undefined {
    const absolute = this.index.absoluteModule(f.mod, st.module);
    const owner = this.index.module(absolute);
    if (!owner) {
      const parent = absolute.includes('.') ? this.index.module(absolute.slice(0, absolute.lastIndexOf('.'))) : undefined;
      // A folder of modules without __init__.py is a namespace package Python imports: not missing.
      const namespace = [...this.index.modules].some((m) => m.name.startsWith(`${absolute}.`));
      return parent?.isPackage && !namespace ? 'missing' : undefined;
    }
    const out = new Map<string, Val>();
    if (st.local) out.set(st.local, { kind: 'module', module: owner });
    for (const { name, local } of st.names) {
      const sym = resolveSymbol(this.index, owner, name);
      const sub = sym ? undefined : this.index.module(`${absolute}.${name}`);
      if (!sym && !sub) return undefined;
      out.set(local, sym ? this.symbolValue(sym, loc, f.depth) : { kind: 'module', module: sub as ModuleInfo });
    }
    return out;
  }

  /** `for` over a known list/tuple/dict: unrolled. Otherwise what the loop changes is forgotten. */
  private runFor(s: Extract<Stmt, { type: 'for' }>, f: Frame, loc: Loc): void {
    const items = s.jumps || s.returns ? undefined : this.iterable(this.evalExpr(s.iter, f));
    if (!items || items.length > MAX_LOOP) {
      this.forgetLoop(s, f, loc, 'changed in a loop over values not known statically');
      return;
    }
    for (const item of items) {
      this.assign(s.target, item, f, loc);
      const jump = this.runLoopBody(s.body, f);
      if (jump === 'break') break;
      if (jump === 'unknown') {
        this.forgetLoop(s, f, loc, 'changed in a loop that breaks or continues on a condition not known statically');
        return;
      }
    }
  }

  /** What a loop not unrolled leaves: a dict it only sets keys of keeps what is known (keepDict); the rest is forgotten. */
  private forgetLoop(s: Extract<Stmt, { type: 'for' }>, f: Frame, loc: Loc, what: string): void {
    this.forget(
      s.assigned.filter((name) => !this.keepDict(name, s.body, f, { loc, what: `'${name}' ${what}` })),
      f,
      loc,
      what,
    );
  }

  /**
   * A dict a loop over unknown values changes only by `d[key] = ...`: when every key is a string literal the dict
   * already has, the other entries keep their values and those may have been replaced; otherwise (a computed key) every
   * entry may have been replaced and more keys added, so the dict is kept open (`open`). Entries that may have been
   * replaced stay as the library keeps its values open (a pipeline: its nodes, marked incomplete) or become unknown.
   */
  private keepDict(name: string, body: readonly Stmt[], f: Frame, why: Unresolved): boolean {
    const cur = f.scope.get(name);
    if (cur?.kind !== 'dict' || cur.keyVals) return false;
    const keys = subscriptKeys(name, body);
    if (!keys) return false;
    const literal = keys.every((k) => k.type === 'str') ? new Set(keys.map((k) => (k as Extract<Expr, { type: 'str' }>).value)) : undefined;
    const closed = literal && [...literal].every((k) => cur.entries.some(([x]) => x === k));
    const entries = cur.entries.map(([k, v, l]) => [k, !literal || literal.has(k) ? this.possiblyReplaced(v, why) : v, l] as const);
    f.scope.set(name, { ...cur, entries, ...(closed ? {} : { open: cur.open ?? why }) });
    return true;
  }

  /** A value a statement not evaluated may have replaced: kept open by the library (a pipeline), else unknown. */
  protected possiblyReplaced(v: Val, why: Unresolved): Val {
    return this.keepOpen(v, why, why.loc) ?? { kind: 'unknown', why };
  }

  /** One pass of a loop body; a guard (`if c: break`) whose condition is not known ends the unrolling. */
  private runLoopBody(body: readonly Stmt[], f: Frame): 'break' | 'continue' | 'unknown' | undefined {
    let start = 0;
    for (const [i, st] of body.entries()) {
      if (st.type !== 'guard') continue;
      this.run(body.slice(start, i), f);
      start = i + 1;
      const c = truthy(this.evalExpr(st.cond, f));
      if (c === undefined) return 'unknown';
      if (c) return st.kind;
    }
    this.run(body.slice(start), f);
    return undefined;
  }

  /**
   * One value for two possible ones (the branches of an `if` whose condition is unknown): equal values stay, dicts
   * with the same keys merge per key, a library's values as it says (mergeOther); anything else that differs is unknown.
   */
  private merge(a: Val, b: Val, loc: Loc, conditional = false): Val {
    if (a === b) return a;
    if ((a.kind === 'str' || a.kind === 'num' || a.kind === 'bool') && a.kind === b.kind && a.value === b.value) return a;
    if (a.kind === 'none' && b.kind === 'none') return a;
    if (a.kind === 'dict' && b.kind === 'dict' && !a.keyVals && !b.keyVals && a.open === b.open && a.entries.length === b.entries.length && a.entries.every(([k], i) => b.entries[i]?.[0] === k)) {
      return { kind: 'dict', entries: a.entries.map(([k, v, l], i) => [k, this.merge(v, (b.entries[i] as readonly [string, Val, Loc | undefined])[1], loc, conditional), l] as const), ...(a.fromFind && b.fromFind ? { fromFind: true } : {}), ...(a.open ? { open: a.open } : {}) };
    }
    if (a.kind === 'list' && b.kind === 'list' && a.items.length === b.items.length && a.items.every((x, i) => x === b.items[i])) return a;
    const other = this.mergeOther(a, b, loc, conditional);
    if (other) return other;
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
        if (obj.kind === 'list' && t.key.type === 'slice' && !t.key.step) {
          // `xs[a:b] = ys` (an insertion when a == b): known integer bounds and a known iterable.
          const spliced = this.spliced(obj.items, t.key, v, f);
          f.scope.set(t.obj, spliced ? this.list(spliced, loc) : unknown(loc, `'${t.obj}[...]' assignment`));
          break;
        }
        if (obj.kind === 'dict' && key.kind === 'str' && !obj.keyVals) {
          f.scope.set(t.obj, { kind: 'dict', entries: [...obj.entries.filter(([k]) => k !== key.value), [key.value, v, key.loc ?? loc]], ...(obj.fromFind ? { fromFind: true } : {}), ...(obj.open ? { open: obj.open } : {}) });
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
    else if (this.mutateOther(name, cur, attr, arg, f, loc)) return;
    else if (cur.kind === 'dict' && attr === 'update' && arg?.kind === 'dict' && !cur.keyVals && !arg.keyVals && !arg.open) {
      const keys = new Set(arg.entries.map(([k]) => k));
      f.scope.set(name, { kind: 'dict', entries: [...cur.entries.filter(([k]) => !keys.has(k)), ...arg.entries], ...(cur.fromFind ? { fromFind: true } : {}), ...(cur.open ? { open: cur.open } : {}) });
    } else if (cur.kind === 'list' || cur.kind === 'dict') this.forget([name], f, loc, `changed by ${name}.${attr}(...)`);
  }

  // ---------------------------------------------------------------- names

  private lookup(id: string, f: Frame, loc: Loc): Val {
    const local = f.scope.get(id);
    if (local) return local;
    return this.moduleName(f.mod, id, loc, f.depth, f.moduleLevel);
  }

  private moduleName(mod: ModuleInfo, id: string, loc: Loc, depth: number, beforeAssignments = false): Val {
    const sym = resolveSymbol(this.index, mod, id, 0, beforeAssignments);
    if (!sym) return BUILTINS.has(id) ? { kind: 'builtin', name: id } : unknown(loc, `'${id}'`);
    return this.symbolValue(sym, loc, depth);
  }

  private symbolValue(sym: NonNullable<ReturnType<typeof resolveSymbol>>, loc: Loc, depth: number): Val {
    switch (sym.kind) {
      case 'function':
        return { kind: 'func', module: sym.module, fn: sym.fn };
      case 'class':
        return this.classValue(sym.module, sym.cls, loc);
      case 'module':
        return { kind: 'module', module: sym.module };
      case 'external':
        return pythonCallable(sym.module, sym.name) ?? this.externalValue(sym.module, sym.name) ?? { kind: 'external', module: sym.module, name: sym.name };
      case 'variable':
        return this.moduleVariable(sym.module, sym.name, loc, depth);
    }
  }

  /** A project class; its bases may give it a library's meaning (a subclass of Kedro's Node builds nodes). */
  private classValue(mod: ModuleInfo, cls: ClassFact, loc: Loc): Val {
    const key = `class:${mod.uri}#${cls.name}`;
    if (this.active.has(key)) return unknown(loc, `class '${cls.name}'`);
    this.active.add(key);
    try {
      for (const base of cls.bases) {
        const [head, ...rest] = base.split('.');
        let v: Val = head && /^\w+$/.test(head) ? this.moduleName(mod, head, loc, 0) : unknown(loc, base);
        for (const a of rest) v = this.attribute(v, a, loc, 0);
        const other = this.classFromBase(cls, v, loc);
        if (other) return other;
      }
      return { kind: 'class', module: mod, cls };
    } finally {
      this.active.delete(key);
    }
  }

  /** Final value of a module-level name (settings, constants). */
  moduleValue(mod: ModuleInfo, name: string): Val {
    return this.moduleVariable(mod, name, { uri: mod.uri, span: ZERO }, 0);
  }

  private moduleVariable(mod: ModuleInfo, name: string, loc: Loc, depth: number): Val {
    const key = `${mod.uri}#${name}`;
    const hit = this.memoHit(`var:${key}`);
    if (hit) return hit;
    if (this.active.has(key)) return unknown(loc, `'${name}'`);
    this.active.add(key);
    try {
      return this.memoise(`var:${key}`, () => {
        this.depend(mod);
        const frame: Frame = { mod, scope: new Map(), depth: depth + 1, returns: [], moduleLevel: true, call: { key: `var:${key}`, ran: new Map() } };
        // Module-level code runs top to bottom; evaluating all of it gives the final binding.
        this.ownBudget(() => this.run(mod.facts.statements.filter((s) => s.type !== 'return'), frame));
        return frame.scope.get(name) ?? unknown(loc, `'${name}'`);
      });
    } finally {
      this.active.delete(key);
    }
  }

  // ---------------------------------------------------------------- expressions

  protected evalExpr(e: Expr, f: Frame): Val {
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
          if (spread && items.length + spread.length > MAX_ITEMS) return this.overBudget(loc);
          if (spread) items.push(...spread);
          else items.push(v.kind === 'unknown' || this.standsForItems(v) ? v : unknown(loc, '*-unpacking'));
        }
        return { kind: 'list', items };
      }
      case 'splat':
        return unknown(loc, '*-unpacking');
      case 'dict': {
        const entries: [string, Val, Loc | undefined, Loc?][] = [];
        // A repeated key keeps its first place and takes the last value, as Python's dict does.
        const put = (k: string, v: Val, at: Loc | undefined, valueAt?: Loc): void => {
          const i = entries.findIndex(([x]) => x === k);
          const entry: [string, Val, Loc | undefined, Loc?] = [k, v, i < 0 ? at : entries[i]?.[2]];
          if (valueAt) entry.push(valueAt);
          if (i < 0) entries.push(entry);
          else entries[i] = entry;
        };
        for (const { key, value } of e.entries) {
          if (key.type === 'splat') {
            const m = this.evalExpr(key.value, f);
            if (m.kind !== 'dict') return m.kind === 'unknown' ? m : unknown(loc, 'dict with **mapping');
            for (const [k, v, at] of m.entries) put(k, v, at);
            continue;
          }
          const k = this.evalExpr(key, f);
          if (k.kind !== 'str') return unknown(loc, 'dict with a computed key');
          put(k.value, this.evalExpr(value, f), k.loc ?? loc, { uri: f.mod.uri, span: value.span });
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
      case 'ifexp': {
        // A known condition picks its value; otherwise both merge as the branches of an `if` do.
        const c = truthy(this.evalExpr(e.cond, f));
        if (c !== undefined) return this.evalExpr(c ? e.body : e.orelse, f);
        return this.merge(this.evalExpr(e.body, f), this.evalExpr(e.orelse, f), loc, true);
      }
      case 'lambda':
        return e.params && e.body ? { kind: 'lambda', closure: { params: e.params, body: e.body, mod: f.mod, scope: f.scope, depth: f.depth } } : { kind: 'lambda' };
      case 'comp':
        return this.comprehension(e, f, loc);
      case 'subscript': {
        const obj = this.evalExpr(e.obj, f);
        if (e.index.type === 'slice') return this.slice(obj, e.index, f, loc);
        // An unknown container keeps its reason (`params["x"]` of parameters that could not be read says why).
        if (obj.kind === 'unknown') return obj;
        const idx = this.evalExpr(e.index, f);
        if (obj.kind === 'dict') {
          const got = this.dictGet(obj, idx);
          if (got !== 'absent') return got ?? (obj.open ? { kind: 'unknown', why: obj.open } : unknown(loc, 'subscript'));
          return (idx.kind === 'str' ? this.missingKey(obj, idx.value, loc) : undefined) ?? unknown(loc, `key '${idx.kind === 'str' ? idx.value : scalar(idx)}'`);
        }
        const other = this.subscriptOther(obj, idx, loc);
        if (other) return other;
        if (obj.kind === 'list' && idx.kind === 'num') return obj.items.at(idx.value) ?? unknown(loc, 'index');
        return unknown(loc, 'subscript');
      }
      case 'call':
        return this.call(e, f, loc);
      case 'slice':
        return unknown(loc, 'slice');
      case 'unknown':
        return unknown(loc, e.text);
    }
  }

  /** The items after `xs[a:b] = v` (step 1): bounds clamped as Python does, a stop before the start inserts at the start. */
  private spliced(items: readonly Val[], e: Extract<Expr, { type: 'slice' }>, v: Val, f: Frame): Val[] | undefined {
    const n = items.length;
    const bound = (x: Expr | undefined, dflt: number): number | undefined => {
      if (!x) return dflt;
      const b = this.evalExpr(x, f);
      if (b.kind === 'none') return dflt;
      if (b.kind !== 'num' || !Number.isInteger(b.value)) return undefined;
      return Math.min(Math.max(b.value < 0 ? b.value + n : b.value, 0), n);
    };
    const start = bound(e.start, 0);
    const stop = bound(e.stop, n);
    const added = this.iterable(v);
    if (start === undefined || stop === undefined || !added) return undefined;
    return [...items.slice(0, start), ...added, ...items.slice(Math.max(start, stop))];
  }

  /** `xs[a:b:c]` of a known list or str with known integer bounds, as Python's slice.indices() computes it. */
  private slice(obj: Val, e: Extract<Expr, { type: 'slice' }>, f: Frame, loc: Loc): Val {
    const part = (x: Expr | undefined): number | null | undefined => {
      if (!x) return null;
      const v = this.evalExpr(x, f);
      return v.kind === 'none' ? null : v.kind === 'num' && Number.isInteger(v.value) ? v.value : undefined;
    };
    const [start, stop, step] = [part(e.start), part(e.stop), part(e.step)];
    const items: readonly unknown[] | undefined = obj.kind === 'list' ? obj.items : obj.kind === 'str' ? [...obj.value] : undefined;
    if (!items || start === undefined || stop === undefined || step === undefined || step === 0) return obj.kind === 'unknown' ? obj : unknown(loc, 'slice');
    const n = items.length;
    const by = step ?? 1;
    const clamp = (i: number | null, dflt: number): number => {
      if (i === null) return dflt;
      const j = i < 0 ? i + n : i;
      return by > 0 ? Math.min(Math.max(j, 0), n) : Math.min(Math.max(j, -1), n - 1);
    };
    const from = clamp(start, by > 0 ? 0 : n - 1);
    const to = clamp(stop, by > 0 ? n : -1);
    const picked: unknown[] = [];
    for (let i = from; by > 0 ? i < to : i > to; i += by) picked.push(items[i]);
    return obj.kind === 'str' ? this.str((picked as string[]).join(''), loc) : { kind: 'list', items: picked as Val[] };
  }

  private attribute(obj: Val, attr: string, loc: Loc, depth: number): Val {
    if (obj.kind === 'module') return this.moduleName(obj.module, attr, loc, depth);
    if (obj.kind === 'external') {
      const dotted = obj.name ? `${obj.module}.${obj.name}` : obj.module;
      return pythonCallable(dotted, attr) ?? this.externalValue(dotted, attr) ?? { kind: 'external', module: dotted, name: attr };
    }
    if (obj.kind === 'unknown') return obj;
    const other = this.attributeOther(obj, attr);
    if (other) return other;
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
    // A dict changed in a loop over unknown values may hold more keys than those known.
    if (v.kind === 'dict') return v.open ? undefined : (v.keyVals ?? v.entries.map(([k, , loc]) => ({ kind: 'str', value: k, ...(loc ? { loc } : {}), literal: !!loc }) as Val));
    if (v.kind === 'method' && v.obj.kind === 'dict') {
      if (v.name === 'values') return v.obj.open ? undefined : v.obj.entries.map(([, x]) => x);
      if (v.name === 'keys') return this.iterable(v.obj);
    }
    return this.iterableOther(v);
  }

  /**
   * `d[key]` of a known dict: the value, 'absent' when Python raises KeyError, undefined when not known statically (a
   * key of another type than str or int, a dict whose keys are not all known).
   */
  private dictGet(d: Extract<Val, { kind: 'dict' }>, key: Val): Val | 'absent' | undefined {
    let i: number;
    if (d.keyVals) i = key.kind === 'str' || key.kind === 'num' ? d.keyVals.findIndex((k) => k.kind === key.kind && k.value === key.value) : -2;
    else i = key.kind === 'str' ? d.entries.findIndex(([k]) => k === key.value) : -2;
    if (i === -2) return undefined;
    if (i >= 0) return (d.entries[i] as readonly [string, Val, Loc | undefined])[1];
    return d.open ? undefined : 'absent';
  }

  protected binary(op: string, a: Val, b: Val, loc: Loc): Val {
    if (op === '+' && a.kind === 'str' && b.kind === 'str') return a.value.length + b.value.length > MAX_STR ? this.overBudget(loc) : this.str(a.value + b.value, loc);
    if (op === '+' && a.kind === 'list' && b.kind === 'list') return a.items.length + b.items.length > MAX_ITEMS ? this.overBudget(loc) : this.list([...a.items, ...b.items], loc);
    if (op === '+' && a.kind === 'num' && b.kind === 'num') return { kind: 'num', value: a.value + b.value };
    if (op === '-' && a.kind === 'num' && b.kind === 'num') return { kind: 'num', value: a.value - b.value };
    if (op === '|' && a.kind === 'dict' && b.kind === 'dict') return this.dictUnion(a, b, loc);
    const other = this.binaryOther(op, a, b, loc);
    if (other) return other;
    if (a.kind === 'unknown') return a;
    if (b.kind === 'unknown') return b;
    return unknown(loc, `'${op}' expression`);
  }

  /** Python 3.9's `a | b` (and `a |= b`): a's keys keep their place with b's values, b's other keys follow. */
  private dictUnion(a: Extract<Val, { kind: 'dict' }>, b: Extract<Val, { kind: 'dict' }>, loc: Loc): Val {
    if (a.entries.length + b.entries.length > MAX_ITEMS) return this.overBudget(loc);
    if (a.keyVals || b.keyVals) return unknown(loc, "'|' of dicts with keys that are not str");
    const open = a.open ?? b.open;
    const right = new Map(b.entries.map((e) => [e[0], e] as const));
    const entries = a.entries.map((e) => right.get(e[0]) ?? e);
    const left = new Set(a.entries.map(([k]) => k));
    for (const e of right.values()) if (!left.has(e[0])) entries.push(e);
    // b's unknown keys may replace any of a's: a's entries are then kept open as a loop leaves them.
    const kept = b.open ? entries.map(([k, v, l]) => [k, right.has(k) ? v : this.possiblyReplaced(v, b.open as Unresolved), l] as const) : entries;
    return { kind: 'dict', entries: kept, ...(a.fromFind || b.fromFind ? { fromFind: true } : {}), ...(open ? { open } : {}) };
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
      case 'func':
        return this.callFunction(fn.module, fn.fn, args, kwargs, f.depth, loc);
      case 'boundmethod':
        return unknown(loc, `call of ${exprText(e.fn)}()`);
      case 'class':
        return { kind: 'instance', module: fn.module, cls: fn.cls };
      case 'builtin':
        return this.builtin(fn.name, args, kwargs, f.depth, loc);
      case 'lambda':
        return kwargs.size || !fn.closure ? unknown(loc, `call of ${exprText(e.fn)}()`) : this.apply(fn, args, f.depth, loc);
      case 'method':
        return this.method(fn.obj, fn.name, args, kwargs, loc);
      default:
        return this.callOther(fn, e, args, kwargs, f, loc) ?? unknown(loc, `call of ${exprText(e.fn)}()`);
    }
  }

  /** Calls a function value with positional arguments: a project function, a lambda with its closure, operator.add. */
  private apply(fn: Val, args: readonly Val[], depth: number, loc: Loc): Val {
    if (fn.kind === 'func') return this.callFunction(fn.module, fn.fn, args, new Map(), depth, loc);
    if (fn.kind === 'builtin' && fn.name === 'operator.add' && args.length === 2) return this.binary('+', args[0] as Val, args[1] as Val, loc);
    const c = fn.kind === 'lambda' ? fn.closure : undefined;
    if (!c || c.params.length !== args.length) return unknown(loc, fn.kind === 'lambda' ? 'call of a lambda' : 'call of a function value');
    if (depth > MAX_DEPTH) return unknown(loc, 'recursive or too deep call of a lambda');
    const scope = new Map(c.scope);
    c.params.forEach((p, i) => scope.set(p, args[i] as Val));
    return this.evalExpr(c.body, { mod: c.mod, scope, depth: Math.max(depth, c.depth) + 1, returns: [] });
  }

  private builtin(name: string, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, depth: number, loc: Loc): Val {
    const first = args[0];
    switch (name) {
      case 'functools.reduce': {
        // reduce(f, items[, start]): f applied left to right; an empty list without start is a TypeError.
        const items = args[1] ? this.iterable(args[1]) : undefined;
        if (!first || !items || kwargs.size || args.length > 3) return args[1]?.kind === 'unknown' ? args[1] : unknown(loc, 'reduce(...)');
        if (items.length > MAX_ITEMS) return this.overBudget(loc);
        let acc = args[2] ?? items[0];
        if (!acc) return unknown(loc, 'reduce() of an empty sequence');
        for (const v of args[2] ? items : items.slice(1)) {
          acc = this.apply(first, [acc, v], depth, loc);
          if (acc.kind === 'unknown') return acc;
        }
        return acc;
      }
      case 'operator.add':
        return kwargs.size ? unknown(loc, 'add(...)') : this.apply({ kind: 'builtin', name }, args, depth, loc);
      case 'sum': {
        const items = first ? this.iterable(first) : undefined;
        if (!items) return first?.kind === 'unknown' ? first : unknown(loc, 'sum(...)');
        // sum() of a library's values (pipelines: one union instead of n pairwise ones).
        const other = this.sumOther(args[1] ? [args[1], ...items] : items, loc);
        if (other) return other;
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
      case 'len': {
        if (first?.kind === 'str') return { kind: 'num', value: first.value.length };
        if (first?.kind === 'dict' && !first.open) return { kind: 'num', value: first.entries.length };
        // A pipeline in a list may stand for several nodes (`[*p.nodes]` of an open p): its length is not known.
        return first?.kind === 'list' && !first.items.some((i) => this.standsForItems(i)) ? { kind: 'num', value: first.items.length } : unknown(loc, 'len(...)');
      }
      case 'range': {
        // range(stop), range(start, stop[, step]) of known integers: the list of its values.
        const ns = args.map((a) => (a.kind === 'num' && Number.isInteger(a.value) ? a.value : undefined));
        if (kwargs.size || ns.length < 1 || ns.length > 3 || ns.some((n) => n === undefined)) return unknown(loc, 'range(...)');
        const [start, stop, step] = ns.length === 1 ? [0, ns[0] as number, 1] : [ns[0] as number, ns[1] as number, ns[2] ?? 1];
        if (step === 0) return unknown(loc, 'range() with step 0');
        const count = Math.max(0, Math.ceil((stop - start) / step));
        if (count > MAX_ITEMS) return this.overBudget(loc);
        return { kind: 'list', items: Array.from({ length: count }, (_, i): Val => ({ kind: 'num', value: start + i * step })) };
      }
      case 'enumerate': {
        const items = first ? this.iterable(first) : undefined;
        const from = args[1] ?? kwargs.get('start');
        const base = from === undefined ? 0 : from.kind === 'num' ? from.value : undefined;
        if (!items || base === undefined) return unknown(loc, 'enumerate(...)');
        return { kind: 'list', items: items.map((v, i): Val => ({ kind: 'list', items: [{ kind: 'num', value: base + i }, v] })) };
      }
      case 'dict':
        return { kind: 'dict', entries: [...kwargs].map(([k, v]) => [k, v, undefined] as const) };
      case 'str':
        // str() of a str, an int-valued number (as f-strings print them), a bool or None.
        if (!first || kwargs.size || args.length > 1) return unknown(loc, 'str(...)');
        if (first.kind === 'str') return first;
        if (first.kind === 'num' || first.kind === 'bool') return this.str(pyScalar(first), loc);
        if (first.kind === 'none') return this.str('None', loc);
        return first.kind === 'unknown' ? first : unknown(loc, 'str(...)');
      case 'isinstance': {
        // isinstance(x, str) / (x, dict) of a value whose Python type is known; other classes are not modelled.
        const cls = args[1];
        if (!first || !cls || kwargs.size || cls.kind !== 'builtin' || (cls.name !== 'str' && cls.name !== 'dict')) return unknown(loc, 'isinstance(...)');
        const known = first.kind === 'str' || first.kind === 'num' || first.kind === 'bool' || first.kind === 'none' || first.kind === 'list' || first.kind === 'dict';
        return known ? { kind: 'bool', value: first.kind === cls.name } : unknown(loc, 'isinstance(...)');
      }
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

  /** A few str methods; the case and space ones on ASCII text only (Python's tables of other characters differ from JavaScript's). */
  private strMethod(text: string, name: string, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, loc: Loc): Val | undefined {
    if (kwargs.size) return undefined;
    if (name === 'replace' && args.length === 2 && args[0]?.kind === 'str' && args[1]?.kind === 'str' && args[0].value !== '') {
      const out = text.split(args[0].value).join(args[1].value);
      return out.length > MAX_STR ? this.overBudget(loc) : this.str(out, loc);
    }
    if ((name === 'lower' || name === 'upper' || name === 'strip' || name === 'lstrip' || name === 'rstrip') && args.length === 0) {
      if ([...text].some((c) => c.charCodeAt(0) > 127)) return undefined;
      // Python's ASCII whitespace includes the separators \x1c-\x1f.
      const ws = '[ \\t\\n\\r\\v\\f\\x1c-\\x1f]+';
      const out = name === 'lower' ? text.toLowerCase() : name === 'upper' ? text.toUpperCase() : text.replace(new RegExp(name === 'strip' ? `^${ws}|${ws}$` : name === 'lstrip' ? `^${ws}` : `${ws}$`, 'g'), '');
      return this.str(out, loc);
    }
    if ((name === 'startswith' || name === 'endswith') && args.length === 1 && args[0]) {
      // A str, or a tuple of them.
      const parts = args[0].kind === 'str' ? [args[0]] : args[0].kind === 'list' ? args[0].items : undefined;
      if (!parts?.every((p) => p.kind === 'str')) return undefined;
      const test = (p: string): boolean => (name === 'startswith' ? text.startsWith(p) : text.endsWith(p));
      return { kind: 'bool', value: parts.some((p) => test((p as Extract<Val, { kind: 'str' }>).value)) };
    }
    return undefined;
  }

  private method(obj: Val, name: string, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, loc: Loc): Val {
    if (obj.kind === 'dict' && (name === 'values' || name === 'keys' || name === 'items')) {
      if (name !== 'items') return { kind: 'method', obj, name };
      if (obj.open) return { kind: 'unknown', why: obj.open };
      return { kind: 'list', items: obj.entries.map(([k, v], i) => ({ kind: 'list', items: [obj.keyVals?.[i] ?? { kind: 'str', value: k, literal: false }, v] })) };
    }
    // Values are never changed in place (a mutation binds a new one): a copy is the same value.
    if ((obj.kind === 'dict' || obj.kind === 'list') && name === 'copy' && args.length === 0) return obj;
    if (obj.kind === 'str' && name === 'join' && args.length === 1 && args[0]) {
      const parts = this.iterable(args[0]);
      if (parts?.every((p) => p.kind === 'str')) {
        const joined = parts.map((p) => (p as Extract<Val, { kind: 'str' }>).value).join(obj.value);
        return joined.length > MAX_STR ? this.overBudget(loc) : this.str(joined, loc);
      }
    }
    if (obj.kind === 'dict' && name === 'get' && args[0] && !kwargs.size) {
      const got = this.dictGet(obj, args[0]);
      if (got === 'absent') return args[1] ?? { kind: 'none' };
      return got ?? (obj.open ? { kind: 'unknown', why: obj.open } : unknown(loc, '.get(...)'));
    }
    const s = obj.kind === 'str' ? this.strMethod(obj.value, name, args, kwargs, loc) : undefined;
    if (s) return s;
    return this.methodOther(obj, name, args, kwargs, loc) ?? unknown(loc, `.${name}(...)`);
  }
}

/**
 * The keys a loop body sets on dict `name` (`name[key] = ...`), or undefined when it does anything else to it: binds
 * the name, changes it another way (a method call, `+=`, a nested target) or in a block not read statement by statement.
 */
function subscriptKeys(name: string, body: readonly Stmt[]): Expr[] | undefined {
  const keys: Expr[] = [];
  const binds = (t: Target): boolean => (t.type === 'name' && t.id === name) || (t.type === 'unpack' && t.ids.includes(name)) || t.type === 'other';
  const walk = (stmts: readonly Stmt[]): boolean =>
    stmts.every((s) => {
      switch (s.type) {
        case 'assign':
          return s.targets.every((t) => {
            if (t.type === 'subscript' && t.obj === name) keys.push(t.key);
            return !binds(t);
          });
        case 'augassign':
          return !binds(s.target) && !(s.target.type === 'subscript' && s.target.obj === name);
        case 'expr':
          return !(s.value.type === 'call' && s.value.fn.type === 'attr' && s.value.fn.obj.type === 'name' && s.value.fn.obj.id === name);
        case 'if':
          return walk(s.body) && walk(s.orelse);
        case 'for':
          return !binds(s.target) && walk(s.body);
        case 'try':
          return walk(s.body) && s.handlers.every((h) => walk(h.body));
        case 'block':
          return !s.assigned.includes(name);
        case 'import':
          return s.local !== name && !s.names.some((n) => n.local === name);
        default:
          return true;
      }
    });
  return walk(body) ? keys : undefined;
}
