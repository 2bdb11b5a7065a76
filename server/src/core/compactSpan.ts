import type { Pos, Span } from './types';

/**
 * A span as one object: its four numbers, the two positions built on first read (and kept, so `s.start === s.start`
 * as with a plain span). Stored facts are decoded into these: a warm start of a 5,000-node project builds ~117,000
 * spans, and three objects each (span + two positions) were half of all the objects it allocated.
 *
 * Reads as a plain `{start, end}` everywhere the code reads a Span (the properties are getters), to JSON
 * (`toJSON`), and to a writer that moves an end (`lsp/ranges.ts` clamps answers in place: setters). Its numbers are
 * private fields, so it has no own keys: generic walkers must recognise it (`isCompactSpan`): the facts encoder, the
 * memo check's equality (`core/memo.ts`) and the tests' equality (`test/helpers/spanEquality.ts`) do.
 */
export class CompactSpan implements Span {
  readonly #sl: number;
  readonly #sc: number;
  readonly #el: number;
  readonly #ec: number;
  #start: Pos | undefined = undefined;
  #end: Pos | undefined = undefined;

  constructor(sl: number, sc: number, el: number, ec: number) {
    this.#sl = sl;
    this.#sc = sc;
    this.#el = el;
    this.#ec = ec;
  }

  get start(): Pos {
    return (this.#start ??= { line: this.#sl, character: this.#sc });
  }

  set start(p: Pos) {
    this.#start = p;
  }

  get end(): Pos {
    return (this.#end ??= { line: this.#el, character: this.#ec });
  }

  set end(p: Pos) {
    this.#end = p;
  }

  /** The four numbers, without building the positions (the facts encoder writes them). */
  writeNumbers(put: (n: number) => void): void {
    const s = this.#start;
    const e = this.#end;
    put(s ? s.line : this.#sl);
    put(s ? s.character : this.#sc);
    put(e ? e.line : this.#el);
    put(e ? e.character : this.#ec);
  }

  /** What JSON.stringify (the LSP connection, the CLI's JSON) writes: the plain span's shape, key order included. */
  toJSON(): Span {
    return { start: this.start, end: this.end };
  }
}

export const isCompactSpan = (v: unknown): v is CompactSpan => v instanceof CompactSpan;

/** The same four numbers (a compact span against a plain one included). */
export const sameSpan = (a: Span, b: Span): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

const isPosLike = (p: unknown): p is Pos => typeof p === 'object' && p !== null && typeof (p as Pos).line === 'number' && typeof (p as Pos).character === 'number';

/** A CompactSpan, or a plain object that is a span (its keys `start` and `end` only, each a position). */
export function isSpanLike(v: unknown): v is Span {
  if (v instanceof CompactSpan) return true;
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && keys[0] === 'start' && keys[1] === 'end' && isPosLike((v as Span).start) && isPosLike((v as Span).end);
}
