import type { Span } from '../core/types';

/** A `# kedro-lens: ignore[...]` comment, read from a file's facts and applied after the rules run. */
export interface Suppression {
  /** Codes named, as written in upper case; empty for the bare form (every code). */
  readonly codes: readonly string[];
  /** The directive inside the comment (`kedro-lens: ignore[KL001]`): where an unused one is reported. */
  readonly span: Span;
  /** 0-based lines, inclusive, whose findings it hides (a finding counts by its first line). */
  readonly fromLine: number;
  readonly toLine: number;
  /** `ignore-file`: every line of the file. */
  readonly file: boolean;
  /** An `ignore-file` below FILE_DIRECTIVE_LINES: it hides nothing, and says so. */
  readonly misplaced?: true;
}

/** `ignore-file` must be in the first lines, where a reader sees it (after a shebang, an encoding line, a licence). */
export const FILE_DIRECTIVE_LINES = 10;

const DIRECTIVE = /kedro-lens:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?/;

/** Cheap test before any comment walk: most files have no directive. */
export const mayHaveDirective = (text: string): boolean => text.includes('kedro-lens:');

/**
 * The directive in one comment's text, with its offset in that text; undefined when the comment has none.
 * `ignore[]` with no codes is the bare form.
 */
export function parseDirective(comment: string): { readonly file: boolean; readonly codes: readonly string[]; readonly start: number; readonly end: number } | undefined {
  const m = DIRECTIVE.exec(comment);
  if (!m) return undefined;
  const codes = (m[2] ?? '')
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  return { file: m[1] === 'ignore-file', codes, start: m.index, end: m.index + m[0].length };
}

/** A suppression for a directive at `span` covering lines `from`..`to` (the file for `ignore-file`). */
export function suppressionAt(d: NonNullable<ReturnType<typeof parseDirective>>, span: Span, from: number, to: number): Suppression {
  if (!d.file) return { codes: d.codes, span, fromLine: from, toLine: to, file: false };
  const misplaced = span.start.line >= FILE_DIRECTIVE_LINES;
  return { codes: d.codes, span, fromLine: 0, toLine: misplaced ? -1 : Number.MAX_SAFE_INTEGER, file: true, ...(misplaced ? { misplaced: true as const } : {}) };
}
