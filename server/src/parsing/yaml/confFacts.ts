import { Composer, isAlias, isMap, isScalar, isSeq, Lexer, Pair, Parser, Scalar, YAMLMap, YAMLParseError, type Alias, type Document, type Node as YNode } from 'yaml';
import { thousands } from '../../core/format';
import { LineIndex } from '../../core/lineIndex';
import type { Pos, Span } from '../../core/types';
import { mayHaveDirective, parseDirective, suppressionAt, type Suppression } from '../suppressions';

/** Which config key a file was matched for (Kedro's OmegaConfigLoader patterns). */
export type ConfKind = 'catalog' | 'parameters' | 'credentials' | 'globals' | 'other';

export interface YamlValue {
  readonly value: string;
  readonly span: Span;
}

/** Python type of a YAML value as OmegaConf hands it to a node. */
export type PyValueType = 'int' | 'float' | 'str' | 'bool' | 'None' | 'list' | 'dict';

export interface ArgFact {
  readonly key: string;
  readonly keySpan: Span;
  readonly valueSpan: Span;
  readonly type: PyValueType;
  /** Scalar value as text (never for credentials files). */
  readonly scalar?: string;
}

export interface CatalogEntryFact {
  readonly name: string;
  readonly keySpan: Span;
  /** The whole `key: value` pair. */
  readonly span: Span;
  /** Key contains `{...}`: a dataset factory pattern. */
  readonly isPattern: boolean;
  /** Key starts with `_`: a template/anchor that Kedro drops from the catalog. */
  readonly isTemplate: boolean;
  readonly isMapping: boolean;
  readonly type?: YamlValue;
  readonly filepath?: YamlValue;
  readonly layer?: string;
  /** Every `credentials: <name>` string at any depth: references into credentials.yml, never secrets. */
  readonly credentials: readonly YamlValue[];
  readonly versioned: boolean;
  /** Top-level arguments of the entry after YAML merge keys (`<<: *template`) are applied. */
  readonly args: ReadonlyMap<string, ArgFact>;
  /** Flattened scalar leaves (`type`, `load_args.sep`), for `${_template.type}` interpolation. */
  readonly scalars: ReadonlyMap<string, string>;
  /** Where each of `scalars` is written (merged-in leaves: at their template), for showing a resolved `${...}`'s origin. */
  readonly scalarSpans: ReadonlyMap<string, Span>;
  /** The value of a scalar entry (`_raw_dir: data/01_raw`), a variable for `${_raw_dir}`. */
  readonly scalar?: YamlValue;
}

export interface ParamFact {
  /** Dotted path (`model_options.test_size`). */
  readonly path: string;
  readonly keySpan: Span;
  readonly type: PyValueType;
  /** Short display of the value (scalars only). */
  readonly preview?: string;
  /** Direct children keys of a mapping. */
  readonly keys?: readonly string[];
  /** The Python types of `keys` (`46014:` is an int key), when some is not str. */
  readonly keyTypes?: readonly PyValueType[];
  /** Element types of a list. */
  readonly itemTypes?: readonly PyValueType[];
  /** A list's items as scalar texts (as `preview` writes a scalar, untruncated), when every item is a scalar. */
  readonly itemTexts?: readonly string[];
  /**
   * A plain YAML 1.1 timestamp (`2020-01-01`, `2020-01-01 10:00:00`): `type` is str, as OmegaConfigLoader reads it, but
   * PyYAML's safe loader (ConfigLoader, TemplatedConfigLoader) makes it a datetime.date or datetime.datetime.
   */
  readonly timestamp?: 'date' | 'datetime';
}

export interface Interpolation {
  /** The text inside `${...}`. */
  readonly expr: string;
  readonly span: Span;
}

export interface YamlProblem {
  readonly message: string;
  readonly span: Span;
  readonly severity: 'error' | 'warning';
}

/** A key repeated in one mapping: PyYAML keeps the last value, OmegaConf's loader raises (for str keys). */
export interface DuplicateKeyFact {
  /** Dotted path of the repeated key (`a.b`). */
  readonly path: string;
  readonly span: Span;
  /** The earlier occurrence. */
  readonly first: Span;
  /** The key is a str for PyYAML: only those make OmegaConf's loader raise ("found duplicate key"). */
  readonly strKey: boolean;
}

export interface ConfFileFacts {
  readonly uri: string;
  readonly kind: ConfKind;
  readonly problems: readonly YamlProblem[];
  readonly duplicateKeys: readonly DuplicateKeyFact[];
  /** Top-level keys with spans (all kinds; credentials keep only keys, never values). */
  readonly topKeys: readonly YamlValue[];
  readonly catalog: readonly CatalogEntryFact[];
  readonly params: readonly ParamFact[];
  /** Every `${...}` in a string value (not collected for credentials, whose values are secret). */
  readonly interpolations: readonly Interpolation[];
  /** End of the text and whether it ends with a newline, for edits that append. */
  readonly end: Pos;
  readonly endsWithNewline: boolean;
  /** Why the file's content was not read (its aliases expand past MAX_ALIAS_NODES): it defines unknown keys. */
  readonly unread?: string;
  /** `# kedro-lens: ignore[...]` comments (absent: none), applied after the rules run (analysis/suppressions.ts). */
  readonly suppressions?: readonly Suppression[];
  /**
   * Credentials files only: top-level keys written as comments (`#openai:`, as starters ship a template to fill in),
   * so a missing credential can say where its template is. Keys, never values. Absent: none.
   */
  readonly commentedKeys?: readonly YamlValue[];
}

/**
 * Nodes that aliases may add when a document is expanded. PyYAML shares aliased nodes, but OmegaConf and every walk
 * here copy them: 7 levels of 10 aliases each are 10^7 nodes (114 s and 4.4 GB before this bound).
 */
export const MAX_ALIAS_NODES = 100_000;

const MAX_MERGE_DEPTH = 10;

// PyYAML's implicit resolvers (yaml/resolver.py, YAML 1.1), with OmegaConf's loader changes (omegaconf/_utils.py
// get_yaml_loader): its extra float form (`1e3`, `1.5E-3`) and no timestamps (dates stay str).
const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PY_NULL = /^(?:~|null|Null|NULL|)$/;
const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT =
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const OC_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|\.[0-9_]+(?:[eE][-+][0-9]+)?)$/;
// PyYAML's timestamp resolver, the one OmegaConf's loader removes: a date alone is a datetime.date, with a time a datetime.
const PY_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const PY_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$/;

/** What PyYAML's safe loader makes of a plain, untagged scalar that OmegaConf's loader keeps as a str. */
function pyTimestamp(n: unknown): 'date' | 'datetime' | undefined {
  if (!isScalar(n) || n.type !== 'PLAIN' || (n.tag && n.tag !== '?' && n.tag !== '!') || typeof n.source !== 'string') return undefined;
  return PY_DATE.test(n.source) ? 'date' : PY_TIMESTAMP.test(n.source) ? 'datetime' : undefined;
}

/** Python int of a PyYAML int literal, as decimal text (`0x1F`, `017` octal, `1_000`, `1:30` base 60). */
function pyIntText(src: string): string {
  const t = src.replace(/_/g, '');
  const neg = t.startsWith('-');
  const u = t.replace(/^[-+]/, '');
  let v: bigint;
  if (u.startsWith('0b')) v = BigInt(u);
  else if (u.startsWith('0x')) v = BigInt(u);
  else if (u.includes(':')) v = u.split(':').reduce((acc, d) => acc * 60n + BigInt(d), 0n);
  else if (u.length > 1 && u.startsWith('0')) v = BigInt(`0o${u.slice(1)}`);
  else v = BigInt(u);
  return (neg ? -v : v).toString();
}

function pyFloatText(src: string): string {
  const t = src.replace(/_/g, '').toLowerCase();
  if (t.endsWith('.inf')) return t.startsWith('-') ? '-Infinity' : 'Infinity';
  if (t === '.nan') return 'NaN';
  if (t.includes(':')) {
    const neg = t.startsWith('-');
    const v = t.replace(/^[-+]/, '').split(':').reduce((acc, d) => acc * 60 + Number(d), 0);
    return String(neg ? -v : v);
  }
  return String(Number(t));
}

/**
 * The Python type and value text a scalar has after PyYAML (through OmegaConf's loader) reads it: the `yaml` package
 * resolves plain scalars by YAML 1.2 rules (`yes` a str, `0o17` an int, `017` decimal), PyYAML by YAML 1.1 ones.
 * Booleans are `true`/`false` and ints decimal, whatever their spelling.
 */
function pyScalar(n: unknown): { readonly type: PyValueType; readonly text?: string } | undefined {
  if (!isScalar(n)) return undefined;
  const explicit = n.tag && n.tag !== '?' && n.tag !== '!';
  const core = explicit && /^tag:yaml\.org,2002:(str|int|float|bool|null)$/.exec(n.tag ?? '')?.[1];
  if (core === 'str') return { type: 'str', text: String(n.source ?? n.value) };
  if (core && typeof n.source === 'string') {
    // `!!float 1`: the tag decides the type; PyYAML converts the text with that tag's rules.
    const src = n.source;
    if (core === 'int' && PY_INT.test(src)) return { type: 'int', text: pyIntText(src) };
    if (core === 'float' && (PY_FLOAT.test(src) || OC_FLOAT.test(src) || PY_INT.test(src))) return { type: 'float', text: pyFloatText(src) };
    if (core === 'bool' && PY_BOOL.test(src)) return { type: 'bool', text: PY_TRUE.test(src) ? 'true' : 'false' };
    if (core === 'null') return { type: 'None' };
  }
  if (n.type === 'PLAIN' && !explicit && typeof n.source === 'string') {
    const src = n.source;
    if (PY_BOOL.test(src)) return { type: 'bool', text: PY_TRUE.test(src) ? 'true' : 'false' };
    if (PY_FLOAT.test(src)) return { type: 'float', text: pyFloatText(src) };
    if (PY_INT.test(src)) return { type: 'int', text: pyIntText(src) };
    if (PY_NULL.test(src)) return { type: 'None' };
    if (OC_FLOAT.test(src)) return { type: 'float', text: pyFloatText(src) };
    return { type: 'str', text: src };
  }
  const v = n.value;
  if (v === null || v === undefined) return { type: 'None' };
  if (typeof v === 'boolean') return { type: 'bool', text: String(v) };
  if (typeof v === 'number' || typeof v === 'bigint') {
    const src = (n.source ?? String(v)).toLowerCase();
    return { type: Number.isInteger(v) && !/[.e]|inf|nan/.test(src) ? 'int' : 'float', text: String(v) };
  }
  return typeof v === 'string' ? { type: 'str', text: v } : undefined;
}

const scalarString = (n: unknown): string | undefined => pyScalar(n)?.text;

const isMergeKey = (k: unknown): boolean => isScalar(k) && (typeof k.value === 'symbol' || (k.value === '<<' && k.type === 'PLAIN'));

/** What the facts are read from: a parsed document, or the nodes of a plain block (plainBlock). */
export type YamlDoc = Pick<Document, 'contents' | 'errors'>;

type RangeSpan = (n: { range?: [number, number, number] | null } | null | undefined) => Span;

interface Pairish {
  readonly key: string;
  readonly keyNode: YNode;
  readonly value: unknown;
}

/**
 * The effective pairs of a mapping, with YAML merge keys applied (own keys win, then merged maps in order).
 * Aliases are resolved a bounded number of times, so alias bombs stay cheap.
 */
function effectivePairs(map: YAMLMap, doc: YamlDoc, depth = 0): Pairish[] {
  // A repeated key keeps its first place and takes its last definition, as in the dict PyYAML builds.
  const own = new Map<string, Pairish>();
  const merged: Pairish[] = [];
  for (const pair of map.items) {
    if (isMergeKey(pair.key)) {
      if (depth >= MAX_MERGE_DEPTH) continue;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const src of sources) {
        const target = deref(src, doc);
        if (isMap(target)) merged.push(...effectivePairs(target, doc, depth + 1));
      }
      continue;
    }
    const key = scalarString(pair.key);
    if (key !== undefined) own.set(key, { key, keyNode: pair.key as YNode, value: pair.value });
  }
  const seen = new Set(own.keys());
  return [...own.values(), ...merged.filter((p) => !seen.has(p.key) && (seen.add(p.key), true))];
}

/** Per document: each alias's anchored node (`Alias.resolve` walks the whole document on every call). */
const aliasTables = new WeakMap<YamlDoc, Map<Alias, YNode | undefined>>();

function deref(v: unknown, doc: YamlDoc): unknown {
  if (!isAlias(v)) return v;
  let table = aliasTables.get(doc);
  if (!table) aliasTables.set(doc, (table = aliasTable(doc)));
  return table.get(v);
}

/** Children of a node in document order (keys before values). */
function childrenOf(n: unknown): unknown[] {
  if (isMap(n)) return n.items.flatMap((p) => [p.key, p.value]);
  if (isSeq(n)) return n.items;
  return [];
}

/** The last anchor of each alias's name before it, as `Alias.resolve` finds it, in one iterative walk. */
function aliasTable(doc: YamlDoc): Map<Alias, YNode | undefined> {
  const anchors = new Map<string, YNode>();
  const out = new Map<Alias, YNode | undefined>();
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const n = stack.pop();
    if (isAlias(n)) {
      out.set(n, anchors.get(n.source));
      continue;
    }
    if (!n || typeof n !== 'object') continue;
    const anchor = (n as YNode).anchor;
    if (anchor) anchors.set(anchor, n as YNode);
    stack.push(...[...childrenOf(n)].reverse());
  }
  return out;
}

/**
 * Nodes the document has once every alias is expanded, minus its own: memoised per node, so linear in the document.
 * An alias inside its own anchor (a structure that contains itself) counts as unbounded; a merge of its own mapping
 * adds nothing, as in PyYAML.
 */
function aliasExpansion(doc: YamlDoc): number {
  const size = new Map<unknown, number>();
  const open = new Set<unknown>();
  let own = 0;
  // Iterative post-order: deeply nested documents must not overflow the stack.
  const stack: { n: unknown; done: boolean; merged?: boolean }[] = [{ n: doc.contents, done: false }];
  while (stack.length) {
    const top = stack.pop() as { n: unknown; done: boolean; merged?: boolean };
    const n = isAlias(top.n) ? deref(top.n, doc) : top.n;
    if (!n || typeof n !== 'object') continue;
    if (top.merged && open.has(n)) continue;
    if (top.done) {
      let total = 1;
      for (const c of childrenOf(n)) total += c && typeof c === 'object' ? (size.get(isAlias(c) ? deref(c, doc) : c) ?? 0) : 0;
      size.set(n, Math.min(total, Number.MAX_SAFE_INTEGER));
      open.delete(n);
      continue;
    }
    if (size.has(n)) continue;
    if (open.has(n)) return Infinity;
    if (!isAlias(top.n)) own++;
    open.add(n);
    stack.push({ n, done: true });
    if (isMap(n)) {
      for (const p of n.items) {
        stack.push({ n: p.key, done: false });
        const merged = isMergeKey(p.key);
        for (const v of merged && isSeq(p.value) ? [p.value, ...p.value.items] : [p.value]) stack.push({ n: v, done: false, merged });
      }
    } else for (const c of childrenOf(n)) stack.push({ n: c, done: false });
  }
  return (size.get(doc.contents) ?? 0) - own;
}

function pyType(v: unknown): PyValueType {
  if (isMap(v)) return 'dict';
  if (isSeq(v)) return 'list';
  return pyScalar(v)?.type ?? (isScalar(v) && v.value !== null && v.value !== undefined ? 'str' : 'None');
}

type Parts = Pick<ConfFileFacts, 'problems' | 'duplicateKeys' | 'topKeys' | 'catalog' | 'params' | 'interpolations' | 'unread'>;

/** The blocks of the last version of each facts object's file, by first line and text (see extractConfFacts). */
const fileBlocks = new WeakMap<ConfFileFacts, { readonly kind: ConfKind; readonly blocks: ReadonlyMap<string, Parts> }>();

/**
 * Parses a conf YAML (or JSON) file; syntax errors become problems, never exceptions. With `previous` (the facts of
 * the file's last version), a file made of independent top-level entries is parsed one entry at a time and unchanged
 * entries on unchanged lines keep their facts: the YAML parser needs ~15 ms for a 50 KB catalog, on every keystroke.
 */
export function extractConfFacts(uri: string, text: string, kind: ConfKind, options: { readonly previous?: ConfFileFacts; readonly whole?: boolean } = {}): ConfFileFacts {
  const { previous } = options;
  const lines = new LineIndex(text);
  const split = options.whole ? undefined : topLevelBlocks(text);
  const last = previous && fileBlocks.get(previous);
  const reusable = last?.kind === kind ? last.blocks : undefined;
  // JSON files: the 0.18 ConfigLoader reads them with Python's json (tabs fine), OmegaConfigLoader with PyYAML (tabs
  // refused); not an error every loader agrees on.
  const tabsOk = /\.json$/i.test(uri);
  const blocks = new Map<string, Parts>();
  let parts: Parts | undefined;
  if (split) {
    const all: Parts[] = [];
    for (const b of split) {
      const key = `${b.line}\u0000${b.text}`;
      const got = reusable?.get(key) ?? blocks.get(key) ?? extractParts(b.text, kind, b.line, tabsOk, true);
      blocks.set(key, got);
      all.push(got);
    }
    const joined: Parts = {
      problems: all.flatMap((p) => p.problems),
      duplicateKeys: all.flatMap((p) => p.duplicateKeys),
      topKeys: all.flatMap((p) => p.topKeys),
      catalog: all.flatMap((p) => p.catalog),
      params: all.flatMap((p) => p.params),
      interpolations: all.flatMap((p) => p.interpolations),
    };
    // Only a clean split is the same as parsing the whole: errors and duplicate keys are reported by the whole parse.
    if (joined.problems.length === 0 && new Set(joined.topKeys.map((k) => k.value)).size === joined.topKeys.length && all.every((p) => p.topKeys.length === 1)) parts = joined;
  }
  // A clean split tokenizes as the whole does: only the blocks holding a directive are read (a whole CST parse made an
  // edit of a 60 KB catalog with one directive 13 times slower).
  const clean = split && parts ? split : undefined;
  parts ??= extractParts(text, kind, 0, tabsOk);
  const suppressions = mayHaveDirective(text) ? yamlSuppressions(text, lines, clean) : [];
  const commentedKeys = kind === 'credentials' ? commentedTopKeys(text, lines, parts.topKeys) : [];
  const facts: ConfFileFacts = {
    uri,
    kind,
    ...parts,
    end: lines.end,
    endsWithNewline: /\n$/.test(text),
    ...(suppressions.length ? { suppressions } : {}),
    ...(commentedKeys.length ? { commentedKeys } : {}),
  };
  if (split) fileBlocks.set(facts, { kind, blocks });
  return facts;
}

/**
 * `#openai:` or `# openai:` at the start of a line (at most one space after the hashes: `#  api_key:` is a nested key
 * of the template), for keys the file does not define.
 */
function commentedTopKeys(text: string, lines: LineIndex, defined: readonly YamlValue[]): YamlValue[] {
  if (!text.includes('#')) return [];
  const have = new Set(defined.map((k) => k.value));
  const found: YamlValue[] = [];
  for (const m of text.matchAll(/^(#+ ?)([A-Za-z_][\w.-]*)[ \t]*:(?=[ \t]|\r?$)/gm)) {
    const key = m[2] as string;
    if (have.has(key) || found.some((k) => k.value === key)) continue;
    const start = (m.index ?? 0) + (m[1] as string).length;
    found.push({ value: key, span: { start: lines.positionAt(start), end: lines.positionAt(start + key.length) } });
  }
  return found;
}

/**
 * `# kedro-lens: ignore[...]` comments, found as comment tokens of the `yaml` CST (a `#` inside a quoted string is
 * not one). A comment after content covers its line and the lines indented under it (`orders:  # ...` covers the
 * entry); a comment on a line of its own covers the next content line the same way (the entry below it).
 */
function yamlSuppressions(text: string, lines: LineIndex, blocks: readonly { readonly line: number; readonly text: string }[] | undefined): Suppression[] {
  const comments: { offset: number; source: string }[] = [];
  let base = 0;
  const walk = (v: unknown, depth: number): void => {
    if (depth > 200 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const t = v as { type?: unknown; offset?: unknown; source?: unknown };
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') comments.push({ offset: base + t.offset, source: t.source });
    else for (const x of Object.values(v)) walk(x, depth + 1);
  };
  for (const b of blocks ?? [{ line: 0, text }]) {
    if (!mayHaveDirective(b.text)) continue;
    base = lines.offsetAt({ line: b.line, character: 0 });
    for (const token of new Parser().parse(b.text)) walk(token, 0);
  }
  const rows = text.split(/\r?\n/);
  const indent = (l: number): number => /^[ \t]*/.exec(rows[l] ?? '')?.[0].length ?? 0;
  const content = (l: number): boolean => /^[ \t]*[^ \t#]/.test(rows[l] ?? '');
  const blockEnd = (l: number): number => {
    let end = l;
    for (let k = l + 1; k < rows.length; k++) {
      if (!content(k)) continue;
      if (indent(k) <= indent(l)) break;
      end = k;
    }
    return end;
  };
  const out: Suppression[] = [];
  for (const c of comments.sort((a, b) => a.offset - b.offset)) {
    const d = parseDirective(c.source);
    if (!d) continue;
    const span = lines.span(c.offset + d.start, c.offset + d.end);
    const row = span.start.line;
    const ownLine = !content(row) || /^[ \t]*#/.test(rows[row] ?? '');
    let from = row;
    if (ownLine) while (from + 1 < rows.length && !content(++from));
    const target = ownLine && !content(from) ? row : from;
    out.push(suppressionAt(d, span, target, content(target) ? blockEnd(target) : target));
  }
  return out;
}

/**
 * The file cut before every line that starts at column 0 with a key, when each piece parses on its own exactly as in
 * the whole (no anchors, aliases, tags, directives, documents or flow collections at the top); otherwise undefined.
 */
function topLevelBlocks(text: string): { readonly line: number; readonly text: string }[] | undefined {
  // A lone CR breaks a line for positions but not for this cut: such files are parsed whole.
  if (/[&*!]|\r(?!\n)/.test(text) || /^(?:---|\.\.\.|%)/m.test(text)) return undefined;
  const starts: { readonly line: number; readonly offset: number }[] = [];
  for (let i = 0, line = 0; i < text.length; line++) {
    const c = text[i] as string;
    if (c !== ' ' && c !== '\t' && c !== '#' && c !== '\n' && c !== '\r') {
      if ('-?{[:'.includes(c)) return undefined;
      starts.push({ line, offset: i });
    }
    const nl = text.indexOf('\n', i);
    i = nl < 0 ? text.length : nl + 1;
  }
  if (starts.length < 2) return undefined;
  // The first block also holds the comments and blank lines above its key.
  return starts.map((s, k) => ({ line: k === 0 ? 0 : s.line, text: text.slice(k === 0 ? 0 : s.offset, starts[k + 1]?.offset ?? text.length) }));
}

function extractParts(text: string, kind: ConfKind, lineOffset: number, tabsOk: boolean, plain = false): Parts {
  const lines = new LineIndex(text);
  const at = (a: number, b: number): Span => {
    const s = lines.span(a, b);
    return lineOffset ? { start: { line: s.start.line + lineOffset, character: s.start.character }, end: { line: s.end.line + lineOffset, character: s.end.character } } : s;
  };
  const rangeSpan: RangeSpan = (n) => (n?.range ? at(n.range[0], n.range[1]) : at(0, 0));
  const doc: YamlDoc = (plain ? plainBlock(text) : undefined) ?? parseLikePyYaml(text, tabsOk);
  const problems: YamlProblem[] = collapseErrors(doc.errors, text).map((e) => ({
    message: firstLine(e.message),
    span: at(e.pos[0], Math.max(e.pos[1], e.pos[0])),
    severity: 'error' as const,
  }));
  // Without a `*` there is no alias: most files skip the walk.
  const expansion = text.includes('*') ? aliasExpansion(doc) : 0;
  if (expansion > MAX_ALIAS_NODES) {
    const why = expansion === Infinity ? 'a structure that contains itself (an alias inside its own anchor)' : `too large once its aliases are expanded (over ${thousands(MAX_ALIAS_NODES)} nodes)`;
    return { problems, duplicateKeys: [], topKeys: [], catalog: [], params: [], interpolations: [], unread: why };
  }
  const duplicateKeys: DuplicateKeyFact[] = [];
  const topKeys: YamlValue[] = [];
  const catalog: CatalogEntryFact[] = [];
  const params: ParamFact[] = [];
  const interpolations: Interpolation[] = [];
  const root = doc.contents;
  if (root !== null && root !== undefined && !isMap(root) && !(isScalar(root) && root.value === null)) {
    problems.push({ message: 'Expected a mapping at the top level of this config file.', span: rangeSpan(root as YNode), severity: 'error' });
  }
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = scalarString(pair.key);
      if (key === undefined) continue;
      const keySpan = rangeSpan(pair.key as YNode);
      topKeys.push({ value: key, span: keySpan });
      // PyYAML keeps the last of repeated keys.
      if (kind === 'catalog' && lastKeyAt(root, key) === pair) catalog.push(catalogEntry(key, keySpan, pair.value, doc, rangeSpan));
    }
    collectDuplicates(root, '', duplicateKeys, rangeSpan, 0);
    if (kind === 'parameters' || kind === 'globals') flattenParams(root, '', params, doc, rangeSpan, 0);
    if (kind !== 'credentials') collectInterpolations(root, interpolations, rangeSpan, text, 0);
  }
  return { problems, duplicateKeys, topKeys, catalog, params, interpolations };
}

// A line of a plain block: `key:` (a mapping follows) or `key: value`, both plain, without spaces, quotes or comments.
const PLAIN_LINE = /^( *)(\w[\w.-]*):(?: ([\w./$~+-][\w./$~+=:{}-]*))?$/;
// Python/YAML 1.2 non-strings among values that start with a letter (a `credentials:` string is read by its value).
const CORE_WORD = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/**
 * The nodes the `yaml` package composes for one top-level entry written in the plain subset most catalog and
 * parameters entries use — `key:` lines opening block mappings and `key: value` lines, values without spaces, quotes,
 * flow collections or comments — with the same ranges, built without its lexer, parser and composer (a 5,000-node
 * project's 46 KB catalog took 120-200 ms through them on a cold start). Anything else: undefined, and the entry is
 * parsed. The fuzz suite compares entries parsed this way with the whole file's parse.
 */
export function plainBlock(text: string): YamlDoc | undefined {
  if (!/^[\w .:/$~+={}\n-]*$/.test(text)) return undefined;
  const rows = text.split('\n');
  const open: { readonly indent: number; readonly map: YAMLMap; readonly start: number }[] = [];
  let pending: { readonly pair: Pair<Scalar, unknown>; readonly indent: number } | undefined;
  let root: YAMLMap | undefined;
  let end = 0;
  const close = (): void => {
    const top = open.pop() as (typeof open)[number];
    top.map.range = [top.start, end, end];
  };
  for (let r = 0, offset = 0; r < rows.length; offset += (rows[r] as string).length + 1, r++) {
    const row = rows[r] as string;
    if (row === '') {
      // A blank line between entries; none right after `key:` (its mapping must follow), nor before the first key.
      if (pending || !root) return undefined;
      continue;
    }
    const m = row.length <= 1000 ? PLAIN_LINE.exec(row) : null;
    if (!m) return undefined;
    const indent = (m[1] as string).length;
    const key = m[2] as string;
    const value = m[3];
    if (value !== undefined && (value === '-' || value.endsWith(':'))) return undefined;
    if (key === 'credentials' && value !== undefined && (!/^[A-Za-z_]/.test(value) || CORE_WORD.test(value))) return undefined;
    const start = offset + indent;
    if (!root) {
      if (indent !== 0) return undefined;
      root = new YAMLMap();
      open.push({ indent, map: root, start });
    } else if (pending) {
      if (indent <= pending.indent) return undefined;
      const map = new YAMLMap();
      pending.pair.value = map;
      open.push({ indent, map, start });
      pending = undefined;
    } else {
      while (open.length > 1 && (open[open.length - 1] as (typeof open)[number]).indent > indent) close();
      // Top level is a single entry (the file was cut before each); a sibling must be at its mapping's indent.
      if (indent === 0 || (open[open.length - 1] as (typeof open)[number]).indent !== indent) return undefined;
    }
    const k = new Scalar(key);
    k.source = key;
    k.type = 'PLAIN';
    k.range = [start, start + key.length, start + key.length];
    const pair = new Pair<Scalar, unknown>(k, null);
    (open[open.length - 1] as (typeof open)[number]).map.items.push(pair);
    if (value === undefined) {
      pending = { pair, indent };
      continue;
    }
    const v = new Scalar(value);
    v.source = value;
    v.type = 'PLAIN';
    const at = start + key.length + 2;
    end = at + value.length + (r < rows.length - 1 ? 1 : 0);
    v.range = [at, at + value.length, end];
    pair.value = v;
  }
  if (pending || !root) return undefined;
  while (open.length) close();
  return { contents: root as Document['contents'], errors: [] };
}

function firstLine(msg: string): string {
  return (msg.split('\n')[0] ?? msg).trim();
}

type LexerInternals = {
  buffer: string;
  indentNext: number;
  continueScalar(offset: number): number;
  parseQuotedScalar(): Generator<string, string>;
  parseFlowCollection(): Generator<string, string>;
};

/**
 * `parseDocument` with PyYAML's leniency where the `yaml` package follows the spec's indentation rules (no option
 * turns those off): PyYAML accepts continuation lines of a quoted scalar and of a flow collection at any indentation,
 * stopping only at a `---`/`...` line. Lexer methods are replaced on this one instance.
 */
function parseLikePyYaml(text: string, tabsOk = false): Document {
  const lexer = new Lexer();
  const lx = lexer as unknown as LexerInternals;
  const continueScalar = lx.continueScalar.bind(lx);
  const quoted = lx.parseQuotedScalar.bind(lx);
  const flow = lx.parseFlowCollection.bind(lx);
  let inQuoted = false;
  lx.continueScalar = (offset) => {
    if (!inQuoted) return continueScalar(offset);
    const marker = lx.buffer.substr(offset, 3);
    return (marker === '---' || marker === '...') && /^[ \t\r\n]?$/.test(lx.buffer[offset + 3] ?? '') ? -1 : offset;
  };
  lx.parseQuotedScalar = function* () {
    inQuoted = true;
    try {
      return yield* quoted();
    } finally {
      inQuoted = false;
    }
  };
  lx.parseFlowCollection = function* () {
    const saved = lx.indentNext;
    lx.indentNext = 0;
    try {
      return yield* flow();
    } finally {
      if (lx.indentNext === 0) lx.indentNext = saved;
    }
  };
  const parser = new Parser();
  // Duplicate keys are facts (KL902 judges them by config loader), not syntax errors.
  const composer = new Composer({ merge: true, uniqueKeys: false, prettyErrors: false, strict: false });
  let tabAt: number | undefined;
  function* tokens() {
    let offset = 0;
    let afterScalarMark = false;
    let afterBlockHeader = false;
    for (const lexeme of lexer.lex(text)) {
      if (tabAt === undefined && lexeme.includes('\t')) {
        // PyYAML skips only spaces between tokens (scanner.scan_to_next_token) and ends a plain scalar at a tab.
        const plain = afterScalarMark && !afterBlockHeader && !/^['"]/.test(lexeme);
        if ((!afterScalarMark && /^[ \t]+$/.test(lexeme)) || plain) tabAt = offset + lexeme.indexOf('\t');
      }
      // The parser's offsets: the lexer's marks for document, flow-error end and scalar are not source text.
      if (lexeme !== '\x02' && lexeme !== '\x18' && lexeme !== '\x1f') offset += lexeme.length;
      afterScalarMark = lexeme === '\x1f';
      if (/^[|>]/.test(lexeme)) afterBlockHeader = true;
      else if (!afterScalarMark && !/^(?:[ \t]*|\r?\n|#.*)$/.test(lexeme)) afterBlockHeader = false;
      yield* parser.next(lexeme);
    }
    yield* parser.end();
  }
  let doc: Document | undefined;
  for (const d of composer.compose(tokens(), true, text.length)) {
    if (!doc) doc = d as Document;
    else {
      // As parseDocument; PyYAML: "expected a single document in the stream".
      doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  const parsed = doc as Document;
  if (parsed.errors.length === 0) parsed.errors.push(...pyYamlRejects(parsed, text, tabsOk ? undefined : tabAt));
  return parsed;
}

const SAFE_TAGS = /^tag:yaml\.org,2002:(?:null|bool|int|float|binary|timestamp|omap|pairs|set|str|seq|map)$/;

// PyYAML's reader refuses these anywhere in the stream (reader.py NON_PRINTABLE).
// eslint-disable-next-line no-control-regex -- the control characters are what is matched
const NON_PRINTABLE = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * What the `yaml` package accepts and PyYAML (so Kedro) refuses: tabs between tokens, non-printable characters,
 * a repeated anchor, an alias before its anchor, a merge of something else than mappings, tags SafeLoader has no
 * constructor for. Messages are PyYAML's. Only checked on a document without other errors; PyYAML stops at the first.
 */
function pyYamlRejects(doc: Document, text: string, tabAt: number | undefined): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  const np = NON_PRINTABLE.exec(text);
  if (np) {
    const cp = np[0].codePointAt(0) ?? 0;
    out.push(new YAMLParseError([np.index, np.index + 1], 'BAD_SCALAR_START', `unacceptable character #x${cp.toString(16).padStart(4, '0')}: special characters are not allowed`));
  }
  if (tabAt !== undefined) out.push(new YAMLParseError([tabAt, tabAt + 1], 'TAB_AS_INDENT', "found character '\\t' that cannot start any token"));
  for (const w of doc.warnings) {
    const tag = w.code === 'TAG_RESOLVE_FAILED' ? /Unresolved tag: (\S+)/.exec(w.message)?.[1] : undefined;
    // SafeLoader constructs every standard tag (`!!float 1` too, which the `yaml` package cannot resolve).
    if (tag && !SAFE_TAGS.test(tag)) out.push(new YAMLParseError(w.pos, 'TAG_RESOLVE_FAILED', `could not determine a constructor for the tag '${tag}'`));
  }
  const anchors = new Set<string>();
  let budget = 100000;
  const walk = (n: unknown): void => {
    if (--budget < 0 || !n || typeof n !== 'object') return;
    if (isAlias(n)) {
      if (!anchors.has(n.source) && n.range) out.push(new YAMLParseError([n.range[0], n.range[1]], 'BAD_ALIAS', `found undefined alias '${n.source}'`));
      return;
    }
    const node = n as YNode;
    if (node.anchor) {
      if (anchors.has(node.anchor) && node.range) out.push(new YAMLParseError([node.range[0], node.range[1]], 'BAD_ALIAS', `found duplicate anchor '${node.anchor}'`));
      anchors.add(node.anchor);
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        walk(pair.key);
        if (isMergeKey(pair.key)) {
          const v = deref(pair.value, doc);
          const ok = isMap(v) || (isSeq(v) && v.items.every((i) => isMap(deref(i, doc))));
          if (!ok && isScalar(pair.key) && pair.key.range) out.push(new YAMLParseError([pair.key.range[0], pair.key.range[1]], 'BAD_ALIAS', 'expected a mapping or list of mappings for merging'));
        }
        walk(pair.value);
      }
    } else if (isSeq(node)) for (const i of node.items) walk(i);
  };
  walk(doc.contents);
  return out;
}

/**
 * One error per broken stretch of top-level entries: after an error the parser's recovery reports follow-ups (a broken
 * quote gives 4-5, each later `{` of a Jinja block one more), and PyYAML, like Kedro, stops at the first. An error
 * is kept when an entry without errors separates it from the previous one.
 */
function collapseErrors(errors: readonly YAMLParseError[], text: string): YAMLParseError[] {
  // Offsets of the lines that start at column 0 with content: the top-level entries.
  const starts: number[] = [];
  for (let i = 0; i < text.length; ) {
    if (!/[ \t#\r\n]/.test(text[i] as string)) starts.push(i);
    const nl = text.indexOf('\n', i);
    i = nl < 0 ? text.length : nl + 1;
  }
  const entryOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  };
  let previous: number | undefined;
  return [...errors]
    .sort((a, b) => a.pos[0] - b.pos[0])
    .filter((e) => {
      const entry = entryOf(e.pos[0]);
      const keep = previous === undefined || entry > previous + 1;
      previous = Math.max(previous ?? entry, entry);
      return keep;
    });
}

function lastKeyAt(map: YAMLMap, key: string): unknown {
  return map.items.findLast((p) => !isMergeKey(p.key) && scalarString(p.key) === key);
}

/** Keys repeated inside one mapping, at any depth (merge keys `<<` excepted: they may repeat). */
function collectDuplicates(node: unknown, prefix: string, out: DuplicateKeyFact[], rangeSpan: RangeSpan, depth: number): void {
  if (depth > 30 || out.length > 1000) return;
  if (isSeq(node)) {
    node.items.forEach((item, i) => collectDuplicates(item, `${prefix}[${i}]`, out, rangeSpan, depth + 1));
    return;
  }
  if (!isMap(node)) return;
  const first = new Map<string, YNode>();
  for (const pair of node.items) {
    const key = isMergeKey(pair.key) ? undefined : scalarString(pair.key);
    if (key === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const prev = first.get(key);
    if (prev) out.push({ path, span: rangeSpan(pair.key as YNode), first: rangeSpan(prev), strKey: pyScalar(pair.key)?.type === 'str' });
    else first.set(key, pair.key as YNode);
    collectDuplicates(pair.value, path, out, rangeSpan, depth + 1);
  }
}

/** A fact under construction: its fields set one by one, still checked against the fact's type. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

function catalogEntry(name: string, keySpan: Span, rawValue: unknown, doc: YamlDoc, rangeSpan: RangeSpan): CatalogEntryFact {
  const value = deref(rawValue, doc);
  const pairSpan: Span = { start: keySpan.start, end: rangeSpan((value ?? null) as YNode | null).end };
  const span = isMap(value) || isSeq(value) || isScalar(value) ? pairSpan : { start: keySpan.start, end: keySpan.end };
  const isPattern = /\{[^{}]*\}/.test(name);
  const isTemplate = name.startsWith('_');
  // Built as one literal plus the optional fields that apply, not spreads of them (a cold start builds hundreds of
  // these; the spreads were a third of the catalog's time): optional fields are absent rather than undefined.
  if (!isMap(value)) {
    const text = scalarString(value);
    const entry: Writable<CatalogEntryFact> = { name, keySpan, span, isPattern, isTemplate, isMapping: false, versioned: false, credentials: [], args: new Map(), scalars: new Map(), scalarSpans: new Map() };
    if (text !== undefined) entry.scalar = { value: text, span: rangeSpan(value as YNode) };
    return entry;
  }
  const args = new Map<string, ArgFact>();
  for (const p of effectivePairs(value, doc)) {
    const v = deref(p.value, doc);
    const scalar = scalarString(v);
    const arg: Writable<ArgFact> = { key: p.key, keySpan: rangeSpan(p.keyNode), valueSpan: rangeSpan((v ?? p.keyNode) as YNode), type: pyType(v) };
    if (scalar !== undefined) arg.scalar = scalar;
    args.set(p.key, arg);
  }
  const field = (k: string): YamlValue | undefined => {
    const a = args.get(k);
    return a?.scalar !== undefined ? { value: a.scalar, span: a.valueSpan } : undefined;
  };
  const scalars = new Map<string, string>();
  const scalarSpans = new Map<string, Span>();
  const credentials: YamlValue[] = [];
  flattenScalars(value, '', { values: scalars, spans: scalarSpans }, credentials, doc, rangeSpan, 0);
  // Through scalars, so a layer merged in from a `<<: *template` counts.
  const layer = scalars.get('metadata.kedro-viz.layer');
  const type = field('type');
  const filepath = field('filepath') ?? field('path') ?? field('filename');
  const versioned = args.get('versioned')?.scalar === 'true';
  const entry: Writable<CatalogEntryFact> = { name, keySpan, span, isPattern, isTemplate, isMapping: true, credentials, versioned, args, scalars, scalarSpans };
  if (type) entry.type = type;
  if (filepath) entry.filepath = filepath;
  if (layer !== undefined) entry.layer = layer;
  return entry;
}

function flattenScalars(
  map: YAMLMap,
  prefix: string,
  out: { readonly values: Map<string, string>; readonly spans: Map<string, Span> },
  creds: YamlValue[],
  doc: YamlDoc,
  rangeSpan: RangeSpan,
  depth: number,
): void {
  if (depth > 12) return;
  for (const p of effectivePairs(map, doc)) {
    const v = deref(p.value, doc);
    const path = prefix ? `${prefix}.${p.key}` : p.key;
    if (isMap(v)) flattenScalars(v, path, out, creds, doc, rangeSpan, depth + 1);
    else {
      const s = scalarString(v);
      if (s === undefined) continue;
      out.values.set(path, s);
      out.spans.set(path, rangeSpan(v as YNode));
      if (p.key === 'credentials' && isScalar(v) && typeof v.value === 'string') creds.push({ value: s, span: rangeSpan(v) });
    }
  }
}

function flattenParams(map: YAMLMap, prefix: string, out: ParamFact[], doc: YamlDoc, rangeSpan: RangeSpan, depth: number): void {
  if (depth > 20) return;
  for (const p of effectivePairs(map, doc)) {
    const path = prefix ? `${prefix}.${p.key}` : p.key;
    const keySpan = rangeSpan(p.keyNode);
    const v = deref(p.value, doc);
    const type = pyType(v);
    if (isMap(v)) {
      const pairs = effectivePairs(v, doc);
      const keyTypes = pairs.map((x) => pyScalar(x.keyNode)?.type ?? 'str');
      out.push({ path, keySpan, type, keys: pairs.map((x) => x.key), ...(keyTypes.some((t) => t !== 'str') ? { keyTypes } : {}) });
      flattenParams(v, path, out, doc, rangeSpan, depth + 1);
    } else if (isSeq(v)) {
      const items = v.items.map((i) => deref(i, doc));
      const texts = items.every((i) => scalarString(i) !== undefined) ? items.map((i) => scalarString(i) as string) : undefined;
      const preview = texts ? `[${texts.join(', ')}]` : undefined;
      out.push({ path, keySpan, type, itemTypes: items.map(pyType), ...(texts ? { itemTexts: texts } : {}), ...(preview && preview.length <= 200 ? { preview } : {}) });
    } else {
      const s = scalarString(v);
      const timestamp = pyTimestamp(v);
      out.push({ path, keySpan, type, ...(s !== undefined ? { preview: s.slice(0, 80) } : {}), ...(timestamp ? { timestamp } : {}) });
    }
  }
}

/** Top-level `${...}` expressions (nested ones stay inside their parent's text). */
function collectInterpolations(node: unknown, out: Interpolation[], rangeSpan: RangeSpan, text: string, depth: number): void {
  if (depth > 30 || out.length > 10000) return;
  if (isMap(node)) {
    for (const p of node.items) {
      collectInterpolations(p.key, out, rangeSpan, text, depth + 1);
      collectInterpolations(p.value, out, rangeSpan, text, depth + 1);
    }
  } else if (isSeq(node)) {
    for (const i of node.items) collectInterpolations(i, out, rangeSpan, text, depth + 1);
  } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${') && node.range) {
    const raw = text.slice(node.range[0], node.range[1]);
    const span = rangeSpan(node);
    for (const { expr, start, end } of interpolationsIn(raw)) {
      // Positions inside a plain or quoted single-line scalar map 1:1 onto the source text.
      const single = span.start.line === span.end.line;
      out.push({
        expr,
        span: single ? { start: { line: span.start.line, character: span.start.character + start }, end: { line: span.start.line, character: span.start.character + end } } : span,
      });
    }
  }
}

/** Outermost `${...}` occurrences with offsets, honouring nesting (`${a:${b}}`). */
export function interpolationsIn(s: string): { expr: string; start: number; end: number }[] {
  const out: { expr: string; start: number; end: number }[] = [];
  let i = 0;
  while ((i = s.indexOf('${', i)) >= 0) {
    let depth = 0;
    let j = i;
    for (; j < s.length; j++) {
      if (s.startsWith('${', j)) {
        depth++;
        j++;
      } else if (s[j] === '}' && --depth === 0) break;
    }
    if (j >= s.length) break;
    out.push({ expr: s.slice(i + 2, j), start: i, end: j + 1 });
    i = j + 1;
  }
  return out;
}
