import * as fs from 'node:fs/promises';
import { readFile, statSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import type { FactStore, Logger } from '../core/types';
import { NULL_LOGGER } from '../core/types';
import { CompactSpan } from '../core/compactSpan';

/** First bytes of an entry: format tag, then a 4-byte CRC-32 of the payload, then the payload (see encodePayload). */
const MAGIC = Buffer.from('KLF2');
const HEADER = MAGIC.length + 4;

/** node:fs's callback readFile: a warm start reads an entry per module, without fs/promises' steps (see fsHost.ts). */
const readEntry = promisify(readFile);

/** CRC-32 of the payload (zlib's; Node < 20.15 lacks it: a SHA-1 prefix then, six times slower). */
const checksum = (b: Uint8Array): number => (zlib.crc32 ? zlib.crc32(b) : createHash('sha1').update(b).digest().readUInt32BE(0));
/** Entries a crashed writer left behind are removed after this. */
const STALE_TMP_MS = 60_000;
export const DEFAULT_MAX_BYTES = 128 * 1024 * 1024;

export interface DiskFactStoreOptions {
  /** Everything that shapes the facts (extension, extractor and grammar versions): another salt never matches. */
  readonly salt: string;
  /** Size bound of the folder: past it the least recently used entries are deleted. */
  readonly maxBytes?: number;
  /** Delay before queued writes and touches go to disk, so they do not compete with the pass that made them. */
  readonly flushDelayMs?: number;
  readonly log?: Logger;
}

/**
 * Facts on disk, one file per key in `dir`. Safe against damage (a checksum; a bad entry is a miss, and the parse that
 * follows rewrites it) and against concurrent writers (each writes a private temporary file and renames it into place,
 * which replaces the entry atomically). Hits are touched (mtime) so eviction deletes the least recently used first.
 */
export class DiskFactStore implements FactStore {
  private readonly salt: string;
  private readonly maxBytes: number;
  private readonly flushDelayMs: number;
  private readonly log: Logger;
  private pendingWrites = new Map<string, unknown>();
  private pendingTouches = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private made = false;

  constructor(
    readonly dir: string,
    options: DiskFactStoreOptions,
  ) {
    this.salt = options.salt;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.flushDelayMs = options.flushDelayMs ?? 1000;
    this.log = options.log ?? NULL_LOGGER;
  }

  key(kind: string, text: string): string {
    return createHash('sha256').update(MAGIC).update(this.salt).update('\0').update(kind).update('\0').update(text).digest('hex');
  }

  private file(key: string): string {
    return path.join(this.dir, key);
  }

  async get(key: string): Promise<unknown> {
    // Not from the queued writes: two modules with one text must not share fact objects (caches key on them).
    let data: Buffer;
    try {
      data = await readEntry(this.file(key));
    } catch {
      return undefined;
    }
    const value = decode(data);
    if (value === undefined) {
      this.log.debug(`facts_cache_bad ${key}`);
      return undefined;
    }
    this.pendingTouches.add(key);
    this.schedule();
    return value;
  }

  put(key: string, facts: unknown): void {
    this.pendingWrites.set(key, facts);
    this.pendingTouches.delete(key);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushDelayMs);
    // Never keeps a CLI process alive: it flushes explicitly before exiting.
    this.timer.unref();
  }

  /** Writes what is queued now (the CLI calls it before exiting); resolves once it is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const writes = this.pendingWrites;
    const touches = this.pendingTouches;
    this.pendingWrites = new Map();
    this.pendingTouches = new Set();
    this.flushing = this.flushing.then(() => this.write(writes, touches)).catch((err: unknown) => this.log.warn(`facts_cache_failed ${err instanceof Error ? err.message : String(err)}`));
    return this.flushing;
  }

  private async write(writes: ReadonlyMap<string, unknown>, touches: ReadonlySet<string>): Promise<void> {
    if (!writes.size && !touches.size) return;
    if (!this.made) {
      await fs.mkdir(this.dir, { recursive: true });
      this.made = true;
    }
    const now = new Date();
    await Promise.all([...touches].map((k) => fs.utimes(this.file(k), now, now).catch(() => undefined)));
    for (const [key, facts] of writes) {
      const tmp = `${this.file(key)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await fs.writeFile(tmp, encode(facts));
        await fs.rename(tmp, this.file(key));
      } catch (err) {
        // Another process may hold the entry open (Windows): it wrote the same facts, so nothing is lost.
        await fs.rm(tmp, { force: true }).catch(() => undefined);
        this.log.debug(`facts_cache_write_failed ${key}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (writes.size) await this.evict();
  }

  /** Deletes least recently used entries until the folder is under 80% of its bound, and stale temporary files. */
  async evict(): Promise<void> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const entries: { name: string; size: number; mtime: number }[] = [];
    let total = 0;
    const now = Date.now();
    await Promise.all(
      names.map(async (name) => {
        const st = await fs.stat(path.join(this.dir, name)).catch(() => undefined);
        if (!st?.isFile()) return;
        if (name.endsWith('.tmp')) {
          if (now - st.mtimeMs > STALE_TMP_MS) await fs.rm(path.join(this.dir, name), { force: true }).catch(() => undefined);
          return;
        }
        entries.push({ name, size: st.size, mtime: st.mtimeMs });
        total += st.size;
      }),
    );
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => a.mtime - b.mtime || (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (total <= this.maxBytes * 0.8) break;
      await fs.rm(path.join(this.dir, e.name), { force: true }).catch(() => undefined);
      total -= e.size;
    }
  }
}

/*
 * Entry payload (format KLF2): a JSON head `[strings, shapes]` (each distinct string once; each distinct key list of an
 * object once), then the value as tagged varints. Against the JSON of KLF1 it is 4× smaller, decodes about twice as
 * fast (objects are built from their shape, so no key is parsed or looked up), carries every number and keeps shared
 * objects shared (a function's `return` value in its body and in `returnExprs` is one object).
 */
const T_UNDEFINED = 0;
const T_NULL = 1;
const T_FALSE = 2;
const T_TRUE = 3;
const T_UINT = 4;
const T_NUMBER = 5;
const T_STRING = 6;
const T_ARRAY = 7;
const T_OBJECT = 8;
const T_SPAN = 9;
/** A value seen before: the byte offset where it was written (whose tag was turned into its `…_SHARED` twin). */
const T_REF = 10;
const T_ARRAY_SHARED = 11;
const T_OBJECT_SHARED = 12;

type Pos = { line: number; character: number };
const isPos = (p: unknown): p is Pos => {
  if (typeof p !== 'object' || p === null) return false;
  const k = Object.keys(p);
  const { line, character } = p as Pos;
  return k.length === 2 && k[0] === 'line' && k[1] === 'character' && Number.isInteger(line) && Number.isInteger(character) && line >= 0 && character >= 0;
};
const isSpan = (v: object): v is { start: Pos; end: Pos } => {
  const k = Object.keys(v);
  return k.length === 2 && k[0] === 'start' && k[1] === 'end' && isPos((v as { start: unknown }).start) && isPos((v as { end: unknown }).end);
};

/** The payload of an entry. Throws on what it cannot carry (functions, symbols, bigints, cycles, class instances). */
export function encodePayload(value: unknown): Buffer {
  const strings = new Map<string, number>();
  const shapes = new Map<string, number>();
  const shapeKeys: string[][] = [];
  // Objects and arrays already written (identity), by the offset of their tag; `open` guards against cycles.
  const seen = new Map<object, number>();
  const open = new Set<object>();
  let buf = Buffer.allocUnsafe(1 << 16);
  let n = 0;
  const room = (k: number): void => {
    if (n + k <= buf.length) return;
    const b = Buffer.allocUnsafe(Math.max(buf.length * 2, n + k));
    buf.copy(b, 0, 0, n);
    buf = b;
  };
  const uint = (x: number): void => {
    room(8);
    while (x > 127) {
      buf[n++] = (x & 127) | 128;
      x = Math.floor(x / 128);
    }
    buf[n++] = x;
  };
  const tag = (t: number): void => {
    room(1);
    buf[n++] = t;
  };
  const put = (v: unknown): void => {
    switch (typeof v) {
      case 'undefined':
        return tag(T_UNDEFINED);
      case 'boolean':
        return tag(v ? T_TRUE : T_FALSE);
      case 'number':
        if (Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER && !Object.is(v, -0)) {
          tag(T_UINT);
          return uint(v);
        }
        room(9);
        buf[n++] = T_NUMBER;
        n = buf.writeDoubleLE(v, n);
        return;
      case 'string': {
        let id = strings.get(v);
        if (id === undefined) strings.set(v, (id = strings.size));
        tag(T_STRING);
        return uint(id);
      }
      case 'object': {
        if (v === null) return tag(T_NULL);
        if (open.has(v)) throw new Error('cycle');
        const at = seen.get(v);
        if (at !== undefined) {
          buf[at] = buf[at] === T_ARRAY ? T_ARRAY_SHARED : T_OBJECT_SHARED;
          tag(T_REF);
          return uint(at);
        }
        if (Array.isArray(v)) {
          seen.set(v, n);
          open.add(v);
          tag(T_ARRAY);
          uint(v.length);
          for (let i = 0; i < v.length; i++) put(v[i]);
          open.delete(v);
          return;
        }
        if (v instanceof CompactSpan) {
          // Facts decoded from the store (or from a parse worker) and stored again.
          tag(T_SPAN);
          return v.writeNumbers(uint);
        }
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto !== Object.prototype && proto !== null) throw new Error('not a plain object');
        if (isSpan(v)) {
          // Spans are most of the facts: four numbers, never shared (a fresh object per use, as extraction makes them);
          // decoded as a CompactSpan.
          tag(T_SPAN);
          uint(v.start.line);
          uint(v.start.character);
          uint(v.end.line);
          return uint(v.end.character);
        }
        const keys = Object.keys(v);
        const sk = keys.join('\0');
        let id = shapes.get(sk);
        if (id === undefined) {
          shapes.set(sk, (id = shapes.size));
          shapeKeys.push(keys);
        }
        seen.set(v, n);
        open.add(v);
        tag(T_OBJECT);
        uint(id);
        for (const k of keys) put((v as Record<string, unknown>)[k]);
        open.delete(v);
        return;
      }
      default:
        throw new Error(`cannot store a ${typeof v}`);
    }
  };
  put(value);
  const head = Buffer.from(JSON.stringify([[...strings.keys()], shapeKeys]));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  return Buffer.concat([len, head, buf.subarray(0, n)]);
}

class Damaged extends Error {}

/** The value of a payload; throws when it is not one encodePayload wrote (the checksum catches damage first). */
export function decodePayload(data: Buffer): unknown {
  if (data.length < 4) throw new Damaged('short');
  const headEnd = 4 + data.readUInt32LE(0);
  if (headEnd > data.length) throw new Damaged('short');
  const head = JSON.parse(data.toString('utf8', 4, headEnd)) as unknown;
  if (!Array.isArray(head) || !Array.isArray(head[0]) || !Array.isArray(head[1])) throw new Damaged('head');
  const strings = head[0] as unknown[];
  const shapes = (head[1] as unknown[]).map((keys) => {
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new Damaged('shape');
    return keys as string[];
  });
  // An own `__proto__` key (a Python name can be one) must stay a key, not set the prototype.
  const special = shapes.map((keys) => keys.includes('__proto__'));
  const reader = new Reader(data, headEnd, strings, shapes, special);
  const value = reader.get();
  if (reader.p !== data.length) throw new Damaged('trailing');
  return value;
}

/**
 * Reads the value part of one payload. A class, not closures made per entry: each entry's closures were new functions
 * to V8, so every entry started again in the interpreter and each got compiled again.
 */
class Reader {
  private readonly shared = new Map<number, unknown>();
  private readonly end: number;
  /** Where the next byte is read. */
  p: number;

  constructor(
    private readonly data: Buffer,
    private readonly headEnd: number,
    private readonly strings: readonly unknown[],
    private readonly shapes: readonly (readonly string[])[],
    private readonly special: readonly boolean[],
  ) {
    this.end = data.length;
    this.p = headEnd;
  }

  uint(): number {
    const { data, end } = this;
    let p = this.p;
    let x = 0;
    let m = 1;
    let c: number;
    do {
      if (p >= end) throw new Damaged('truncated');
      c = data[p++] as number;
      x += (c & 127) * m;
      m *= 128;
    } while (c & 128);
    this.p = p;
    return x;
  }

  get(): unknown {
    if (this.p >= this.end) throw new Damaged('truncated');
    const at = this.p - this.headEnd;
    const t = this.data[this.p++];
    switch (t) {
      case T_UNDEFINED:
        return undefined;
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_UINT:
        return this.uint();
      case T_NUMBER: {
        if (this.p + 8 > this.end) throw new Damaged('truncated');
        const x = this.data.readDoubleLE(this.p);
        this.p += 8;
        return x;
      }
      case T_STRING: {
        const s = this.strings[this.uint()];
        if (typeof s !== 'string') throw new Damaged('string');
        return s;
      }
      case T_SPAN:
        // One object, not three (see CompactSpan): spans are most of the facts.
        return new CompactSpan(this.uint(), this.uint(), this.uint(), this.uint());
      case T_ARRAY:
      case T_ARRAY_SHARED: {
        const len = this.uint();
        if (len > this.end - this.p) throw new Damaged('length');
        const a: unknown[] = new Array(len);
        for (let i = 0; i < len; i++) a[i] = this.get();
        if (t === T_ARRAY_SHARED) this.shared.set(at, a);
        return a;
      }
      case T_OBJECT:
      case T_OBJECT_SHARED: {
        const id = this.uint();
        const keys = this.shapes[id];
        if (!keys) throw new Damaged('shape');
        const o: Record<string, unknown> = {};
        if (this.special[id]) for (const k of keys) Object.defineProperty(o, k, { value: this.get(), writable: true, enumerable: true, configurable: true });
        else for (let i = 0; i < keys.length; i++) o[keys[i] as string] = this.get();
        if (t === T_OBJECT_SHARED) this.shared.set(at, o);
        return o;
      }
      case T_REF: {
        const target = this.uint();
        if (!this.shared.has(target)) throw new Damaged('ref');
        return this.shared.get(target);
      }
      default:
        throw new Damaged('tag');
    }
  }
}

/** An entry: format tag, a 4-byte CRC-32 of the payload, the payload. */
export function encode(value: unknown): Buffer {
  const payload = encodePayload(value);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(checksum(payload));
  return Buffer.concat([MAGIC, sum, payload]);
}

/** The value of an entry, or undefined when it is damaged (any byte changed, truncated, another format). */
export function decode(data: Buffer): unknown {
  if (data.length <= HEADER || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const payload = data.subarray(HEADER);
  if (checksum(payload) !== data.readUInt32BE(MAGIC.length)) return undefined;
  try {
    return decodePayload(payload);
  } catch {
    return undefined;
  }
}

/**
 * The salt of every key: the facts format, the extension's version, and the identity (size and mtime) of the running
 * bundle and grammar, so a rebuilt or updated extension never reads facts another build extracted.
 */
export function factsSalt(version: string, formatVersion: number, files: readonly string[]): string {
  const ids = files.map((f) => {
    try {
      const st = statSync(f);
      return `${st.size}:${Math.floor(st.mtimeMs)}`;
    } catch {
      return '-';
    }
  });
  return [version, formatVersion, process.versions.v8, ...ids].join('|');
}

/**
 * The store under `baseDir/facts` for the bundle in `bundleDir` (dist/: the running script and the grammar beside
 * it), or undefined when `baseDir` is not an absolute path (the store is optional: without it every start parses).
 */
export function factStoreUnder(baseDir: unknown, bundleDir: string, version: string, formatVersion: number, log?: Logger, maxBytes?: number): DiskFactStore | undefined {
  if (typeof baseDir !== 'string' || !path.isAbsolute(baseDir)) return undefined;
  const script = process.argv[1] ?? '';
  const salt = factsSalt(version, formatVersion, [script, path.join(bundleDir, 'tree-sitter-python.wasm')]);
  return new DiskFactStore(path.join(baseDir, 'facts'), { salt, ...(log ? { log } : {}), ...(maxBytes ? { maxBytes } : {}) });
}
