import { isMap, isScalar, isSeq, parseDocument, type Node as YNode, type Pair, type YAMLMap } from 'yaml';
import { LineIndex } from '../../core/lineIndex';
import type { Span } from '../../core/types';

/** Which config key a file was matched for (Kedro's OmegaConfigLoader patterns). */
export type ConfKind = 'catalog' | 'parameters' | 'credentials' | 'globals' | 'other';

export interface YamlValue {
  readonly value: string;
  readonly span: Span;
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
  /** The credentials *reference* (a key into credentials.yml), never a secret. */
  readonly credentials?: YamlValue;
  readonly versioned: boolean;
}

export interface ParamFact {
  /** Dotted path (`model_options.test_size`). */
  readonly path: string;
  readonly keySpan: Span;
  readonly kind: 'mapping' | 'list' | 'scalar' | 'null';
  /** Short display of the value (scalars only). */
  readonly preview?: string;
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
}

const scalarString = (n: unknown): string | undefined =>
  isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number' || typeof n.value === 'boolean') ? String(n.value) : undefined;

/** Parses a conf YAML (or JSON) file; syntax errors become problems, never exceptions. */
export function extractConfFacts(uri: string, text: string, kind: ConfKind): ConfFileFacts {
  const lines = new LineIndex(text);
  const rangeSpan = (n: { range?: [number, number, number] | null } | null | undefined): Span =>
    n?.range ? lines.span(n.range[0], n.range[1]) : lines.span(0, 0);
  const doc = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: false, strict: false });
  const problems: YamlProblem[] = [
    ...doc.errors.map((e) => ({ message: firstLine(e.message), span: lines.span(e.pos[0], Math.max(e.pos[1], e.pos[0])), severity: 'error' as const })),
  ];
  const topKeys: YamlValue[] = [];
  const catalog: CatalogEntryFact[] = [];
  const params: ParamFact[] = [];
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
      if (kind === 'catalog') catalog.push(catalogEntry(key, keySpan, pair, rangeSpan));
    }
    if (kind === 'parameters') flattenParams(root, '', params, rangeSpan);
  }
  return { uri, kind, problems, topKeys, catalog, params };
}

function firstLine(msg: string): string {
  return (msg.split('\n')[0] ?? msg).trim();
}

type RangeSpan = (n: { range?: [number, number, number] | null } | null | undefined) => Span;

function catalogEntry(name: string, keySpan: Span, pair: Pair, rangeSpan: RangeSpan): CatalogEntryFact {
  const value = pair.value as YNode | null;
  const pairSpan: Span = { start: keySpan.start, end: rangeSpan(value ?? (pair.key as YNode)).end };
  const base = {
    name,
    keySpan,
    span: pairSpan,
    isPattern: /\{[^{}]*\}/.test(name),
    isTemplate: name.startsWith('_'),
  };
  if (!isMap(value)) return { ...base, isMapping: false, versioned: false };
  const field = (k: string): YamlValue | undefined => {
    const node = value.get(k, true);
    const s = scalarString(node);
    return s === undefined ? undefined : { value: s, span: rangeSpan(node as YNode) };
  };
  const type = field('type');
  const filepath = field('filepath') ?? field('path') ?? field('filename');
  const credentials = field('credentials');
  const metadata = value.get('metadata', true);
  const viz = isMap(metadata) ? metadata.get('kedro-viz', true) : undefined;
  const layer = isMap(viz) ? scalarString(viz.get('layer', true)) : undefined;
  const versioned = value.get('versioned') === true;
  return {
    ...base,
    isMapping: true,
    ...(type ? { type } : {}),
    ...(filepath ? { filepath } : {}),
    ...(credentials ? { credentials } : {}),
    ...(layer !== undefined ? { layer } : {}),
    versioned,
  };
}

function flattenParams(map: YAMLMap, prefix: string, out: ParamFact[], rangeSpan: RangeSpan): void {
  for (const pair of map.items) {
    const key = scalarString(pair.key);
    if (key === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const keySpan = rangeSpan(pair.key as YNode);
    const v = pair.value;
    if (isMap(v)) {
      out.push({ path, keySpan, kind: 'mapping' });
      flattenParams(v, path, out, rangeSpan);
    } else if (isSeq(v)) {
      out.push({ path, keySpan, kind: 'list' });
    } else if (isScalar(v) && v.value !== null) {
      out.push({ path, keySpan, kind: 'scalar', preview: String(v.value).slice(0, 80) });
    } else {
      out.push({ path, keySpan, kind: 'null' });
    }
  }
}
