/** 0-based line, UTF-16 column: the same contract as LSP, so adapters never convert. */
export interface Pos {
  readonly line: number;
  readonly character: number;
}
export interface Span {
  readonly start: Pos;
  readonly end: Pos;
}
export interface Loc {
  readonly uri: string;
  readonly span: Span;
}

export interface SourceText {
  readonly uri: string;
  /** Editor document version for open files, `mtime:size` on disk. Facts are cached on it. */
  readonly version: string;
  readonly text: string;
  /** Set when the file was not read: its text is empty and analysis skips it (reported once as information). */
  readonly skipped?: 'too-large' | 'binary';
}

export interface DirEntry {
  readonly name: string;
  readonly kind: 'file' | 'dir';
  /** A symbolic link (kind is its target's): its real path is checked against the workspace boundary. */
  readonly link?: boolean;
}

/** All file access of the core goes through this, so the CLI, the server and tests share one analysis. */
export interface SourceHost {
  /** Open-editor text wins over disk; undefined when the file is gone or unreadable. */
  read(uri: string): Promise<SourceText | undefined>;
  /** Entries of a folder (symlinks resolved), undefined when it does not exist. */
  readDir(uri: string): Promise<readonly DirEntry[] | undefined>;
  /** Canonical identity of a folder (its real path), so walks can skip symlink loops. Optional: hosts without links. */
  realPath?(uri: string): Promise<string | undefined>;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Related {
  readonly loc: Loc;
  readonly message: string;
}

/** A finding of a rule, before settings and adapters turn it into a diagnostic. */
export interface Problem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly loc: Loc;
  readonly related?: readonly Related[];
  /** Machine-readable payload for quick fixes (e.g. the suggested replacement). */
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
}

export const NULL_LOGGER: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export const spanOf = (sl: number, sc: number, el: number, ec: number): Span => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});

export const ZERO_SPAN: Span = spanOf(0, 0, 0, 0);

export function containsPos(span: Span, pos: Pos): boolean {
  const afterStart = pos.line > span.start.line || (pos.line === span.start.line && pos.character >= span.start.character);
  const beforeEnd = pos.line < span.end.line || (pos.line === span.end.line && pos.character <= span.end.character);
  return afterStart && beforeEnd;
}

/**
 * A persistent store of what the analysis extracted from a file, keyed by its content (and the extractor's version),
 * so a second start does not parse unchanged files. Best effort: a missing, stale or damaged entry is a miss.
 */
export interface FactStore {
  /** The key of a file's text for facts of `kind` (`py`): a content hash salted with the versions that shape facts. */
  key(kind: string, text: string): string;
  get(key: string): Promise<unknown>;
  /** Stored later (not on the caller's time); the facts must not change afterwards. */
  put(key: string, facts: unknown): void;
}
