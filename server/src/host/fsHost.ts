import { readdir, readFile, realpath, stat, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { isUtf8 } from 'node:buffer';
import type { DirEntry, SourceHost, SourceText } from '../core/types';
import { uriToPath } from '../core/uri';

/** Files above this are not read: config and pipeline modules are small, data dumps are not. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** How long a watched file's text is used without a stat (see FsSourceHost.setWatched). */
const TRUST_MS = 5000;

/** The file system calls the host makes (tests pass a recording one). */
export interface FsCalls {
  stat(p: string): Promise<Stats>;
  realpath(p: string): Promise<string>;
  readFile(p: string): Promise<Buffer>;
  readdir(p: string, options: { withFileTypes: true }): Promise<Dirent[]>;
}

/**
 * node:fs's callbacks as promises (the same system calls as node:fs/promises': realpath.native is what its realpath
 * runs): a warm start reads every file, and fs/promises' readFile goes through a FileHandle and an await per step
 * (open, fstat, read, close), which measured ≈ 1.5 × the CPU of the callback calls for a 5,000-node project's files.
 * Loading node:fs/promises itself costs ~2 ms, which the loader's front (startup/front.ts) does not have to spare.
 */
const nodeCalls: FsCalls = {
  stat: promisify(stat),
  realpath: promisify(realpath.native),
  readFile: promisify(readFile),
  readdir: promisify(readdir) as FsCalls['readdir'],
};

export interface FsHostOptions {
  /**
   * Folders (paths or file URIs) the host may read and list under; a path outside them, or whose real path (links
   * resolved) leaves them, is refused as if it did not exist. Defence in depth behind project/boundary.ts, which
   * reports such paths (KL907): a check it misses still reads nothing outside. Without roots nothing is refused.
   */
  readonly roots?: readonly string[];
  readonly fs?: FsCalls;
  /** Told each refused path (once per path). */
  readonly onRefused?: (path: string) => void;
}

/** Whether `p` is `root` or below it (both absolute and normalised). */
function under(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`);
}

/** Disk access for the CLI and the server; caches text by `mtime:size` so unchanged files are not re-read. */
export class FsSourceHost implements SourceHost {
  private readonly fs: FsCalls;
  private roots: { readonly path: string; readonly real: Promise<string | undefined> }[] | undefined;
  private readonly refused = new Set<string>();

  constructor(private readonly options: FsHostOptions = {}) {
    this.fs = options.fs ?? nodeCalls;
    this.setRoots(options.roots);
  }

  /** The folders reads are confined to (see FsHostOptions.roots); undefined lifts the guard. */
  setRoots(roots: readonly string[] | undefined): void {
    this.roots = roots?.map((r) => {
      const p = path.resolve(r.startsWith('file:') ? uriToPath(r) : r);
      return { path: p, real: this.fs.realpath(p).catch(() => undefined) };
    });
  }

  private refuse(p: string): false {
    if (!this.refused.has(p) && this.refused.size < 1000) {
      this.refused.add(p);
      this.options.onRefused?.(p);
    }
    return false;
  }

  /** `p` (normalised) is under a root. */
  private inside(p: string): boolean {
    return !this.roots || this.roots.some((r) => under(r.path, p)) || this.refuse(p);
  }

  /** `p`'s real path (links resolved) is under a root's real path; a path that does not resolve is judged as written. */
  private async reallyInside(p: string): Promise<boolean> {
    if (!this.roots) return true;
    const real = await this.fs.realpath(p).catch(() => undefined);
    if (real === undefined) return this.inside(p);
    for (const r of this.roots) if (under((await r.real) ?? r.path, real)) return true;
    return this.refuse(p);
  }

  /** By file path, with when its stat was last checked. */
  private readonly cache = new Map<string, SourceText & { checkedAt: number }>();
  /**
   * When the editor watches the files (the server registers watchers for them), a cached text is used without a stat
   * until `invalidate`, for TRUST_MS at most: stat-ing every file of a large project on each keystroke was a third of an
   * edit's latency, and the limit bounds how stale a file can get if its events never come (files.watcherExclude).
   */
  private watched: (path: string) => boolean = () => false;

  /** Trust cached texts of the paths `watched` accepts until `invalidate` (the caller forwards their file events). */
  setWatched(watched: (path: string) => boolean): void {
    this.watched = watched;
    this.eventsFlow = true;
  }

  /** The editor reports file events (setWatched was called): real paths may be kept for TRUST_MS. */
  private eventsFlow = false;

  /** A file changed on disk (or all files, without an argument). */
  invalidate(uri?: string): void {
    // Any event may create, delete or retarget a link on some other path's way: real paths are all re-resolved.
    this.realPaths.clear();
    if (uri === undefined) this.cache.clear();
    // By path: the editor's URIs may be encoded differently from ours.
    else this.cache.delete(path.resolve(uriToPath(uri)));
  }

  async read(uri: string): Promise<SourceText | undefined> {
    const p = path.resolve(uriToPath(uri));
    if (!this.inside(p)) return undefined;
    const trusted = this.cache.get(p);
    const now = Date.now();
    if (trusted && now - trusted.checkedAt < TRUST_MS && this.watched(p)) return trusted;
    try {
      const st = await this.fs.stat(p);
      if (!st.isFile()) return undefined;
      const version = `${st.mtimeMs}:${st.size}`;
      if (st.size > MAX_FILE_BYTES) return { uri, version, text: '', skipped: 'too-large' };
      if (trusted?.version === version) {
        trusted.checkedAt = now;
        return trusted;
      }
      if (!(await this.reallyInside(p))) return undefined;
      const buf = await this.fs.readFile(p);
      // NUL bytes or invalid UTF-8: not a text file Kedro could load either.
      if (buf.includes(0) || !isUtf8(buf)) return { uri, version, text: '', skipped: 'binary' };
      let text = buf.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const src = { uri, version, text, checkedAt: now };
      this.cache.set(p, src);
      return src;
    } catch {
      return undefined;
    }
  }

  /**
   * Real paths, kept while the editor reports file events (until any event, TRUST_MS at most): the boundary checks of
   * every pass (the root, dependency files, input-file folders) resolved the same paths again on each keystroke. Reads
   * still resolve a changed file's real path themselves (reallyInside), so this only delays a KL907 report.
   */
  private readonly realPaths = new Map<string, { readonly real: Promise<string | undefined>; readonly at: number }>();

  async realPath(uri: string): Promise<string | undefined> {
    const p = path.resolve(uriToPath(uri));
    if (!this.inside(p)) return undefined;
    const now = Date.now();
    const hit = this.realPaths.get(p);
    if (hit && now - hit.at < TRUST_MS) return hit.real;
    const real = this.fs.realpath(p).catch(() => undefined);
    if (this.eventsFlow) {
      if (this.realPaths.size >= 10000) this.realPaths.clear();
      this.realPaths.set(p, { real, at: now });
    }
    return real;
  }

  async readDir(uri: string): Promise<readonly DirEntry[] | undefined> {
    const p = path.resolve(uriToPath(uri));
    if (!this.inside(p) || !(await this.reallyInside(p))) return undefined;
    try {
      const entries = await this.fs.readdir(p, { withFileTypes: true });
      const out: DirEntry[] = [];
      for (const e of entries) {
        if (e.isDirectory()) out.push({ name: e.name, kind: 'dir' });
        else if (e.isFile()) out.push({ name: e.name, kind: 'file' });
        else if (e.isSymbolicLink()) {
          // Classified by its target (a stat, never an open or a listing): the boundary then decides whether to follow it.
          const st = await this.fs.stat(`${p}/${e.name}`).catch(() => undefined);
          if (st?.isDirectory()) out.push({ name: e.name, kind: 'dir', link: true });
          else if (st?.isFile()) out.push({ name: e.name, kind: 'file', link: true });
        }
      }
      return out;
    } catch {
      return undefined;
    }
  }
}
