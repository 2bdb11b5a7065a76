import * as fs from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import type { DirEntry, SourceHost, SourceText } from '../core/types';
import { fileUri, uriToPath } from '../core/uri';

/** Files above this are not read: config and pipeline modules are small, data dumps are not. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** How long a watched file's text is used without a stat (see FsSourceHost.setWatched). */
const TRUST_MS = 5000;

/** Disk access for the CLI and the server; caches text by `mtime:size` so unchanged files are not re-read. */
export class FsSourceHost implements SourceHost {
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
  }

  /** A file changed on disk (or all files, without an argument). */
  invalidate(uri?: string): void {
    if (uri === undefined) this.cache.clear();
    // By path: the editor's URIs may be encoded differently from ours.
    else this.cache.delete(uriToPath(uri));
  }

  async read(uri: string): Promise<SourceText | undefined> {
    const p = uriToPath(uri);
    const trusted = this.cache.get(p);
    const now = Date.now();
    if (trusted && now - trusted.checkedAt < TRUST_MS && this.watched(p)) return trusted;
    try {
      const st = await fs.stat(p);
      if (!st.isFile()) return undefined;
      const version = `${st.mtimeMs}:${st.size}`;
      if (st.size > MAX_FILE_BYTES) return { uri, version, text: '', skipped: 'too-large' };
      if (trusted?.version === version) {
        trusted.checkedAt = now;
        return trusted;
      }
      const buf = await fs.readFile(p);
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

  async realPath(uri: string): Promise<string | undefined> {
    return fs.realpath(uriToPath(uri)).catch(() => undefined);
  }

  async readDir(uri: string): Promise<readonly DirEntry[] | undefined> {
    const p = uriToPath(uri);
    try {
      const entries = await fs.readdir(p, { withFileTypes: true });
      const out: DirEntry[] = [];
      for (const e of entries) {
        if (e.isDirectory()) out.push({ name: e.name, kind: 'dir' });
        else if (e.isFile()) out.push({ name: e.name, kind: 'file' });
        else if (e.isSymbolicLink()) {
          const st = await fs.stat(`${p}/${e.name}`).catch(() => undefined);
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

export const pathToUri = fileUri;
