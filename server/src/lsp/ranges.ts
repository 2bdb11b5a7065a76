import type { Position, Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

const RANGE_KEYS = ['range', 'selectionRange', 'targetRange', 'targetSelectionRange'] as const;

const isPosition = (p: unknown): p is Position => !!p && typeof (p as Position).line === 'number' && typeof (p as Position).character === 'number';
const isRange = (r: unknown): r is Range => !!r && isPosition((r as Range).start) && isPosition((r as Range).end);
const samePosition = (a: Position, b: Position): boolean => a.line === b.line && a.character === b.character;

/** `p` inside `doc` by LSP's rules: past the line end is the line end (never inside a `\r\n`), past the last line is the end. */
export function clampPosition(doc: TextDocument, p: Position): Position {
  return doc.positionAt(doc.offsetAt(p));
}

/**
 * Every range of an answer that lies in an open document, moved inside that document's current text (the last line of
 * defence: the features compute ranges from the last completed pass). Walks LSP result shapes: `{uri, range}`
 * locations, WorkspaceEdit `changes`, and ranges without a uri (symbols, completion edits, hovers), which belong to
 * `uri`, the request's document. Returns how many positions it moved (a bug upstream when not 0).
 */
export function clampRanges(value: unknown, uri: string, documentAt: (uri: string) => TextDocument | undefined): number {
  let moved = 0;
  const walk = (v: unknown, owner: string, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 64) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, owner, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    const here = typeof o['uri'] === 'string' ? o['uri'] : owner;
    for (const key of RANGE_KEYS) {
      const r = o[key];
      if (!isRange(r)) continue;
      const doc = documentAt(here);
      if (!doc) continue;
      for (const end of ['start', 'end'] as const) {
        const p = clampPosition(doc, r[end]);
        if (samePosition(p, r[end])) continue;
        moved++;
        r[end] = p;
      }
    }
    const changes = o['changes'];
    if (changes && typeof changes === 'object' && !Array.isArray(changes)) {
      for (const [u, edits] of Object.entries(changes as Record<string, unknown>)) walk(edits, u, depth + 1);
    }
    for (const [key, x] of Object.entries(o)) {
      if (key === 'changes' || key === 'data' || (RANGE_KEYS as readonly string[]).includes(key)) continue;
      if (x && typeof x === 'object') walk(x, here, depth + 1);
    }
  };
  walk(value, uri, 0);
  return moved;
}
