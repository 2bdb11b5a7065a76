/**
 * Control characters written visibly (`\n`, `\r`, `\t`, `\x1b`, `\u2028`): a name holding a newline must not forge a
 * line in line-based output (CLI text) or break out of a markdown code span (hovers).
 */
export function escapeControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const n = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16)}`;
  });
}
