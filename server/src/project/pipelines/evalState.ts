import type { Loc } from '../../core/types';
import { thousands } from '../../core/format';
import { freshly, MemoMismatch, missingRead, noteRead, readsStillValid, recordReads, replayReads, sameStructure, verifyingHits, type Reads } from '../../core/memo';
import { moduleFactsReader, type ModuleInfo, type PythonIndex } from '../pythonIndex';
import type { Unresolved } from './types';
import type { Val } from './values';

// What every evaluation step shares, whatever the Python means: the memo of finished calls with what each one read
// (recorded by core/memo), reached and left unresolved; the call cache kept between passes; the budgets. No Kedro here.

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

/**
 * A finished call (or module variable) as its callers reuse it: the value; the modules it read, recorded by core/memo
 * like every cached analysis result (`moduleFactsReader` answers, checked with readsStillValid); and, as data of the
 * result itself, what reusing it must repeat: the places it left unresolved, the argument-free calls it reached (the
 * call cache keeps them) and the steps it took (a reused result charges them, so it runs out where a fresh pass would).
 */
interface Outcome {
  readonly val: Val;
  readonly reads: Reads | undefined;
  readonly unresolved: ReadonlySet<Unresolved>;
  readonly calls: ReadonlySet<string>;
  readonly steps: number;
}

/**
 * Results of argument-free calls (each `create_pipeline()`) kept from one evaluation to the next with the module facts
 * they read: after an edit only the calls that read the edited module run again, and the others keep their node
 * objects (so per-node caches downstream stay warm). One per project; reset when the package or pipeline folders change.
 */
export class CallCache {
  readonly entries = new Map<string, Outcome>();
  constructor(readonly scope: string) {}

  /** Drops entries the last evaluation did not reach (deleted or no longer registered functions). */
  keepOnly(used: ReadonlySet<string>): void {
    for (const key of this.entries.keys()) if (!used.has(key)) this.entries.delete(key);
  }
}

export abstract class EvalState {
  /** Finished calls and module variables of this pass, by key. */
  private memo = new Map<string, Outcome>();
  /** Places whose value could not be computed and that made a pipeline incomplete. */
  readonly unresolved: Unresolved[] = [];
  private unresolvedSeen = new Set<Unresolved>();
  /** What the calls being computed have left unresolved and reached so far, innermost last (each belongs to all). */
  private open: { readonly unresolved: Set<Unresolved>; readonly calls: Set<string> }[] = [];
  /** Argument-free calls this evaluation reached (what the call cache keeps). */
  readonly calls = new Set<string>();
  /** What a cached call's reads are checked against: this pass's index (moduleFactsReader) and conf files (confLoader.ts). */
  private readonly state: { readonly python: PythonIndex; readonly confFiles: readonly object[] };
  private steps = 0;
  /** Steps of the innermost argument-free call, and why its budget ran out (its later values past a budget share it). */
  private unit: { steps: number; exhausted: Unresolved | undefined } = { steps: 0, exhausted: undefined };
  private passExhausted: Unresolved | undefined;
  private readonly ids = new WeakMap<object, number>();
  /** Verify mode is computing a kept call again: the call cache is neither read nor written meanwhile. */
  private bypassCache = false;
  private nextId = 0;

  constructor(
    /** The project's index: its module() records every lookup (resolveSymbol's included) with core/memo's noteRead. */
    protected readonly index: PythonIndex,
    private readonly cache?: CallCache,
    confFiles: readonly object[] = [],
  ) {
    this.state = { python: index, confFiles };
  }

  /** A module the computation depends on without looking it up (it was handed over with a function or a variable). */
  protected depend(mod: ModuleInfo): void {
    noteRead(moduleFactsReader, mod.name, mod.facts);
  }

  protected note(why: Unresolved): void {
    for (const o of this.open) o.unresolved.add(why);
    if (this.unresolvedSeen.has(why)) return;
    this.unresolvedSeen.add(why);
    this.unresolved.push(why);
  }

  private reach(key: string): void {
    this.calls.add(key);
    for (const o of this.open) o.calls.add(key);
  }

  /** A reused outcome: its reads go to the enclosing recording, its unresolved places and calls to the open calls. */
  private replay(outcome: Outcome): void {
    replayReads(outcome.reads);
    for (const why of outcome.unresolved) this.note(why);
    for (const key of outcome.calls) this.reach(key);
  }

  /** Runs `compute` recording its reads, unresolved places, calls and steps (outer calls see them all too). */
  private outcomeOf(compute: () => Val): Outcome {
    const mine = { unresolved: new Set<Unresolved>(), calls: new Set<string>() };
    const before = this.steps;
    this.open.push(mine);
    try {
      const { value, reads } = recordReads(compute);
      return { val: value, reads, ...mine, steps: this.steps - before };
    } finally {
      this.open.pop();
    }
  }

  /** The value memoised under `key` in this pass, what it recorded replayed into the open calls. */
  protected memoHit(key: string): Val | undefined {
    const hit = this.memo.get(key);
    if (!hit) return undefined;
    this.replay(hit);
    return hit.val;
  }

  /** Computes and memoises the value of `key` for this pass (a call with arguments, a module variable). */
  protected memoise(key: string, compute: () => Val): Val {
    const outcome = this.outcomeOf(compute);
    this.memo.set(key, outcome);
    return outcome.val;
  }

  /**
   * An argument-free call: reused from the call cache while every module it read has the same facts, else computed
   * with a budget of its own and kept for the next pass.
   */
  protected cachedCall(key: string, compute: () => Val): Val {
    this.reach(key);
    const kept = this.bypassCache ? undefined : this.cache?.entries.get(key);
    if (kept && readsStillValid(this.state, kept.reads)) {
      if (verifyingHits()) this.verifyKept(key, kept, compute);
      this.memo.set(key, kept);
      this.steps += kept.steps;
      this.replay(kept);
      return kept.val;
    }
    const outcome = this.outcomeOf(() => this.ownBudget(compute));
    this.memo.set(key, outcome);
    if (!this.bypassCache) this.cache?.entries.set(key, outcome);
    return outcome.val;
  }

  /**
   * Verify mode: computes a kept call again from scratch (no call cache, an empty pass memo, its own unresolved places,
   * calls and budget, all put back afterwards) and throws a MemoMismatch when the kept outcome differs from it or its
   * reads miss one the fresh computation makes (a module the cache would not notice changing).
   */
  private verifyKept(key: string, kept: Outcome, compute: () => Val): void {
    const saved = { memo: this.memo, open: this.open, seen: this.unresolvedSeen, unresolved: this.unresolved.length, calls: [...this.calls], steps: this.steps, unit: this.unit, passExhausted: this.passExhausted };
    this.memo = new Map();
    this.open = [];
    this.unresolvedSeen = new Set();
    this.bypassCache = true;
    let fresh: Outcome;
    try {
      fresh = freshly(() => this.outcomeOf(() => this.ownBudget(compute))).value;
    } finally {
      this.bypassCache = false;
      ({ memo: this.memo, open: this.open, seen: this.unresolvedSeen, steps: this.steps, unit: this.unit, passExhausted: this.passExhausted } = saved);
      this.unresolved.length = saved.unresolved;
      this.calls.clear();
      for (const c of saved.calls) this.calls.add(c);
    }
    const memo = `call cache ${key}`;
    if (!sameStructure(kept.val, fresh.val) || !sameStructure(kept.unresolved, fresh.unresolved) || !sameStructure(kept.calls, fresh.calls)) {
      throw new MemoMismatch(memo, { val: kept.val, unresolved: kept.unresolved, calls: kept.calls }, { val: fresh.val, unresolved: fresh.unresolved, calls: fresh.calls });
    }
    const missing = missingRead(kept.reads, fresh.reads);
    if (missing) throw new MemoMismatch(memo, kept.val, fresh.val, missing);
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
