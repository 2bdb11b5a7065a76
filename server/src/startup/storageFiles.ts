// Files the server keeps in the extension's storage (code cache, first-answer records): written whole or not at all,
// and only the newest few kept, since several VS Code windows (and versions) share the folder.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes atomically: a temp file renamed over the target, so a concurrent reader sees the old or the new file whole. */
export function writeWhole(file: string, data: string | Buffer): boolean {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    fs.rmSync(tmp, { force: true });
    return false;
  }
}

/** Keeps `keep` and the newest `count - 1` other files ending in `suffix`; removes temp files a crashed writer left (> 1 min). */
export function pruneNewest(dir: string, keep: string, suffix: string, count: number): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  const files: { file: string; mtime: number }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) continue;
      if (name.endsWith('.tmp')) {
        if (now - st.mtimeMs > 60_000) fs.rmSync(file, { force: true });
      } else if (name.endsWith(suffix) && file !== keep) files.push({ file, mtime: st.mtimeMs });
    } catch {
      // Removed by another process meanwhile.
    }
  }
  files.sort((a, b) => b.mtime - a.mtime);
  for (const f of files.slice(count - 1)) fs.rmSync(f.file, { force: true });
}
