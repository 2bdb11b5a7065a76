// The first answers of a start, kept from an earlier one: what an analysis published and answered, with everything it
// read (file texts, folder listings, real paths, settings). A new start whose reads all give the same answers again is
// in the same state, so the same analysis would publish the same diagnostics: the loader (startup/front.ts) sends them
// before the server bundle has even loaded, and the server's own first pass then confirms or corrects them.
// Shared by the loader and the server bundle: Node built-ins and pure modules only.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Settings } from '../../../common/settings';
import { pruneNewest, writeWhole } from './storageFiles';
import { containsPos, spanOf, type DirEntry, type SourceHost } from '../core/types';

/** Bump when the record's shape or meaning changes. */
export const RECORD_FORMAT = 1;
/** States kept per build: a window reopened with or without an unsaved buffer, another environment picked. */
const KEEP = 4;
/** A record above this is not written (a sanity bound; a 5,000-node project's is ~0.5 MB). */
const MAX_BYTES = 32 * 1024 * 1024;

/** One location of a definition answer, as LSP sends it. */
export interface LocationJson {
  readonly uri: string;
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
}

/** What an open document answers for definition and hover: entries innermost first, as the position index keeps them. */
export interface DocAnswers {
  /** Hash of the text the answers are about. */
  readonly hash: string;
  /** [startLine, startChar, endLine, endChar, definition answer, hover markdown or null]. */
  readonly entries: readonly (readonly [number, number, number, number, readonly LocationJson[], string | null])[];
}

export interface FirstAnswersRecord {
  readonly format: number;
  /** Hash of what the server read from `initialize` (folders, client capabilities, initialization options). */
  readonly init: string;
  /** The analysis settings it ran with (JSON). */
  readonly settings: string;
  /** Every text the analysis read, by URI: its hash, or why there was none. */
  readonly reads: readonly (readonly [string, string])[];
  /** Every folder listing: a hash of its entries, or 'none'. */
  readonly dirs: readonly (readonly [string, string])[];
  /** Every real path asked for: the answer, or 'none'. */
  readonly reals: readonly (readonly [string, string])[];
  /** The server's answer to `initialize`. */
  readonly initResult: unknown;
  /** What the analysis published, by URI (only URIs with diagnostics). */
  readonly diagnostics: readonly (readonly [string, unknown[]])[];
  /** Definition and hover answers for the documents open then. */
  readonly docs: Readonly<Record<string, DocAnswers>>;
}

export const textHash = (text: string): string => createHash('sha1').update(text).digest('base64');

/** A listing's hash: order included (the analysis walks entries in the order given). */
export const dirHash = (entries: readonly DirEntry[] | undefined): string =>
  entries ? textHash(entries.map((e) => `${e.kind}${e.link ? '@' : ':'}${e.name}`).join('\n')) : 'none';

/**
 * The parts of `initialize` the analysis and its answers depend on (not the process id, locale or client name). Not
 * the settings in the initialization options either: they are the session's first settings, compared on their own
 * (settingsKey) as the pass used them; with them in the key, a record written after the environment was switched in
 * a session carried the start's environment and no later start could match it.
 */
export function initKey(params: Record<string, unknown> | undefined): string {
  const p = params ?? {};
  const options = typeof p['initializationOptions'] === 'object' && p['initializationOptions'] !== null ? { ...(p['initializationOptions'] as Record<string, unknown>) } : {};
  delete options['settings'];
  return textHash(JSON.stringify([p['rootUri'] ?? null, p['workspaceFolders'] ?? null, p['capabilities'] ?? null, options]));
}

/** The settings an analysis depends on (not the log level, the lenses or how runs are started). */
export const settingsKey = (s: Settings): string => JSON.stringify([s.environment, s.rules, s.exclude, s.kedroVersion]);

/** The folder a build keeps its records in: one per bundle, as a rebuilt server may analyse differently. */
export function recordDir(cacheDir: string, bundleKey: string): string {
  return path.join(cacheDir, 'first-answers', bundleKey.replace(/[^\w.-]/g, '_'));
}

const isPairs = (v: unknown): v is [string, string][] => Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string');

/** A record file's content, or undefined when it is torn, foreign or of another format. */
export function parseRecord(text: string): FirstAnswersRecord | undefined {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof r !== 'object' || r === null || r['format'] !== RECORD_FORMAT || typeof r['init'] !== 'string' || typeof r['settings'] !== 'string') return undefined;
  if (!isPairs(r['reads']) || !isPairs(r['dirs']) || !isPairs(r['reals']) || !Array.isArray(r['diagnostics'])) return undefined;
  if (typeof r['docs'] !== 'object' || r['docs'] === null || typeof r['initResult'] !== 'object' || r['initResult'] === null) return undefined;
  return r as unknown as FirstAnswersRecord;
}

/** The `initialize` answer, kept beside the records (every record of a build has the same). */
const INIT_FILE = 'initialize.result';

/** The records one start may use: its `initialize` key and settings, short, in the file names. */
export const fitKey = (init: string, settings: string): string => textHash(JSON.stringify([init, settings])).replace(/[^\w]/g, '').slice(0, 12);

export interface StoredRecords {
  /** The server's `initialize` answer, undefined when none was kept. */
  readonly initResult: unknown;
  /** Record files, newest first, with the fitKey of the start that may use each (read only when it fits). */
  readonly files: readonly { readonly file: string; readonly fit: string }[];
}

/** What a build kept: the names and the `initialize` answer only (a 5,000-node project's record is ~0.2 MB to parse). */
export function readRecords(dir: string): StoredRecords {
  let names: string[];
  let initResult: unknown;
  try {
    names = fs.readdirSync(dir);
    initResult = JSON.parse(fs.readFileSync(path.join(dir, INIT_FILE), 'utf8'));
  } catch {
    return { initResult: undefined, files: [] };
  }
  const files: { file: string; fit: string; mtime: number }[] = [];
  for (const name of names) {
    const m = /^(\w{12})-\w+\.json$/.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    try {
      files.push({ file, fit: m[1] as string, mtime: fs.statSync(file).mtimeMs });
    } catch {
      // Removed by another window meanwhile.
    }
  }
  if (typeof initResult !== 'object' || initResult === null) return { initResult: undefined, files: [] };
  return { initResult, files: files.sort((a, b) => b.mtime - a.mtime).map(({ file, fit }) => ({ file, fit })) };
}

/** A record file's content, or undefined when it is gone, torn or not ours. */
export function loadRecord(file: string): FirstAnswersRecord | undefined {
  try {
    return parseRecord(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** What a record's answers depend on, short: the same state gives the same name (its reads are sorted). */
export const stateKey = (r: FirstAnswersRecord): string =>
  textHash(JSON.stringify([r.init, r.settings, r.reads, r.dirs, r.reals, Object.entries(r.docs).map(([u, d]) => [u, d.hash])])).replace(/[^\w]/g, '').slice(0, 20);

/**
 * Writes a record under a name given by its state (the same state written again replaces its file), atomically (temp
 * file + rename, so a concurrent window never reads half of one), and keeps the newest KEEP.
 */
export function writeRecord(dir: string, record: FirstAnswersRecord, state = stateKey(record)): string | undefined {
  const text = JSON.stringify(record);
  if (text.length > MAX_BYTES) return undefined;
  const file = path.join(dir, `${fitKey(record.init, record.settings)}-${state}.json`);
  if (!writeWhole(file, text) || !writeWhole(path.join(dir, INIT_FILE), JSON.stringify(record.initResult))) return undefined;
  pruneNewest(dir, file, '.json', KEEP);
  return file;
}

/** What a start looks like now, asked through the same host calls the analysis makes; answers are kept per URI. */
export class StateProbe {
  private readonly texts = new Map<string, Promise<string>>();
  private readonly dirs = new Map<string, Promise<string>>();
  private readonly reals = new Map<string, Promise<string>>();

  constructor(
    private readonly disk: SourceHost,
    /** Open documents' texts by URI: they win over disk, as in the server's overlay. */
    private readonly open: ReadonlyMap<string, string>,
  ) {}

  private read(uri: string): Promise<string> {
    const doc = this.open.get(uri);
    if (doc !== undefined) return Promise.resolve(textHash(doc));
    let p = this.texts.get(uri);
    if (!p) this.texts.set(uri, (p = this.disk.read(uri).then((s) => readHash(s), () => 'none')));
    return p;
  }

  private dir(uri: string): Promise<string> {
    let p = this.dirs.get(uri);
    if (!p) this.dirs.set(uri, (p = this.disk.readDir(uri).then(dirHash, () => 'none')));
    return p;
  }

  private real(uri: string): Promise<string> {
    let p = this.reals.get(uri);
    if (!p) this.reals.set(uri, (p = (this.disk.realPath?.(uri) ?? Promise.resolve(undefined)).then((r) => r ?? 'none', () => 'none')));
    return p;
  }

  /** Whether every read of the record gives the same answer now. */
  async matches(record: FirstAnswersRecord): Promise<boolean> {
    // All at once: a large project's files are read concurrently, as the analysis reads them.
    const same = (pairs: FirstAnswersRecord['reads'], ask: (uri: string) => Promise<string>) => Promise.all(pairs.map(([uri, want]) => ask(uri).then((got) => got === want)));
    const [reads, dirs, reals] = await Promise.all([same(record.reads, (u) => this.read(u)), same(record.dirs, (u) => this.dir(u)), same(record.reals, (u) => this.real(u))]);
    return reads.every(Boolean) && dirs.every(Boolean) && reals.every(Boolean);
  }
}

/** How a read is recorded: the text's hash, or why there is none. */
export function readHash(src: { text: string; skipped?: string } | undefined): string {
  if (!src) return 'none';
  return src.skipped ? `skipped:${src.skipped}` : textHash(src.text);
}

/** The answer of a recorded document at a position: the innermost entry holding it, as PositionIndex.at finds it. */
export function answerAt(doc: DocAnswers, line: number, character: number): DocAnswers['entries'][number] | undefined {
  return doc.entries.find((e) => containsPos(spanOf(e[0], e[1], e[2], e[3]), { line, character }));
}
