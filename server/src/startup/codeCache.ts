// V8 code cache for the server bundle: compiling ~1 MB of JavaScript and running it cold costs about as much as
// starting Node. The bytecode V8 produced in an earlier start (after its first analysis, so the functions that ran are
// in it) is kept in `<cacheDir>/code-cache/` and handed back to V8, which checks it against the source and its flags.
// Node 20 has no module.enableCompileCache (Node 22), hence vm.Script with cachedData.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { pruneNewest, writeWhole } from './storageFiles';

const MAGIC = 'KLCC1';
/** Header: magic, payload length, sha1 of the payload, so a torn or foreign file is never given to V8. */
const HEADER = MAGIC.length + 4 + 20;
/** Files kept: the current key's and a few older ones (another VS Code on an older version may still use one). */
const KEEP = 3;
/** A cache bigger than this is not written (a sanity bound; the server's is ~1–3 MB). */
const MAX_BYTES = 64 * 1024 * 1024;

export interface CodeCacheKey {
  /** Extension version. */
  readonly version: string;
  /** The bundle's size and mtime: a rebuilt bundle (same version, e.g. in development) gets a new file. */
  readonly size: number;
  readonly mtimeMs: number;
}

/** The file for a key: versions of Node, V8 and the CPU are in the name, since V8 rejects another's cache anyway. */
export function cacheFile(dir: string, key: CodeCacheKey): string {
  const id = createHash('sha1')
    .update(JSON.stringify([key.version, process.version, process.versions.v8, process.arch, key.size, Math.round(key.mtimeMs)]))
    .digest('hex')
    .slice(0, 16);
  return path.join(dir, 'code-cache', `server-${key.version.replace(/[^\w.-]/g, '_')}-${id}.bin`);
}

/** The cached bytes, or undefined when the file is missing, torn or not ours. */
export function readCache(file: string): Buffer | undefined {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (buf.length < HEADER || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const length = buf.readUInt32LE(MAGIC.length);
  const payload = buf.subarray(HEADER);
  if (payload.length !== length) return undefined;
  const sum = buf.subarray(MAGIC.length + 4, HEADER);
  return createHash('sha1').update(payload).digest().equals(sum) ? payload : undefined;
}

/** Writes atomically (temp file + rename: concurrent writers each rename a whole file), then prunes old files. */
export function writeCache(file: string, data: Buffer): boolean {
  if (data.length === 0 || data.length > MAX_BYTES) return false;
  const header = Buffer.alloc(HEADER);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(data.length, MAGIC.length);
  createHash('sha1').update(data).digest().copy(header, MAGIC.length + 4);
  if (!writeWhole(file, Buffer.concat([header, data]))) return false;
  pruneNewest(path.dirname(file), file, '.bin', KEEP);
  return true;
}

export interface LoadedBundle {
  /** Whether V8 took the cached code. */
  readonly accepted: boolean;
  /** Writes the code compiled so far (call once the first answers ran, so their functions are in it). */
  save(): boolean;
}

/**
 * Runs a CommonJS bundle like `require` would, with V8's code cache from `cacheDir` when there is one. The wrapper
 * stays on the first line so the bundle's line numbers (and its source map) still hold.
 */
export function runBundle(bundle: string, cacheDir: string | undefined, version: string, req: NodeJS.Require): LoadedBundle {
  const source = fs.readFileSync(bundle, 'utf8');
  let file: string | undefined;
  let cachedData: Buffer | undefined;
  if (cacheDir) {
    try {
      const st = fs.statSync(bundle);
      file = cacheFile(cacheDir, { version, size: st.size, mtimeMs: st.mtimeMs });
      cachedData = readCache(file);
    } catch {
      file = undefined;
    }
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  // No importModuleDynamically: Node 20 drops it when V8 takes cached data; esbuild.mjs keeps import() out of the bundle.
  const script = new vm.Script(wrapped, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const accepted = !!cachedData && !script.cachedDataRejected;
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, req, module, bundle, path.dirname(bundle));
  let saved = accepted;
  return {
    accepted,
    save: () => {
      if (saved || !file) return false;
      saved = true;
      try {
        return writeCache(file, script.createCachedData());
      } catch {
        return false;
      }
    },
  };
}
