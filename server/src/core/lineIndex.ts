import type { Pos, Span } from './types';

/** Maps UTF-16 offsets (JS string indices) to LSP positions; one per text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  /** An offset between the `\r` and `\n` of a line end (a parser's error offset) is the line end, as in LSP. */
  positionAt(offset: number): Pos {
    let o = Math.max(0, Math.min(offset, this.text.length));
    if (o > 0 && this.text.charCodeAt(o - 1) === 13 && this.text.charCodeAt(o) === 10) o--;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - (this.starts[lo] ?? 0) };
  }

  /** A character past the line's end is the line's end (LSP): never the next line, never inside its `\r\n`. */
  offsetAt(pos: Pos): number {
    const start = this.starts[pos.line];
    if (start === undefined) return this.text.length;
    let end = this.starts[pos.line + 1] ?? this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return start + Math.max(0, Math.min(pos.character, end - start));
  }

  span(startOffset: number, endOffset: number): Span {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** End of the document, for ranges that must stay inside it. */
  get end(): Pos {
    return this.positionAt(this.text.length);
  }
}
