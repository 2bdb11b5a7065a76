import { maskSecretText } from '../core/secrets';
import { containsPos, type Pos, type Span } from '../core/types';
import { LineIndex } from '../core/lineIndex';
import { DATASET_TYPES } from '../project/datasetTypes';
import { isParamName, type ProjectModel } from '../project/model';
import { paramTypeText } from '../analysis/paramTypes';
import type { ResolvedNode } from '../project/pipelines/types';
import { positionIndex } from './positions';
import { nameAtStage } from '../project/pipelines/wrapSites';
import { wrapArgAt, type WrapArgContext } from './wrapContext';

export type CompletionKind = 'dataset' | 'memory' | 'parameter' | 'type' | 'key' | 'argument';

export interface CompletionJson {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** Replaces this range (the partial text already typed). */
  readonly range: Span;
  readonly sortText?: string;
}

const ENTRY_KEYS: readonly [string, string][] = [
  ['type', 'Dataset class, e.g. pandas.CSVDataset'],
  ['filepath', 'Path relative to the project root, or a remote URI'],
  ['load_args', 'Keyword arguments for the underlying reader'],
  ['save_args', 'Keyword arguments for the underlying writer'],
  ['credentials', 'A key of credentials.yml'],
  ['fs_args', 'fsspec filesystem arguments'],
  ['metadata', 'Free-form; kedro-viz reads metadata.kedro-viz.layer'],
  ['versioned', 'Save each run under <filepath>/<version>/'],
];

/** Completions at `pos`; `text` is the current document text (the model may lag a keystroke behind). */
export function completionsAt(model: ProjectModel, uri: string, text: string, at: Pos): CompletionJson[] {
  const lines = new LineIndex(text);
  const offset = lines.offsetAt(at);
  // A position past the line's end (clients may send one) is the line's end: every range below starts from it.
  const pos = lines.positionAt(offset);
  const lineStart = lines.offsetAt({ line: pos.line, character: 0 });
  const prefix = text.slice(lineStart, offset);
  const conf = model.confFiles.find((f) => f.uri === uri);
  if (conf) return conf.kind === 'catalog' ? catalogCompletions(prefix, pos) : [];
  const call = /\bcatalog\.(load|save|exists)\(\s*(["'])([^"'\\]*)$/.exec(prefix);
  if (call) {
    const partial = call[3] as string;
    const range: Span = { start: { line: pos.line, character: pos.character - partial.length }, end: pos };
    // Only what the catalog can load outside a run: explicit entries and parameters.
    if (partial.startsWith('params:')) return paramCompletions(model, range);
    return [...model.catalog].map(([name, e]) => ({ label: name, kind: 'dataset' as const, detail: `${e.fact.type?.value ?? 'catalog entry'} (${e.env})`, range }));
  }
  if (!uri.endsWith('.py')) return [];
  const str = /(["'])([^"'\\]*)$/.exec(prefix);
  if (!str) return [];
  const partial = str[2] as string;
  const range: Span = { start: { line: pos.line, character: pos.character - partial.length }, end: pos };
  // Inside a wrapper's inputs=/outputs=/parameters= (checked first: a one-line wrapper shares its line with its nodes).
  const wrapArg = wrapArgAt(text.slice(0, offset - partial.length - 1));
  if (wrapArg) return wrapperCompletions(model, uri, pos, wrapArg, partial, range);
  const node = enclosingNode(model, uri, pos);
  if (!node) return [];
  if (isDictKeyPosition(text.slice(lines.offsetAt(node.callLoc.span.start), offset - partial.length - 1))) {
    return argumentCompletions(node, range);
  }
  if (partial.startsWith('params:')) return paramCompletions(model, range);
  return [...datasetCompletions(model, node, range), { label: 'params:', kind: 'parameter', detail: 'a parameter from conf/*/parameters*.yml', range, sortText: '2' }];
}

function enclosingNode(model: ProjectModel, uri: string, pos: Pos): ResolvedNode | undefined {
  const entries = positionIndex(model)
    .inFile(uri)
    .filter((e) => e.target.kind === 'node');
  // Positions after the last analysed character still belong to a call that is being typed: allow the call's line range.
  const inside = entries.filter((e) => (pos.line > e.span.start.line || (pos.line === e.span.start.line && pos.character >= e.span.start.character)) && pos.line <= e.span.end.line);
  const best = inside.sort((a, b) => b.span.start.line - a.span.start.line || b.span.start.character - a.span.start.character)[0];
  return best?.target.kind === 'node' ? best.target.node : undefined;
}

/** In `{...}` right after `{` or a `,` (not after `key:`): a dict key, i.e. a function parameter name. */
function isDictKeyPosition(before: string): boolean {
  let depth = 0;
  let sawComma = false;
  for (let i = before.length - 1; i >= 0; i--) {
    const c = before[i] as string;
    if (c === '"' || c === "'") {
      // Skip a whole string literal backwards.
      const open = before.lastIndexOf(c, i - 1);
      if (open < 0) return false;
      i = open;
    } else if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[') {
      if (depth === 0) return false;
      depth--;
    } else if (c === '{') {
      if (depth === 0) return true;
      depth--;
    } else if (depth === 0 && c === ':' && !sawComma) return false;
    else if (depth === 0 && c === ',') sawComma = true;
  }
  return false;
}

/**
 * In a wrapper's mapping: a key (or a str/list/set entry) names what the wrapped pipeline's nodes use at that stage —
 * free inputs for `inputs=`, outputs for `outputs=`, parameters for `parameters=`; a dict value names the outer
 * dataset or parameter (any of the project's). Before the model knows the call, every name is offered.
 */
function wrapperCompletions(model: ProjectModel, uri: string, pos: Pos, ctx: WrapArgContext, partial: string, range: Span): CompletionJson[] {
  const params = ctx.arg === 'parameters';
  const asParam = (name: string): string => (partial.startsWith('params:') ? name : name.replace(/^params:/, ''));
  const outer = (): CompletionJson[] =>
    params ? paramCompletions(model, range).map((c) => ({ ...c, label: asParam(c.label) })) : datasetCompletions(model, undefined, range);
  if (ctx.side === 'value') return outer();
  // The innermost wrapper call around the cursor that the model has evaluated.
  let best: { span: Span; nodes: [ResolvedNode, number][] } | undefined;
  const within = (s: Span): boolean => containsPos(s, pos);
  for (const n of model.nodes) {
    (n.wraps ?? []).forEach((w, stage) => {
      const s = w.source.loc;
      if (s.uri !== uri || !within(s.span)) return;
      const same = best && best.span.start.line === s.span.start.line && best.span.start.character === s.span.start.character && best.span.end.line === s.span.end.line && best.span.end.character === s.span.end.character;
      if (best && same) best.nodes.push([n, stage]);
      else if (!best || (s.span.start.line > best.span.start.line || (s.span.start.line === best.span.start.line && s.span.start.character > best.span.start.character))) {
        best = { span: s.span, nodes: [[n, stage]] };
      }
    });
  }
  if (!best) return outer();
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  for (const [n, stage] of (best as { nodes: [ResolvedNode, number][] }).nodes) {
    for (const r of n.inputs) {
      const name = nameAtStage(n, r, stage);
      if (name !== undefined) inputs.add(name);
    }
    for (const r of n.outputs) {
      const name = nameAtStage(n, r, stage);
      if (name !== undefined) outputs.add(name);
    }
  }
  const names =
    ctx.arg === 'parameters'
      ? [...inputs].filter(isParamName).filter((n) => n !== 'parameters')
      : ctx.arg === 'inputs'
        ? [...inputs].filter((n) => !isParamName(n) && !outputs.has(n))
        : [...outputs];
  const detail = ctx.arg === 'inputs' ? 'free input of the wrapped pipeline' : ctx.arg === 'outputs' ? 'output of the wrapped pipeline' : 'parameter of the wrapped pipeline';
  return [...new Set(names.map((n) => (params ? asParam(n) : n)))].map((label) => ({ label, kind: params ? ('parameter' as const) : ('dataset' as const), detail, range, sortText: `0${label}` }));
}

function datasetCompletions(model: ProjectModel, node: ResolvedNode | undefined, range: Span): CompletionJson[] {
  const out = new Map<string, CompletionJson>();
  for (const [name, e] of model.catalog) {
    out.set(name, { label: name, kind: 'dataset', detail: `${e.fact.type?.value ?? 'catalog entry'} (${e.env})`, ...(e.fact.filepath ? { documentation: maskSecretText(e.fact.filepath.value) } : {}), range, sortText: `0${name}` });
  }
  for (const u of model.uses) {
    // An empty output is one being typed elsewhere, not a dataset to offer.
    if (u.role !== 'output' || !u.name || u.node === node || out.has(u.name) || isParamName(u.name)) continue;
    out.set(u.name, { label: u.name, kind: 'memory', detail: `MemoryDataset · output of ${u.node.name}`, range, sortText: `1${u.name}` });
  }
  return [...out.values()];
}

function paramCompletions(model: ProjectModel, range: Span): CompletionJson[] {
  return [...model.params.entries()].map(([path, p]) => ({
    label: `params:${path}`,
    kind: 'parameter' as const,
    detail: p.fact.type === 'dict' ? `{${(p.fact.keys ?? []).join(', ')}}` : `${maskSecretText(p.fact.preview ?? p.fact.type)} (${paramTypeText(p.fact, model.configLoaders)})`,
    range,
    sortText: `${path.split('.').length}${path}`,
  }));
}

function argumentCompletions(node: ResolvedNode, range: Span): CompletionJson[] {
  const fn = node.func?.target?.fn;
  if (!fn) return [];
  const used = new Set(node.inputKeys ?? []);
  return fn.params
    .filter((p) => (p.kind === 'positional' || p.kind === 'keyword-only') && !used.has(p.name))
    .map((p) => ({ label: p.name, kind: 'argument' as const, detail: `${fn.name}(${p.name}${p.annotation ? `: ${p.annotation}` : ''}${p.hasDefault ? ' = …' : ''})`, range }));
}

function catalogCompletions(prefix: string, pos: Pos): CompletionJson[] {
  const type = /^\s+type:\s*([\w.]*)$/.exec(prefix);
  if (type) {
    const partial = type[1] as string;
    const range: Span = { start: { line: pos.line, character: pos.character - partial.length }, end: pos };
    return DATASET_TYPES.map((t) => ({
      label: t.short,
      kind: 'type' as const,
      detail: `load → ${t.load?.join(' | ') ?? '—'} · save ← ${t.save?.join(' | ') ?? '—'}`,
      documentation: `required: ${t.required.map((r) => r.join(' or ')).join(', ') || '—'}${t.versioned ? ' · versioned' : ''}`,
      range,
    }));
  }
  const key = /^( {2,4}|\t)([\w-]*)$/.exec(prefix);
  if (key) {
    const partial = key[2] as string;
    const range: Span = { start: { line: pos.line, character: pos.character - partial.length }, end: pos };
    return ENTRY_KEYS.map(([label, detail]) => ({ label, kind: 'key' as const, detail, range }));
  }
  return [];
}
