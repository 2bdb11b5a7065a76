// Reads of versioned inputs (a Python module's facts, the producers of a dataset) made while a computation runs, so
// its result can be reused by a later analysis pass as long as every read still gives the same answer.

import { isCompactSpan, isSpanLike, sameSpan, type CompactSpan } from './compactSpan';

/** Gives the current answer for `key` from `state` (a project model), without recording. */
export type Reader = (state: object, key: string) => unknown;
export type Reads = Map<Reader, Map<string, unknown>>;

// One slot per computation being recorded, innermost last; the map is made on the first read (most record none).
const recorders: (Reads | undefined)[] = [];

function topReads(): Reads | undefined {
  const i = recorders.length - 1;
  if (i < 0) return undefined;
  let top = recorders[i];
  if (!top) recorders[i] = top = new Map();
  return top;
}

/** Records that `reader(state, key)` answered `value`, into the computation being recorded (if any). */
export function noteRead(reader: Reader, key: string, value: unknown): void {
  const top = topReads();
  if (!top) return;
  let answers = top.get(reader);
  if (!answers) top.set(reader, (answers = new Map()));
  answers.set(key, value);
}

/** Replays reads a computation recorded earlier into the one being recorded (what a cache hit depends on). */
export function replayReads(reads: Reads | undefined): void {
  if (!reads) return;
  const top = topReads();
  if (!top) return;
  for (const [reader, answers] of reads) {
    const into = top.get(reader);
    if (!into) top.set(reader, new Map(answers));
    else for (const [k, v] of answers) into.set(k, v);
  }
}

/** Runs `fn` in a recording of its own: the reads it makes are returned, not given to an enclosing recording. */
function recordApart<T>(fn: () => T): { readonly value: T; readonly reads: Reads | undefined } {
  recorders.push(undefined);
  let value: T;
  let reads: Reads | undefined;
  try {
    value = fn();
  } finally {
    reads = recorders.pop();
  }
  return { value, reads };
}

/** Runs `fn` recording its reads; they are also replayed into an enclosing recording. */
export function recordReads<T>(fn: () => T): { readonly value: T; readonly reads: Reads | undefined } {
  const out = recordApart(fn);
  replayReads(out.reads);
  return out;
}

/**
 * Verify mode for the memos below (memoOn, memoWhileSame, memoWhileReadsHold, memoPer) and the evaluator's call cache:
 * a hit is computed again and must equal the kept answer, and (where the hit replays reads) every read the fresh
 * computation makes must be among the kept ones, or a MemoMismatch is thrown. The workspace switches it on with its
 * `verifyReuse` option (every test run does); off, a hit costs nothing more.
 */
let verifying = false;

export function verifyMemoHits(on: boolean): void {
  verifying = on;
}

/** Whether hits are verified now (off inside a verifying computation: its own hits are not verified again). */
export function verifyingHits(): boolean {
  return verifying;
}

/**
 * A memo hit whose kept answer differs from a fresh computation (its key or deps miss something it depends on), or
 * whose kept reads miss one the fresh computation makes (`missing`: callers that reuse their own results on the kept
 * reads would not see that dependency change).
 */
export class MemoMismatch extends Error {
  constructor(
    readonly memo: string,
    readonly kept: unknown,
    readonly fresh: unknown,
    readonly missing?: string,
  ) {
    super(
      missing
        ? `Memo ${memo} reused an answer whose recorded reads miss a dependency the fresh computation reads: ${missing}`
        : `Memo ${memo} reused an answer that a fresh computation does not give:\n  kept:  ${preview(kept)}\n  fresh: ${preview(fresh)}`,
    );
    this.name = 'MemoMismatch';
  }
}

/**
 * Runs `fn` as a verification does: with hits inside it not verified, and its reads kept apart (returned, not replayed
 * into an enclosing recording, which would cover up a dependency the kept answer failed to record).
 */
export function freshly<T>(fn: () => T): { readonly value: T; readonly reads: Reads | undefined } {
  const was = verifying;
  verifying = false;
  try {
    return recordApart(fn);
  } finally {
    verifying = was;
  }
}

/** The first read of `fresh` that `kept` lacks, as `reader(key)`, or undefined when the kept reads cover them. */
export function missingRead(kept: Reads | undefined, fresh: Reads | undefined): string | undefined {
  if (!fresh) return undefined;
  for (const [reader, answers] of fresh) {
    const had = kept?.get(reader);
    for (const key of answers.keys()) if (!had?.has(key)) return `${reader.name || 'reader'}(${JSON.stringify(key)})`;
  }
  return undefined;
}

const preview = (v: unknown): string => {
  try {
    return (JSON.stringify(v, (_k, x: unknown) => (x instanceof Set || x instanceof Map ? [...x] : x)) ?? String(v)).slice(0, 300);
  } catch {
    return String(v);
  }
};

/** Equal answers: the same objects, or plain objects, arrays, sets and maps whose parts are equal (to a depth). */
function sameAnswer(a: unknown, b: unknown, depth = 8): boolean {
  if (a === b || (a !== a && b !== b)) return true;
  if (depth === 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameAnswer(x, b[i], depth - 1));
  if (a instanceof Set) return b instanceof Set && a.size === b.size && [...a].every((x) => b.has(x));
  if (a instanceof Map) return b instanceof Map && a.size === b.size && [...a].every(([k, v]) => b.has(k) && sameAnswer(v, b.get(k), depth - 1));
  // A stored module's spans are CompactSpans (no own keys): equal to any span with the same numbers.
  if (isCompactSpan(a) || isCompactSpan(b)) return isSpanLike(a) && isSpanLike(b) && sameSpan(a, b);
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => sameAnswer((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth - 1));
}

/**
 * Equal values however deep (a call's value holds pipelines of nodes of refs): the same objects, or arrays, sets, maps
 * and objects of one prototype whose parts are equal. For verify mode only: it walks both values whole.
 */
export function sameStructure(a: unknown, b: unknown, seen = new Map<object, Set<object>>()): boolean {
  if (a === b || (a !== a && b !== b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  // A pair already being compared further up (a cycle) is equal unless another part says otherwise.
  let pairs = seen.get(a);
  if (pairs?.has(b)) return true;
  if (!pairs) seen.set(a, (pairs = new Set()));
  pairs.add(b);
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameStructure(x, (b as unknown[])[i], seen));
  if (a instanceof Set) {
    const rest = [...(b as Set<unknown>)];
    if (rest.length !== a.size) return false;
    for (const x of a) {
      const i = rest.findIndex((y) => sameStructure(x, y, seen));
      if (i < 0) return false;
      rest.splice(i, 1);
    }
    return true;
  }
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    return a.size === m.size && [...a].every(([k, v]) => m.has(k) && sameStructure(v, m.get(k), seen));
  }
  // Its numbers are private fields (no own keys): compared by them, or every two stored spans would be equal.
  if (isCompactSpan(a)) return sameSpan(a, b as CompactSpan);
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameStructure((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen));
}

/**
 * Verify mode (callers test `verifying` first, so a hit allocates nothing otherwise): `compute` again (freshly) and
 * compare with the kept answer; with `keptReads` (a hit that replays them) the fresh reads must be among them too.
 */
function verifyHit<V>(memo: string, kept: V, compute: () => V, keptReads?: { readonly reads: Reads | undefined }): void {
  const fresh = freshly(compute);
  if (!sameAnswer(kept, fresh.value)) throw new MemoMismatch(memo, kept, fresh.value);
  const missing = keptReads && missingRead(keptReads.reads, fresh.reads);
  if (missing) throw new MemoMismatch(memo, kept, fresh.value, missing);
}

/**
 * What may answer differently in a new state: per reader, `true` (any key) or the keys that may. Readers left out
 * answer as before, which holds only for the readers its producer knows (see `onlyReaders`).
 */
export interface ReadChanges {
  readonly differing: ReadonlyMap<Reader, true | ReadonlySet<string>>;
}

/** Whether every reader in `reads` is one of `known`: only then can a ReadChanges narrow their validity check. */
export function onlyReaders(known: ReadonlySet<Reader>, reads: Reads | undefined): boolean {
  if (reads) for (const reader of reads.keys()) if (!known.has(reader)) return false;
  return true;
}

/**
 * Whether every recorded read still gives the same answer from `state`. With `changes` (which must describe the
 * reads) only the readers and keys that may differ are read again: the loop runs for every reused node of the
 * project on every pass.
 */
export function readsStillValid(state: object, reads: Reads | undefined, changes?: ReadChanges): boolean {
  if (!reads) return true;
  // Loops over keys and get(), not entries: entry arrays were a fifth of all allocation per pass at 5,000 nodes.
  if (!changes) {
    for (const reader of reads.keys()) if (!sameAnswers(state, reader, reads.get(reader) as ReadonlyMap<string, unknown>, undefined)) return false;
    return true;
  }
  for (const reader of changes.differing.keys()) {
    const answers = reads.get(reader);
    if (!answers) continue;
    const mayDiffer = changes.differing.get(reader);
    if (!sameAnswers(state, reader, answers, mayDiffer === true ? undefined : mayDiffer)) return false;
  }
  return true;
}

function sameAnswers(state: object, reader: Reader, answers: ReadonlyMap<string, unknown>, keys: ReadonlySet<string> | undefined): boolean {
  if (!keys) {
    for (const key of answers.keys()) if (reader(state, key) !== answers.get(key)) return false;
  } else if (keys.size <= answers.size) {
    // Walk the smaller side: one edited module against many answers, or a pipeline's hundred re-written datasets
    // against a node's two inputs (that case walked all hundred for every node of the project).
    for (const key of keys) if (answers.has(key) && reader(state, key) !== answers.get(key)) return false;
  } else {
    for (const key of answers.keys()) if (keys.has(key) && reader(state, key) !== answers.get(key)) return false;
  }
  return true;
}

/**
 * Memoise `compute(model, key)` per key object across models, while every object `depsOf(model)` names is the same
 * one it was computed with: for project-level rules whose answer for a node or node list depends only on a few parts
 * of the model that an edit usually keeps (the catalog, the produced names). Not for per-node checks (they record
 * reads instead).
 */
export function memoWhileSame<M, K extends object, V>(compute: (model: M, key: K) => V, depsOf: (model: M) => readonly unknown[]): (model: M, key: K) => V {
  const cache = new WeakMap<K, { readonly deps: readonly unknown[]; readonly value: V }>();
  return (model, key) => {
    const deps = depsOf(model);
    const hit = cache.get(key);
    if (hit && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i])) {
      if (verifying) verifyHit(compute.name || 'memoWhileSame', hit.value, () => compute(model, key));
      return hit.value;
    }
    const value = compute(model, key);
    cache.set(key, { deps, value });
    return value;
  };
}

/**
 * Memoise `compute(model, key)` per key object across models, while `depsOf(model)` gives the same items and every read
 * the computation recorded still gives the same answer from the new model (re-read, not narrowed: for computations
 * that read a few keys, e.g. one catalog entry's type). The reads are replayed into an enclosing recording on a hit.
 */
export function memoWhileReadsHold<M extends object, K extends object, V>(compute: (model: M, key: K) => V, depsOf: (model: M) => readonly unknown[]): (model: M, key: K) => V {
  const cache = new WeakMap<K, { readonly deps: readonly unknown[]; readonly value: V; readonly reads: Reads | undefined }>();
  // Asked for many keys of one model in a row: its deps are listed once.
  let last: { readonly model: WeakRef<M>; readonly deps: readonly unknown[] } | undefined;
  return (model, key) => {
    let deps = last?.model.deref() === model ? last.deps : undefined;
    if (!deps) last = { model: new WeakRef(model), deps: (deps = depsOf(model)) };
    const hit = cache.get(key);
    if (hit && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i]) && readsStillValid(model, hit.reads)) {
      replayReads(hit.reads);
      if (verifying) verifyHit(compute.name || 'memoWhileReadsHold', hit.value, () => compute(model, key), hit);
      return hit.value;
    }
    const { value, reads } = recordReads(() => compute(model, key));
    cache.set(key, { deps, value, reads });
    return value;
  };
}

/**
 * Memoise `compute(key, ...context)` per key object (a model, a node list, a fact): for answers that are a function of
 * the key alone, `context` being only what computing it needs (the model the key came from). Every per-object cache of
 * the core goes through this or the helpers beside it, never a private map: a hit replays the reads the computation
 * recorded, so a node check that gets a cached answer still depends on what it read.
 */
export function memoOn<K extends object, C extends unknown[], V>(compute: (key: K, ...context: C) => V): (key: K, ...context: C) => V {
  const cache = new WeakMap<K, { readonly value: V; readonly reads: Reads | undefined }>();
  return (key, ...context) => {
    const hit = cache.get(key);
    if (hit) {
      replayReads(hit.reads);
      if (verifying) verifyHit(compute.name || 'memoOn', hit.value, () => compute(key, ...context), hit);
      return hit.value;
    }
    const entry = recordReads(() => compute(key, ...context));
    cache.set(key, entry);
    return entry.value;
  };
}

/**
 * Memoise `compute(owner, arg)` per owner object (usually a ProjectModel): answers live exactly as long as the model
 * they were computed from, so an edit (a new model) never sees a stale one. `undefined` answers are cached too.
 * The reads a computation made are kept with its answer and replayed on a hit, so a recording caller that gets a
 * cached answer still learns what it depends on.
 */
export function memoPer<O extends object, A, V>(compute: (owner: O, arg: A) => V | undefined, keyOf: (arg: A) => unknown = (a) => a): (owner: O, arg: A) => V | undefined {
  const caches = new WeakMap<O, Map<unknown, { readonly value: V | undefined; readonly reads: Reads | undefined }>>();
  return (owner, arg) => {
    let cache = caches.get(owner);
    if (!cache) caches.set(owner, (cache = new Map()));
    const key = keyOf(arg);
    const hit = cache.get(key);
    if (hit) {
      replayReads(hit.reads);
      if (verifying) verifyHit(compute.name || 'memoPer', hit.value, () => compute(owner, arg), hit);
      return hit.value;
    }
    const entry = recordReads(() => compute(owner, arg));
    cache.set(key, entry);
    return entry.value;
  };
}

/**
 * A read-only map whose lookups are recorded, so a cached result depends only on the keys it looked up; iterating
 * (or asking the size) depends on the whole map.
 */
export class TrackedMap<V> implements ReadonlyMap<string, V> {
  constructor(
    private readonly inner: ReadonlyMap<string, V>,
    /** Re-reads one key from a later state: `(state, key) => state.<this map>.peek(key)`. */
    private readonly byKey: Reader,
    /** Re-reads the whole map from a later state: `(state) => state.<this map>`. */
    private readonly whole: Reader,
  ) {}

  /** A lookup that is not recorded (for readers). */
  peek(key: string): V | undefined {
    return this.inner.get(key);
  }

  /** The keys, not recorded (for comparing two versions of the map). */
  peekKeys(): MapIterator<string> {
    return this.inner.keys();
  }

  get(key: string): V | undefined {
    const value = this.inner.get(key);
    noteRead(this.byKey, key, value);
    return value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    noteRead(this.whole, '', this);
    return this.inner.size;
  }

  keys(): MapIterator<string> {
    noteRead(this.whole, '', this);
    return this.inner.keys();
  }

  values(): MapIterator<V> {
    noteRead(this.whole, '', this);
    return this.inner.values();
  }

  entries(): MapIterator<[string, V]> {
    noteRead(this.whole, '', this);
    return this.inner.entries();
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    noteRead(this.whole, '', this);
    this.inner.forEach((v, k) => fn(v, k, this));
  }
}
