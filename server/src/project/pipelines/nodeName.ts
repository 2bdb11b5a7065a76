import { createHash } from 'node:crypto'; // hashing only, no I/O

/** Python's repr() of a str, as used in str(list) (quotes chosen the way CPython does). */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

export const pyListRepr = (items: readonly string[]): string => `[${items.map(pyRepr).join(', ')}]`;

/**
 * Kedro 1.x default node name: `<func>__<first 8 hex of sha256("<module>.<func>|<inputs>|<outputs>")>`,
 * inputs/outputs as Python's str() of the lists.
 */
export function defaultNodeName(module: string, func: string, inputs: readonly string[], outputs: readonly string[]): string {
  const key = `${module}.${func}|${pyListRepr(inputs)}|${pyListRepr(outputs)}`;
  return `${func}__${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 8)}`;
}

/**
 * How a release names a node without `name=` (kedro/pipeline/node.py at each tag): `f([a,b]) -> [c]` up to 0.18,
 * `f([a;b]) -> [c]` in 0.19, `f__<hash>` from 1.0; `unknown` when the project's range spans a change (the 1.x form,
 * marked uncertain, so nothing runs by it).
 */
export type NameStyle = 'comma' | 'semicolon' | 'hash' | 'unknown';

/** `f([a,b]) -> [c]`, `f(None) -> None` (0.18, `;` in 0.19), as Node.__str__ writes it. */
export function describedNodeName(func: string, inputs: readonly string[], outputs: readonly string[], sep: ',' | ';'): string {
  const list = (xs: readonly string[]): string => (xs.length ? `[${xs.join(sep)}]` : 'None');
  return `${func}(${list(inputs)}) -> ${list(outputs)}`;
}

/** Node names and tags must match this (Kedro raises at node() time otherwise). */
export const VALID_NODE_NAME = /^[\p{L}\p{N}\p{M}_.-]+$/u;
