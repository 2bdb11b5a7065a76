import type { Loc } from '../../core/types';
import { thousands } from '../../core/format';
import type { PyModuleFacts } from '../../parsing/python/facts';
import type { PythonIndex } from '../pythonIndex';
import type { Unresolved } from './types';
import type { Val } from './values';

// What every evaluation step shares, whatever the Python means: the memo of finished calls and what each one read,
// reached and left unresolved, the call cache kept between passes, and the budgets. Knows nothing of Kedro.

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

export abstract class EvalState {
  private readonly memo = new Map<string, Val>();
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
  protected readonly index: PythonIndex;
  private steps = 0;
  /** Steps of the innermost argument-free call, and why its budget ran out (its later values past a budget share it). */
  private unit: { steps: number; exhausted: Unresolved | undefined } = { steps: 0, exhausted: undefined };
  private passExhausted: Unresolved | undefined;
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  constructor(
    private readonly source: PythonIndex,
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

  protected depend(name: string, facts: PyModuleFacts | undefined): void {
    for (const t of this.traces) t.deps.set(name, facts);
  }

  protected note(why: Unresolved): void {
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

  /** The value memoised under `key` in this pass, its trace replayed into the open ones. */
  protected memoHit(key: string): Val | undefined {
    const hit = this.memo.get(key);
    if (hit) this.replay(this.finished.get(key));
    return hit;
  }

  /** Computes and memoises the value of `key` for this pass (a call with arguments, a module variable). */
  protected memoise(key: string, compute: () => Val): Val {
    const { value } = this.traced(key, compute);
    this.memo.set(key, value);
    return value;
  }

  /**
   * An argument-free call: reused from the call cache while every module it read has the same facts, else computed
   * with a budget of its own and kept for the next pass.
   */
  protected cachedCall(key: string, compute: () => Val): Val {
    this.reach(key);
    const kept = this.reusable(key);
    if (kept) {
      this.memo.set(key, kept.val);
      this.finished.set(key, kept.trace);
      this.steps += kept.trace.steps;
      this.replay(kept.trace);
      return kept.val;
    }
    const entry = this.traced(key, () => this.ownBudget(compute));
    this.memo.set(key, entry.value);
    this.cache?.entries.set(key, { val: entry.value, trace: entry.trace });
    return entry.value;
  }

  /** A cached call whose recorded modules all still have the same facts. */
  private reusable(key: string): { readonly val: Val; readonly trace: Trace } | undefined {
    const hit = this.cache?.entries.get(key);
    if (!hit) return undefined;
    for (const [name, facts] of hit.trace.deps) if (this.source.module(name)?.facts !== facts) return undefined;
    return hit;
  }

  /** One step; false once the call's or the pass's budget is spent. */
  protected step(): boolean {
    return ++this.unit.steps <= MAX_CALL_STEPS && ++this.steps <= MAX_PASS_STEPS;
  }

  /** Runs an argument-free call with a budget of its own. */
  protected ownBudget<T>(compute: () => T): T {
    const outer = this.unit;
    this.unit = { steps: 0, exhausted: undefined };
    try {
      return compute();
    } finally {
      this.unit = outer;
    }
  }

  /** The value past a budget: unknown, for one reason per call (one KL909), or per pass once that budget is spent. */
  protected overBudget(loc: Loc): Val {
    const why = this.steps > MAX_PASS_STEPS ? (this.passExhausted ??= { loc, what: OVER_PASS }) : (this.unit.exhausted ??= { loc, what: OVER_CALL });
    this.note(why);
    return { kind: 'unknown', why };
  }

  protected list(items: readonly Val[], loc: Loc): Val {
    return items.length > MAX_ITEMS ? this.overBudget(loc) : { kind: 'list', items };
  }

  protected str(v: string, loc: Loc): Val {
    return v.length > MAX_STR ? this.overBudget(loc) : { kind: 'str', value: v, loc, literal: false };
  }

  /** A call's arguments as a memo key: scalars by value (and place), anything else by identity (values are immutable). */
  protected argsKey(args: readonly Val[], kwargs: ReadonlyMap<string, Val>): string {
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
}
