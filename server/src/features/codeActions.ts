import type { Span } from '../core/types';
import { LineIndex } from '../core/lineIndex';
import { joinUri } from '../core/uri';
import { loadedConfFiles, type ProjectModel } from '../project/model';
import { annotationOf, parameterFor } from '../analysis/types';
import type { TextEditJson } from './navigation';
import { positionIndex } from './positions';
import { parseDirective } from '../parsing/suppressions';
import { extractConfFacts } from '../parsing/yaml/confFacts';
import { command, type CommandCall } from '../../../common/commands';

export interface DiagnosticRef {
  readonly code: string;
  readonly span: Span;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface ActionJson {
  readonly title: string;
  readonly kind: 'quickfix' | 'refactor.rewrite';
  readonly edits: readonly TextEditJson[];
  /** Index into the diagnostics passed in, when the action fixes one. */
  readonly fixes?: number;
  readonly preferred?: boolean;
  /** Certain to be what was meant (one candidate, one spelling): `kedro-lens check --fix` applies it unasked. */
  readonly safe?: boolean;
  /** Run instead of (or after) the edits: an editor action, never applied by `kedro-lens check --fix`. */
  readonly command?: CommandCall;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Quick fixes for Kedro Lens diagnostics in range, plus "Name this node" on an unnamed node call. */
export function codeActionsFor(model: ProjectModel, uri: string, text: string, range: Span, diagnostics: readonly DiagnosticRef[]): ActionJson[] {
  const out: ActionJson[] = [];
  diagnostics.forEach((d, i) => {
    const suggestions = strings(d.data?.['suggestions']);
    const single = suggestions.length === 1;
    suggestions.forEach((s, j) => out.push({ title: `Change to '${s}'`, kind: 'quickfix', edits: [{ uri, span: d.span, newText: s }], fixes: i, preferred: j === 0 && single, ...(single ? { safe: true } : {}) }));
    const name = typeof d.data?.['name'] === 'string' ? (d.data['name'] as string) : undefined;
    if (d.code === 'KL001' && name) {
      for (const env of strings(d.data?.['otherEnvs'])) out.push({ title: `Switch to environment '${env}', which defines '${name}'`, kind: 'quickfix', edits: [], command: command('selectEnvironment', env), fixes: i });
      const add = addCatalogEntry(model, name);
      if (add) out.push({ title: `Add catalog entry for '${name}' (${add.type}) to ${add.file}`, kind: 'quickfix', edits: [add.edit], fixes: i });
    }
    if (d.code === 'KL201' && name) {
      const add = addParameter(model, name.slice('params:'.length));
      if (add) out.push({ title: `Add parameter '${name.slice('params:'.length)}' to ${add.file}`, kind: 'quickfix', edits: [add.edit], fixes: i });
    }
    if (d.code === 'KL301' && typeof d.data?.['replacement'] === 'string') {
      out.push({ title: `Register an instance: ${d.data['replacement']}`, kind: 'quickfix', edits: [{ uri, span: d.span, newText: d.data['replacement'] as string }], fixes: i, preferred: true, safe: true });
    }
    if (d.code === 'KL012') {
      const taken = new Set(model.nodes.map((n) => n.name));
      const current = text.slice(new LineIndex(text).offsetAt(d.span.start), new LineIndex(text).offsetAt(d.span.end));
      let k = 2;
      while (taken.has(`${current}_${k}`)) k++;
      out.push({ title: `Rename this node to '${current}_${k}'`, kind: 'quickfix', edits: [{ uri, span: d.span, newText: `${current}_${k}` }], fixes: i, preferred: true });
    }
    const suppress = suppressOnLine(model, uri, text, d);
    if (suppress) out.push({ title: `Suppress ${d.code} on this line`, kind: 'quickfix', edits: [suppress], fixes: i });
  });
  const nameNode = nameThisNode(model, uri, text, range);
  if (nameNode) out.push(nameNode);
  // A template reused under several namespaces has one finding per instance at the same string: one of each fix.
  const seen = new Set<string>();
  return out.filter((a) => {
    const key = JSON.stringify([a.title, a.edits, a.command]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const rel = (model: ProjectModel, uri: string): string => uri.slice(model.layout.rootUri.length + 1);

/** A typed entry for a free input, in the base catalog, under data/01_raw (it is read, not produced). */
function addCatalogEntry(model: ProjectModel, name: string): { edit: TextEditJson; type: string; file: string } | undefined {
  const base = loadedConfFiles(model, 'catalog').filter((f) => f.ref.env === model.settings.baseEnv);
  const file = base.find((f) => f.ref.relPath === 'catalog.yml') ?? base[0];
  const use = model.uses.find((u) => u.role === 'input' && u.name === name);
  const fn = use?.node.func?.target?.fn;
  const ann = use && fn ? annotationOf(use.node, parameterFor(fn, use.node, use.node.inputs.indexOf(use.ref))) : undefined;
  const member = ann?.kind === 'union' ? ann.items.find((x) => x.kind === 'class') : ann;
  const cls = member?.kind === 'class' ? member.name : undefined;
  const [type, ext] =
    cls === 'pandas.DataFrame' ? ['pandas.CSVDataset', 'csv'] : cls === 'polars.DataFrame' ? ['polars.CSVDataset', 'csv'] : cls === 'dict' || cls === 'list' ? ['json.JSONDataset', 'json'] : cls === 'str' ? ['text.TextDataset', 'txt'] : ['pickle.PickleDataset', 'pkl'];
  const body = `${name}:\n  type: ${type}\n  filepath: data/01_raw/${name.replace(/[@/\\]/g, '_')}.${ext}\n`;
  if (file) {
    const sep = file.endsWithNewline || (file.end.line === 0 && file.end.character === 0) ? '\n' : '\n\n';
    return { edit: { uri: file.uri, span: { start: file.end, end: file.end }, newText: `${sep}${body}` }, type, file: rel(model, file.uri) };
  }
  const uri = joinUri(model.conf.confUri, model.settings.baseEnv, 'catalog.yml');
  return { edit: { uri, span: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: body }, type, file: rel(model, uri) };
}

/** Adds `a.b.c` to the base parameters file, nested under the deepest existing mapping of the path. */
function addParameter(model: ProjectModel, path: string): { edit: TextEditJson; file: string } | undefined {
  const files = loadedConfFiles(model, 'parameters').filter((f) => f.ref.env === model.settings.baseEnv);
  const parts = path.split('.');
  for (let depth = parts.length - 1; depth > 0; depth--) {
    const parent = parts.slice(0, depth).join('.');
    // A value that is not a mapping as written (`${other}`, a scalar): a key added beside it would repeat its name.
    const written = files.flatMap((f) => f.params.filter((x) => x.path === parent));
    if (written.length && !written.some((x) => x.type === 'dict')) return undefined;
    for (const f of files) {
      const p = f.params.find((x) => x.path === parent && x.type === 'dict');
      if (!p) continue;
      const indent = p.keySpan.start.character + 2;
      const body = nested(parts.slice(depth), indent);
      return { edit: { uri: f.uri, span: { start: { line: p.keySpan.start.line + 1, character: 0 }, end: { line: p.keySpan.start.line + 1, character: 0 } } , newText: body }, file: rel(model, f.uri) };
    }
  }
  const file = files.find((f) => f.ref.relPath === 'parameters.yml') ?? files[0];
  if (!file) return undefined;
  const sep = file.endsWithNewline || (file.end.line === 0 && file.end.character === 0) ? '' : '\n';
  return { edit: { uri: file.uri, span: { start: file.end, end: file.end }, newText: `${sep}${nested(parts, 0)}` }, file: rel(model, file.uri) };
}

function nested(parts: readonly string[], indent: number): string {
  return parts.map((p, i) => `${' '.repeat(indent + 2 * i)}${p}:${i === parts.length - 1 ? ' null  # TODO: set a value' : ''}\n`).join('');
}

/**
 * `# kedro-lens: ignore[CODE]` at the end of the finding's line, or CODE added to the directive already there. Only in
 * files whose suppressions are read (package modules, config files), and never where a `#` would not start a comment.
 */
function suppressOnLine(model: ProjectModel, uri: string, text: string, d: DiagnosticRef): TextEditJson | undefined {
  if (!/^KL\d{3}$/.test(d.code) || d.code === 'KL910') return undefined;
  const conf = model.confFiles.find((f) => f.uri === uri);
  if (!conf && !model.modules.some((m) => m.uri === uri)) return undefined;
  const lines = new LineIndex(text);
  const line = d.span.start.line;
  const start = lines.offsetAt({ line, character: 0 });
  if (lines.positionAt(start).line !== line) return undefined;
  const content = /^[^\r\n]*/.exec(text.slice(start))?.[0] ?? '';
  const there = parseDirective(content);
  let edit: TextEditJson;
  if (there && !there.file) {
    // The bare form or this code already hides it: nothing to add.
    if (there.codes.length === 0 || there.codes.includes(d.code)) return undefined;
    const at = lines.positionAt(start + there.end - 1);
    edit = { uri, span: { start: at, end: at }, newText: `, ${d.code}` };
  } else {
    // A line continued with `\` or inside a triple-quoted string would take the `#` as code or text.
    if (!conf && (/\\\s*$/.test(content) || /"""|'''/.test(content))) return undefined;
    const end = lines.positionAt(start + content.trimEnd().length);
    edit = { uri, span: { start: end, end: lines.positionAt(start + content.length) }, newText: `  # kedro-lens: ignore[${d.code}]` };
  }
  if (conf) {
    // YAML: only if the edited file reads it as a comment covering the line (not text of a block or quoted scalar).
    const edited = `${text.slice(0, lines.offsetAt(edit.span.start))}${edit.newText}${text.slice(lines.offsetAt(edit.span.end))}`;
    const read = extractConfFacts(uri, edited, conf.kind, { whole: true }).suppressions ?? [];
    if (!read.some((s) => s.fromLine <= line && line <= s.toLine && s.codes.includes(d.code))) return undefined;
  }
  return edit;
}

/** Unnamed nodes get a hashed default name that changes with their inputs: give them a stable one for `--nodes`. */
function nameThisNode(model: ProjectModel, uri: string, text: string, range: Span): ActionJson | undefined {
  const entry = positionIndex(model)
    .inFile(uri)
    .find((e) => e.target.kind === 'node' && !e.target.node.explicitName && e.span.start.line <= range.start.line && e.span.end.line >= range.start.line);
  if (entry?.target.kind !== 'node') return undefined;
  const node = entry.target.node;
  const lines = new LineIndex(text);
  const close = lines.offsetAt(node.callLoc.span.end) - 1;
  if (text[close] !== ')') return undefined;
  const taken = new Set(model.nodes.map((n) => n.name));
  const base = `${node.func?.name ?? 'node'}_node`;
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
  let i = close - 1;
  while (i >= 0 && /\s/.test(text[i] as string)) i--;
  const trailingComma = text[i] === ',';
  const at = lines.positionAt(i + 1);
  return {
    title: `Name this node '${name}'`,
    kind: 'refactor.rewrite',
    edits: [{ uri, span: { start: at, end: at }, newText: trailingComma ? ` name="${name}",` : `, name="${name}"` }],
  };
}
