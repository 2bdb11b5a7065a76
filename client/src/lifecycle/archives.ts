// What `kedro package` produced: the wheel (a zip) and dist/conf-<package>.tar.gz, listed without extracting, and what
// should not be in them. Pure (Buffers in, data out; Node's zlib only): unit-tested on archives made by python3.
import { gunzipSync } from 'node:zlib';

export interface ArchiveEntry {
  readonly path: string;
  /** Uncompressed size in bytes (0 for folders). */
  readonly size: number;
  readonly dir: boolean;
}

/** Zip central directory → entries. Wheels are zips; no extraction, so no zip-bomb or path-traversal concerns. */
export function listZip(buf: Buffer): ArchiveEntry[] {
  // End of central directory: 22 bytes + a comment of up to 64 KiB at the end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ArchiveEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const skip = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const path = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    out.push({ path, size, dir: path.endsWith('/') });
    p += 46 + skip;
  }
  return out;
}

const cString = (b: Buffer): string => {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
};

/** tar (ustar, GNU long names, pax paths) inside gzip → entries. */
export function listTarGz(buf: Buffer): ArchiveEntry[] {
  const tar = gunzipSync(buf);
  const out: ArchiveEntry[] = [];
  let longName: string | undefined;
  for (let p = 0; p + 512 <= tar.length; ) {
    const header = tar.subarray(p, p + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(cString(header.subarray(124, 136)).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 48);
    const body = tar.subarray(p + 512, p + 512 + size);
    p += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = cString(body);
      continue;
    }
    if (type === 'x') {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1] ?? longName;
      continue;
    }
    if (type === 'g') continue;
    const prefix = header.subarray(257, 263).toString('latin1').startsWith('ustar') ? cString(header.subarray(345, 500)) : '';
    const name = longName ?? (prefix ? `${prefix}/${cString(header.subarray(0, 100))}` : cString(header.subarray(0, 100)));
    longName = undefined;
    const dir = type === '5' || name.endsWith('/');
    out.push({ path: name.replace(/^\.\//, ''), size: dir ? 0 : size, dir });
  }
  return out;
}

export interface PackageWarning {
  readonly archive: string;
  readonly path: string;
  readonly reason: string;
}

// Data files by extension: what the layers under data/ usually hold.
const DATA_EXT = /\.(csv|tsv|parquet|pq|feather|arrow|xlsx?|pkl|pickle|joblib|h5|hdf5?|npy|npz|db|sqlite3?|avro|orc|delta)$/i;

/**
 * What the issue asks to keep out of a shared package: `conf/local` files (Kedro excludes only `local/*.yml`, so
 * `.yaml`/`.json` there are packaged), anything named like credentials, and data (a `data/` folder or data files).
 */
export function packageWarnings(archive: string, entries: readonly ArchiveEntry[]): PackageWarning[] {
  const out: PackageWarning[] = [];
  for (const e of entries) {
    const segments = e.path.split('/');
    const base = segments[segments.length - 1] ?? '';
    // Kedro's template keeps conf/local/.gitkeep so the folder exists: harmless.
    if (e.dir || base === '.gitkeep') continue;
    // A Python subpackage named data (mypkg/data/__init__.py) is code, not data.
    const inDataFolder = (segments.slice(0, -1).includes('data') || /^0\d_[a-z_]+$/.test(segments[segments.length - 2] ?? '')) && !/\.pyi?$/.test(base);
    const reason = /credential/i.test(base)
      ? 'credentials file'
      : segments.slice(0, -1).includes('local')
        ? 'conf/local file (machine-specific, often secrets)'
        : /^\.env(\..*)?$/.test(base)
          ? 'environment file (often secrets)'
          : inDataFolder
            ? 'file under a data/ folder'
            : DATA_EXT.test(base)
              ? 'data file'
              : undefined;
    if (reason) out.push({ archive, path: e.path, reason });
  }
  return out;
}

const human = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

export interface ListedArchive {
  readonly name: string;
  readonly entries: readonly ArchiveEntry[];
}

/** A readable Markdown report: warnings first, then each archive's files with sizes. */
export function packageReport(archives: readonly ListedArchive[]): string {
  const warnings = archives.flatMap((a) => packageWarnings(a.name, a.entries));
  const lines = ['# What `kedro package` built', ''];
  if (warnings.length) {
    lines.push(`## \u26a0 ${warnings.length} file${warnings.length === 1 ? '' : 's'} that should not be shared`, '');
    for (const w of warnings) lines.push(`- \`${w.archive}\`: \`${w.path}\` \u2014 ${w.reason}`);
    lines.push('', 'Kedro excludes only `local/*.yml` from the conf archive; move secrets to `conf/local/*.yml` or environment variables.', '');
  } else {
    lines.push('No `conf/local` files, credentials or data in the archives.', '');
  }
  for (const a of archives) {
    const files = a.entries.filter((e) => !e.dir);
    lines.push(`## ${a.name}`, '', `${files.length} file${files.length === 1 ? '' : 's'}, ${human(files.reduce((s, e) => s + e.size, 0))} uncompressed`, '', '```');
    for (const e of files) lines.push(`${human(e.size).padStart(10)}  ${e.path}`);
    lines.push('```', '');
  }
  return lines.join('\n');
}
