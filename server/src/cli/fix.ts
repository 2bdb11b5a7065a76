import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Pos, Span } from '../core/types';
import { LineIndex } from '../core/lineIndex';
import { uriToPath } from '../core/uri';
import { escapeControls } from '../core/escape';
import { codeActionsFor } from '../features/codeActions';
import type { WorkspaceAnalysis } from '../analysis/workspace';

/** One safe quick fix to apply: the edit the editor's quick fix makes, and the finding it fixes. */
export interface PlannedFix {
  readonly file: string;
  readonly span: Span;
  readonly oldText: string;
  readonly newText: string;
  readonly code: string;
}

export interface FixPlan {
  /** Per file (absolute path): its text as read and the non-overlapping fixes, in order. */
  readonly files: ReadonlyMap<string, { readonly text: string; readonly fixes: readonly PlannedFix[] }>;
  /** Files a fix would edit that are outside their project (or not plain files): left alone. */
  readonly refused: readonly string[];
}

const before = (a: Pos, b: Pos): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);

/** A real path inside the real project root: a link out of the project is never written through. */
function insideProject(root: string, file: string): boolean {
  try {
    const realRoot = fs.realpathSync(root);
    const real = fs.realpathSync(file);
    const rel = path.relative(realRoot, real);
    return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel) && fs.statSync(real).isFile();
  } catch {
    return false;
  }
}

/**
 * The safe quick fixes (codeActions.ts marks them `safe`) of every finding, with the same edits the editor offers.
 * Only single-span edits in the finding's own file; overlapping ones keep the first.
 */
export function planFixes(result: WorkspaceAnalysis): FixPlan {
  const files = new Map<string, { text: string; fixes: PlannedFix[]; lines: LineIndex }>();
  const refused = new Set<string>();
  for (const project of result.projects) {
    const root = uriToPath(project.model.layout.rootUri);
    for (const p of project.problems) {
      if (!p.loc.uri.startsWith('file:')) continue;
      const file = uriToPath(p.loc.uri);
      let entry = files.get(file);
      if (!entry) {
        if (!insideProject(root, file)) {
          refused.add(file);
          continue;
        }
        const text = fs.readFileSync(file, 'utf8');
        entry = { text, fixes: [], lines: new LineIndex(text) };
        files.set(file, entry);
      }
      const actions = codeActionsFor(project.model, p.loc.uri, entry.text, p.loc.span, [{ code: p.code, span: p.loc.span, ...(p.data ? { data: p.data } : {}) }]);
      const action = actions.find((a) => a.safe && a.edits.length === 1 && a.edits[0]?.uri === p.loc.uri);
      const edit = action?.edits[0];
      if (!edit) continue;
      const oldText = entry.text.slice(entry.lines.offsetAt(edit.span.start), entry.lines.offsetAt(edit.span.end));
      if (oldText === edit.newText) continue;
      const clash = entry.fixes.some((f) => !(before(f.span.end, edit.span.start) || before(edit.span.end, f.span.start) || (f.span.end.line === edit.span.start.line && f.span.end.character === edit.span.start.character)));
      if (clash) continue;
      entry.fixes.push({ file, span: edit.span, oldText, newText: edit.newText, code: p.code });
    }
  }
  const out = new Map<string, { text: string; fixes: PlannedFix[] }>();
  for (const [file, { text, fixes }] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (fixes.length) out.set(file, { text, fixes: fixes.sort((a, b) => (before(a.span.start, b.span.start) ? -1 : 1)) });
  }
  return { files: out, refused: [...refused] };
}

/** The text with `fixes` (sorted, non-overlapping) applied. */
export function applyFixes(text: string, fixes: readonly PlannedFix[]): string {
  const lines = new LineIndex(text);
  let out = '';
  let at = 0;
  for (const f of fixes) {
    const s = lines.offsetAt(f.span.start);
    out += text.slice(at, s) + f.newText;
    at = lines.offsetAt(f.span.end);
  }
  return out + text.slice(at);
}

/**
 * Writes through a temporary file in the same folder, then renames it over the original: a crash or a full disk leaves
 * the old text or the new one, never half of it. The file keeps its permissions.
 */
export function writeAtomically(file: string, text: string): void {
  const mode = fs.statSync(file).mode & 0o7777;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.kedro-lens-${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'wx', mode);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

const CONTEXT = 3;

/** A unified diff (`--- a/x`, `+++ b/x`, 3 lines of context) of the lines the fixes change. */
export function unifiedDiff(label: string, oldText: string, fixes: readonly PlannedFix[]): string {
  const oldLines = oldText.split('\n');
  const newText = applyFixes(oldText, fixes);
  const newLines = newText.split('\n');
  // Changed old-line ranges (inclusive), merged when they touch; each maps to new lines by the running line delta.
  const changes: { from: number; to: number }[] = [];
  for (const f of fixes) {
    const last = changes.at(-1);
    if (last && f.span.start.line <= last.to + 1) last.to = Math.max(last.to, f.span.end.line);
    else changes.push({ from: f.span.start.line, to: f.span.end.line });
  }
  const delta = (upTo: number): number => fixes.filter((f) => f.span.end.line < upTo).reduce((n, f) => n + (f.newText.split('\n').length - 1) - (f.span.end.line - f.span.start.line), 0);
  const hunks: { from: number; to: number }[] = [];
  for (const c of changes) {
    const last = hunks.at(-1);
    if (last && c.from - CONTEXT <= last.to + CONTEXT + 1) last.to = c.to;
    else hunks.push({ ...c });
  }
  // A trailing newline makes split() end with '': not a line of the file.
  const oldCount = oldText.endsWith('\n') ? oldLines.length - 1 : oldLines.length;
  let out = `--- a/${label}\n+++ b/${label}\n`;
  for (const h of hunks) {
    const start = Math.max(0, h.from - CONTEXT);
    const end = Math.min(oldCount - 1, h.to + CONTEXT);
    const body: string[] = [];
    let newCount = 0;
    for (let line = start; line <= end; line++) {
      const c = changes.find((x) => x.from === line && x.from >= h.from && x.to <= h.to);
      if (c) {
        const nFrom = c.from + delta(c.from);
        const nTo = c.to + delta(c.to + 1);
        for (let k = c.from; k <= c.to; k++) body.push(`-${oldLines[k]}`);
        for (let k = nFrom; k <= nTo; k++) body.push(`+${newLines[k]}`);
        newCount += nTo - nFrom + 1;
        line = c.to;
      } else {
        body.push(` ${oldLines[line]}`);
        newCount++;
      }
    }
    const oldLen = end - start + 1;
    const newStart = start + delta(start);
    out += `@@ -${start + 1},${oldLen} +${newStart + 1},${newCount} @@\n${body.join('\n')}\n`;
  }
  return out;
}

/** `path:line:col CODE 'old' → 'new'`, one line per fix; names escaped so none forges a line. */
export function describeFix(f: PlannedFix, cwd: string): string {
  const rel = path.relative(cwd, f.file) || f.file;
  return escapeControls(`${rel}:${f.span.start.line + 1}:${f.span.start.character + 1} ${f.code} '${f.oldText}' → '${f.newText}'`);
}

/**
 * `--fix` writes the safe fixes and says what it changed (to `log`); `--diff` prints them as a unified diff to `out`
 * without writing. Returns the exit code for `--diff` (1 when there is something to fix), or 'fixed' for `--fix`,
 * whose caller analyses again and reports what remains.
 */
export function fixOrDiff(result: WorkspaceAnalysis, mode: 'fix' | 'diff', cwd: string, out: (s: string) => void, log: (s: string) => void): number | 'fixed' {
  const plan = planFixes(result);
  for (const file of plan.refused) log(`kedro-lens: not fixing ${escapeControls(path.relative(cwd, file) || file)}: it is outside its project or not a regular file\n`);
  let count = 0;
  for (const [file, { text, fixes }] of plan.files) {
    count += fixes.length;
    if (mode === 'diff') {
      out(unifiedDiff(escapeControls(path.relative(cwd, file).split(path.sep).join('/')), text, fixes));
      continue;
    }
    // The file may have changed since it was read: never write over an edit made meanwhile.
    if (fs.readFileSync(file, 'utf8') !== text) {
      log(`kedro-lens: not fixing ${escapeControls(path.relative(cwd, file))}: it changed while being checked\n`);
      count -= fixes.length;
      continue;
    }
    writeAtomically(file, applyFixes(text, fixes));
    for (const f of fixes) log(`fixed ${describeFix(f, cwd)}\n`);
  }
  const files = plan.files.size;
  if (mode === 'diff') {
    log(`${count} fix(es) would be applied in ${files} file(s); run with --fix to apply them.\n`);
    return count ? 1 : 0;
  }
  log(`${count} fix(es) applied.\n`);
  return 'fixed';
}
