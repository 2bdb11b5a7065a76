/**
 * Where keys and values are in a TOML text. smol-toml gives values without positions, so problems in
 * `[tool.kedro-lens]` are placed by this scanner. It runs only on text smol-toml accepted, so it need not validate:
 * it follows the grammar just far enough to know where each key, value and array item starts and ends.
 */
export interface TomlEntry {
  /** Full key path: the table header's keys, then the dotted key (inline tables add their keys). */
  readonly path: readonly string[];
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
  /** Array values: each item's offsets. */
  readonly items?: readonly { readonly start: number; readonly end: number }[];
}

export interface TomlHeader {
  readonly path: readonly string[];
  readonly start: number;
  readonly end: number;
}

export interface TomlLocations {
  readonly entries: readonly TomlEntry[];
  readonly headers: readonly TomlHeader[];
}

const BARE = /[A-Za-z0-9_-]/;

export function locateToml(text: string): TomlLocations {
  const entries: TomlEntry[] = [];
  const headers: TomlHeader[] = [];
  let i = 0;
  let table: string[] = [];

  const skipSpace = (newlines: boolean): void => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || (newlines && (c === '\n' || c === '\r'))) i++;
      else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
      else return;
    }
  };

  /** A basic or literal string (single- or multi-line) at i; returns its value and moves past it. */
  const readString = (): string => {
    const q = text[i] as string;
    const triple = text.startsWith(q.repeat(3), i);
    const open = triple ? 3 : 1;
    const start = i + open;
    let j = start;
    while (j < text.length) {
      if (q === '"' && text[j] === '\\') j += 2;
      else if (text.startsWith(triple ? q.repeat(3) : q, j)) break;
      else j++;
    }
    // A multi-line string may end with up to two more quotes inside it (`""""a"""` is fine TOML).
    let end = j;
    if (triple) while (text[end + 3] === q) end++;
    const raw = text.slice(start, end);
    i = end + open;
    if (q === "'") return raw;
    try {
      return JSON.parse(`"${raw.replace(/\r?\n/g, '\\n').replace(/\t/g, '\\t')}"`) as string;
    } catch {
      return raw;
    }
  };

  const readKey = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      skipSpace(false);
      const c = text[i];
      if (c === '"' || c === "'") parts.push(readString());
      else {
        const s = i;
        while (i < text.length && BARE.test(text[i] as string)) i++;
        if (i === s) return parts;
        parts.push(text.slice(s, i));
      }
      skipSpace(false);
      if (text[i] !== '.') return parts;
      i++;
    }
  };

  /** A value at i: records inline-table entries under `path`; returns array items when it is an array. */
  const readValue = (path: readonly string[]): { start: number; end: number }[] | undefined => {
    const c = text[i];
    if (c === '"' || c === "'") {
      readString();
      return undefined;
    }
    if (c === '[') {
      i++;
      const items: { start: number; end: number }[] = [];
      for (;;) {
        skipSpace(true);
        if (text[i] === ']' || i >= text.length) break;
        const start = i;
        readValue(path);
        items.push({ start, end: i });
        skipSpace(true);
        if (text[i] === ',') i++;
      }
      i++;
      return items;
    }
    if (c === '{') {
      i++;
      for (;;) {
        skipSpace(true);
        if (text[i] === '}' || i >= text.length) break;
        readKeyValue(path);
        skipSpace(true);
        if (text[i] === ',') i++;
      }
      i++;
      return undefined;
    }
    while (i < text.length && !/[,\]}\s#]/.test(text[i] as string)) i++;
    // Dates and times may hold one space (`1979-05-27 07:32:00`).
    if (text[i] === ' ' && /^\d{4}-\d\d-\d\d$/.test(text.slice(i - 10, i)) && /\d/.test(text[i + 1] ?? '')) {
      i++;
      while (i < text.length && !/[,\]}\s#]/.test(text[i] as string)) i++;
    }
    return undefined;
  };

  function readKeyValue(prefix: readonly string[]): void {
    const keyStart = i;
    const key = readKey();
    const keyEnd = i;
    skipSpace(false);
    if (text[i] !== '=' || !key.length) {
      // Not TOML smol-toml would accept: skip the line rather than loop.
      while (i < text.length && text[i] !== '\n') i++;
      return;
    }
    i++;
    skipSpace(false);
    const path = [...prefix, ...key];
    const valueStart = i;
    const items = readValue(path);
    entries.push({ path, keyStart, keyEnd: trimEnd(keyStart, keyEnd), valueStart, valueEnd: i, ...(items ? { items } : {}) });
  }

  const trimEnd = (s: number, e: number): number => {
    while (e > s && /\s/.test(text[e - 1] as string)) e--;
    return e;
  };

  while (i < text.length) {
    skipSpace(true);
    if (i >= text.length) break;
    if (text[i] === '[') {
      const start = i;
      const array = text[i + 1] === '[';
      i += array ? 2 : 1;
      table = readKey();
      skipSpace(false);
      i += array ? 2 : 1;
      headers.push({ path: table, start, end: i });
      continue;
    }
    readKeyValue(table);
  }
  return { entries, headers };
}
