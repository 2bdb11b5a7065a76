import * as fs from 'node:fs/promises';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import type { FactStore, Logger } from '../core/types';
import { NULL_LOGGER } from '../core/types';

/** First bytes of an entry: format tag, then a 4-byte CRC-32 of the payload, then the payload (compact JSON). */
const MAGIC = Buffer.from('KLF1');
const HEADER = MAGIC.length + 4;

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
    return createHash('sha256').update(this.salt).update('\0').update(kind).update('\0').update(text).digest('hex');
  }

  private file(key: string): string {
    return path.join(this.dir, key);
  }

  async get(key: string): Promise<unknown> {
    // Not from the queued writes: two modules with one text must not share fact objects (caches key on them).
    let data: Buffer;
    try {
      data = await fs.readFile(this.file(key));
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

/**
 * Facts as compact JSON: each span `{start: {line, character}, end: {…}}` becomes `[line, character, line, character]`
 * (spans were two thirds of the bytes) and undefined becomes null (facts hold no null), so keys set to undefined and
 * holes in arrays come back as they were. V8's JSON.parse is about three times faster than v8.deserialize here.
 * Throws on what JSON cannot carry (a non-finite number): such facts are not stored.
 */
export function encode(value: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(pack(value)));
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
    return unpack(JSON.parse(payload.toString('utf8')));
  } catch {
    return undefined;
  }
}

const isSpanKey = (k: string): boolean => k === 'span' || k.endsWith('Span');

function pack(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('non-finite number');
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(pack);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const span = isSpanKey(k) ? (x as { start?: { line: number; character: number }; end?: { line: number; character: number } }) : undefined;
    out[k] = span?.start && span.end ? [span.start.line, span.start.character, span.end.line, span.end.character] : pack(x);
  }
  return out;
}

/** Undoes pack in place (JSON.parse made fresh objects). */
function unpack(v: unknown): unknown {
  if (v === null) return undefined;
  if (typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = unpack(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (x === null) o[k] = undefined;
    else if (typeof x === 'object') {
      if (Array.isArray(x) && isSpanKey(k)) o[k] = { start: { line: x[0], character: x[1] }, end: { line: x[2], character: x[3] } };
      else unpack(x);
    }
  }
  return o;
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
