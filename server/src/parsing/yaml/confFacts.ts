import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YNode, type YAMLMap } from 'yaml';
import { LineIndex } from '../../core/lineIndex';
import type { Pos, Span } from '../../core/types';

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
  /** Element types of a list. */
  readonly itemTypes?: readonly PyValueType[];
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

export interface ConfFileFacts {
  readonly uri: string;
  readonly kind: ConfKind;
  readonly problems: readonly YamlProblem[];
  /** Top-level keys with spans (all kinds; credentials keep only keys, never values). */
  readonly topKeys: readonly YamlValue[];
  readonly catalog: readonly CatalogEntryFact[];
  readonly params: readonly ParamFact[];
  /** Every `${...}` in a string value (not collected for credentials, whose values are secret). */
  readonly interpolations: readonly Interpolation[];
  /** End of the text and whether it ends with a newline, for edits that append. */
  readonly end: Pos;
  readonly endsWithNewline: boolean;
}

const MAX_MERGE_DEPTH = 10;

const scalarString = (n: unknown): string | undefined =>
  isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number' || typeof n.value === 'boolean') ? String(n.value) : undefined;

const isMergeKey = (k: unknown): boolean => isScalar(k) && (typeof k.value === 'symbol' || (k.value === '<<' && k.type === 'PLAIN'));

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
function effectivePairs(map: YAMLMap, doc: Document, depth = 0): Pairish[] {
  const own: Pairish[] = [];
  const merged: Pairish[] = [];
  for (const pair of map.items) {
    if (isMergeKey(pair.key)) {
      if (depth >= MAX_MERGE_DEPTH) continue;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const src of sources) {
        const target = isAlias(src) ? src.resolve(doc) : src;
        if (isMap(target)) merged.push(...effectivePairs(target, doc, depth + 1));
      }
      continue;
    }
    const key = scalarString(pair.key);
    if (key !== undefined) own.push({ key, keyNode: pair.key as YNode, value: pair.value });
  }
  const seen = new Set(own.map((p) => p.key));
  return [...own, ...merged.filter((p) => !seen.has(p.key) && (seen.add(p.key), true))];
}

function deref(v: unknown, doc: Document): unknown {
  return isAlias(v) ? v.resolve(doc) : v;
}

function pyType(v: unknown): PyValueType {
  if (isMap(v)) return 'dict';
  if (isSeq(v)) return 'list';
  if (!isScalar(v) || v.value === null || v.value === undefined) return 'None';
  if (typeof v.value === 'boolean') return 'bool';
  if (typeof v.value === 'number') {
    const src = (v.source ?? String(v.value)).toLowerCase();
    return Number.isInteger(v.value) && !/[.e]|inf|nan/.test(src) ? 'int' : 'float';
  }
  return 'str';
}

type Parts = Pick<ConfFileFacts, 'problems' | 'topKeys' | 'catalog' | 'params' | 'interpolations'>;

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
  const blocks = new Map<string, Parts>();
  let parts: Parts | undefined;
  if (split) {
    const all: Parts[] = [];
    for (const b of split) {
      const key = `${b.line}\u0000${b.text}`;
      const got = reusable?.get(key) ?? blocks.get(key) ?? extractParts(b.text, kind, b.line);
      blocks.set(key, got);
      all.push(got);
    }
    const joined: Parts = {
      problems: all.flatMap((p) => p.problems),
      topKeys: all.flatMap((p) => p.topKeys),
      catalog: all.flatMap((p) => p.catalog),
      params: all.flatMap((p) => p.params),
      interpolations: all.flatMap((p) => p.interpolations),
    };
    // Only a clean split is the same as parsing the whole: errors and duplicate keys are reported by the whole parse.
    if (joined.problems.length === 0 && new Set(joined.topKeys.map((k) => k.value)).size === joined.topKeys.length && all.every((p) => p.topKeys.length === 1)) parts = joined;
  }
  parts ??= extractParts(text, kind, 0);
  const facts: ConfFileFacts = { uri, kind, ...parts, end: lines.end, endsWithNewline: /\n$/.test(text) };
  if (split) fileBlocks.set(facts, { kind, blocks });
  return facts;
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

function extractParts(text: string, kind: ConfKind, lineOffset: number): Parts {
  const lines = new LineIndex(text);
  const at = (a: number, b: number): Span => {
    const s = lines.span(a, b);
    return lineOffset ? { start: { line: s.start.line + lineOffset, character: s.start.character }, end: { line: s.end.line + lineOffset, character: s.end.character } } : s;
  };
  const rangeSpan: RangeSpan = (n) => (n?.range ? at(n.range[0], n.range[1]) : at(0, 0));
  const doc = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: false, strict: false });
  const problems: YamlProblem[] = doc.errors.map((e) => ({
    message: firstLine(e.message),
    span: at(e.pos[0], Math.max(e.pos[1], e.pos[0])),
    severity: 'error' as const,
  }));
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
      if (kind === 'catalog') catalog.push(catalogEntry(key, keySpan, pair.value, doc, rangeSpan));
    }
    if (kind === 'parameters' || kind === 'globals') flattenParams(root, '', params, doc, rangeSpan, 0);
    if (kind !== 'credentials') collectInterpolations(root, interpolations, rangeSpan, text, 0);
  }
  return { problems, topKeys, catalog, params, interpolations };
}

function firstLine(msg: string): string {
  return (msg.split('\n')[0] ?? msg).trim();
}

function catalogEntry(name: string, keySpan: Span, rawValue: unknown, doc: Document, rangeSpan: RangeSpan): CatalogEntryFact {
  const value = deref(rawValue, doc);
  const pairSpan: Span = { start: keySpan.start, end: rangeSpan((value ?? null) as YNode | null).end };
  const base = {
    name,
    keySpan,
    span: isMap(value) || isSeq(value) || isScalar(value) ? pairSpan : { start: keySpan.start, end: keySpan.end },
    isPattern: /\{[^{}]*\}/.test(name),
    isTemplate: name.startsWith('_'),
  };
  if (!isMap(value)) return { ...base, isMapping: false, versioned: false, credentials: [], args: new Map(), scalars: new Map() };
  const args = new Map<string, ArgFact>();
  for (const p of effectivePairs(value, doc)) {
    const v = deref(p.value, doc);
    const scalar = scalarString(v);
    args.set(p.key, {
      key: p.key,
      keySpan: rangeSpan(p.keyNode),
      valueSpan: rangeSpan((v ?? p.keyNode) as YNode),
      type: pyType(v),
      ...(scalar !== undefined ? { scalar } : {}),
    });
  }
  const field = (k: string): YamlValue | undefined => {
    const a = args.get(k);
    return a?.scalar !== undefined ? { value: a.scalar, span: a.valueSpan } : undefined;
  };
  const scalars = new Map<string, string>();
  const credentials: YamlValue[] = [];
  flattenScalars(value, '', scalars, credentials, doc, rangeSpan, 0);
  // Through scalars, so a layer merged in from a `<<: *template` counts.
  const layer = scalars.get('metadata.kedro-viz.layer');
  const type = field('type');
  const filepath = field('filepath') ?? field('path') ?? field('filename');
  return {
    ...base,
    isMapping: true,
    ...(type ? { type } : {}),
    ...(filepath ? { filepath } : {}),
    ...(layer !== undefined ? { layer } : {}),
    credentials,
    versioned: args.get('versioned')?.scalar === 'true',
    args,
    scalars,
  };
}

function flattenScalars(map: YAMLMap, prefix: string, out: Map<string, string>, creds: YamlValue[], doc: Document, rangeSpan: RangeSpan, depth: number): void {
  if (depth > 12) return;
  for (const p of effectivePairs(map, doc)) {
    const v = deref(p.value, doc);
    const path = prefix ? `${prefix}.${p.key}` : p.key;
    if (isMap(v)) flattenScalars(v, path, out, creds, doc, rangeSpan, depth + 1);
    else {
      const s = scalarString(v);
      if (s === undefined) continue;
      out.set(path, s);
      if (p.key === 'credentials' && isScalar(v) && typeof v.value === 'string') creds.push({ value: s, span: rangeSpan(v) });
    }
  }
}

function flattenParams(map: YAMLMap, prefix: string, out: ParamFact[], doc: Document, rangeSpan: RangeSpan, depth: number): void {
  if (depth > 20) return;
  for (const p of effectivePairs(map, doc)) {
    const path = prefix ? `${prefix}.${p.key}` : p.key;
    const keySpan = rangeSpan(p.keyNode);
    const v = deref(p.value, doc);
    const type = pyType(v);
    if (isMap(v)) {
      out.push({ path, keySpan, type, keys: effectivePairs(v, doc).map((x) => x.key) });
      flattenParams(v, path, out, doc, rangeSpan, depth + 1);
    } else if (isSeq(v)) {
      const items = v.items.map((i) => deref(i, doc));
      const preview = items.every((i) => scalarString(i) !== undefined) ? `[${items.map((i) => scalarString(i)).join(', ')}]` : undefined;
      out.push({ path, keySpan, type, itemTypes: items.map(pyType), ...(preview && preview.length <= 200 ? { preview } : {}) });
    } else {
      const s = scalarString(v);
      out.push({ path, keySpan, type, ...(s !== undefined ? { preview: s.slice(0, 80) } : {}) });
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
