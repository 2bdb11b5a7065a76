import type { Parser } from 'web-tree-sitter';
import { LineIndex } from '../../core/lineIndex';
import type { Pos, Span } from '../../core/types';
import type { PyModuleFacts } from './facts';
import { extractModuleFacts } from './moduleFacts';
import { selectedEnv } from './selectedEnv';

/**
 * A Jupyter notebook read from disk (not open in the editor): its Python code cells, joined, give the catalog calls
 * an open notebook's cells give, placed in the `.ipynb` file's own text so the Problems panel and navigation point
 * into the file. Only what scripts contribute (catalog calls) is kept.
 */
export function extractNotebookFacts(parser: Parser, uri: string, text: string): PyModuleFacts {
  const empty: PyModuleFacts = { uri, imports: [], functions: [], classes: [], statements: [], catalogCalls: [], hasSyntaxError: false, suppressions: [] };
  const sources = notebookSources(text);
  if (!sources) return { ...empty, hasSyntaxError: true };
  // The joined code, and for each of its UTF-16 units the offset in the .ipynb text it was decoded from.
  let code = '';
  const rawAt: number[] = [];
  let litEnd = 0;
  for (const cell of sources) {
    for (const lit of cell) {
      const { value, offsets } = decodeJsonString(text, lit.start, lit.end);
      code += value;
      // Not push(...offsets): one 2 MB literal would be two million arguments.
      for (const o of offsets) rawAt.push(o);
      litEnd = lit.end;
    }
    // Cells are separate: a newline between them keeps one cell's last line from running into the next. It stands
    // for the end of the cell's last literal (where a span ending with the cell ends).
    code += '\n';
    rawAt.push(litEnd);
  }
  rawAt.push(litEnd);
  const magicFree = code.replace(/^([ \t]*)([%!].*)$/gm, (_m, ws: string, rest: string) => ws + ' '.repeat(rest.length));
  const facts = extractModuleFacts(parser, uri, magicFree);
  const codeLines = new LineIndex(magicFree);
  const rawLines = new LineIndex(text);
  const pos = (p: Pos): Pos => rawLines.positionAt(rawAt[codeLines.offsetAt(p)] ?? 0);
  const span = (s: Span): Span => ({ start: pos(s.start), end: pos(s.end) });
  const catalogCalls = facts.catalogCalls
    // A name written with JSON escapes has no exact place in the file text (and a rename there would break it).
    .filter((c) => rawAt[codeLines.offsetAt(c.name.span.end)] === (rawAt[codeLines.offsetAt(c.name.span.start)] ?? 0) + c.name.value.length)
    .map((c) => ({ ...c, span: span(c.span), name: { ...c.name, span: span(c.name.span) } }));
  const selectsEnv = selectedEnv(code);
  return { ...empty, catalogCalls, hasSyntaxError: facts.hasSyntaxError, ...(selectsEnv === undefined ? {} : { selectsEnv }) };
}

/** Per Python code cell, the offsets (quotes excluded) of its `source` string literals; undefined when not a notebook. */
export function notebookSources(text: string): { start: number; end: number }[][] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { cells?: unknown }).cells)) return undefined;
  const meta = (doc as { metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } } }).metadata;
  const language = meta?.kernelspec?.language ?? meta?.language_info?.name;
  if (typeof language === 'string' && language.toLowerCase() !== 'python') return [];
  const cells = (doc as { cells: unknown[] }).cells;
  const literals = new Map<number, { start: number; end: number }[]>();
  walkJson(text, (path, start, end) => {
    // cells[i].source as a string or cells[i].source[j]
    if (path[0] !== 'cells' || path[2] !== 'source' || path.length > 4) return;
    const i = path[1] as number;
    const cell = cells[i] as { cell_type?: unknown } | undefined;
    if (cell?.cell_type !== 'code') return;
    const list = literals.get(i) ?? [];
    list.push({ start, end });
    literals.set(i, list);
  });
  return [...literals.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, lits]) => lits)
    // A cell magic (`%%bash`, `%%sql`) makes the whole cell another language.
    .filter((lits) => !(lits[0] && text.startsWith('%%', lits[0].start)));
}

/**
 * Calls `onString` with the path and the inner offsets of every string value in a JSON text (known to be valid) down
 * to MAX_PATH levels. Iterative: a notebook's outputs may nest deeper than the call stack goes.
 */
const MAX_PATH = 4;
function walkJson(text: string, onString: (path: readonly (string | number)[], start: number, end: number) => void): void {
  interface Frame {
    readonly obj: boolean;
    /** Undefined below MAX_PATH: nothing there is reported, and copying paths would cost depth² time. */
    readonly path: readonly (string | number)[] | undefined;
    k: number;
    key: string | undefined;
  }
  const stack: Frame[] = [];
  let i = 0;
  const str = (): [number, number] => {
    const start = ++i;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return [start, i++];
  };
  const advance = (f: Frame | undefined): void => {
    if (!f) return;
    if (f.obj) f.key = undefined;
    else f.k++;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c) || c === ',' || c === ':') {
      i++;
      continue;
    }
    const top = stack.at(-1);
    if (c === '}' || c === ']') {
      stack.pop();
      i++;
      advance(stack.at(-1));
      continue;
    }
    if (top?.obj && top.key === undefined) {
      const [ks, ke] = str();
      top.key = JSON.parse(`"${text.slice(ks, ke)}"`) as string;
      continue;
    }
    const path = !top ? [] : top.path && top.path.length < MAX_PATH ? [...top.path, top.obj ? (top.key as string) : top.k] : undefined;
    if (c === '"') {
      const [s, e] = str();
      if (path) onString(path, s, e);
      advance(top);
    } else if (c === '{' || c === '[') {
      i++;
      stack.push({ obj: c === '{', path, k: 0, key: undefined });
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i] as string)) i++;
      advance(top);
    }
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

/** A JSON string's inner text decoded, with the raw offset each UTF-16 unit of the value came from. */
function decodeJsonString(text: string, start: number, end: number): { value: string; offsets: number[] } {
  let value = '';
  const offsets: number[] = [];
  for (let i = start; i < end; ) {
    if (text[i] === '\\') {
      const e = text[i + 1] as string;
      if (e === 'u') {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        offsets.push(i);
        i += 6;
      } else {
        value += ESCAPES[e] ?? e;
        offsets.push(i);
        i += 2;
      }
    } else {
      value += text[i];
      offsets.push(i);
      i++;
    }
  }
  return { value, offsets };
}
