import { maskSecretText } from '../core/secrets';
import type { Loc, Span } from '../core/types';
import type { ProjectModel } from '../project/model';

export type SymbolKind = 'dataset' | 'pattern' | 'parameter' | 'node' | 'pipeline' | 'function';

export interface SymbolJson {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly detail?: string;
  readonly span: Span;
  readonly selection: Span;
  readonly children?: readonly SymbolJson[];
}

/** Outline of a catalog/parameters file or a pipeline module. */
export function documentSymbols(model: ProjectModel, uri: string): SymbolJson[] {
  const conf = model.confFiles.find((f) => f.uri === uri);
  if (conf?.kind === 'catalog') {
    return conf.catalog.map((e) => ({
      name: e.name,
      kind: e.isPattern ? 'pattern' : 'dataset',
      ...(e.type ? { detail: e.type.value } : {}),
      span: e.span,
      selection: e.keySpan,
    }));
  }
  if (conf?.kind === 'parameters') {
    const build = (prefix: string): SymbolJson[] =>
      conf.params
        .filter((p) => p.path.startsWith(prefix) && !p.path.slice(prefix.length).includes('.'))
        .map((p) => ({
          name: p.path.slice(prefix.length),
          kind: 'parameter' as const,
          detail: p.type === 'dict' ? '' : maskSecretText(p.preview ?? p.type),
          span: p.keySpan,
          selection: p.keySpan,
          ...(p.type === 'dict' ? { children: build(`${p.path}.`) } : {}),
        }));
    return build('');
  }
  const out: SymbolJson[] = [];
  const seen = new Set<string>();
  for (const n of model.nodes) {
    if (n.callLoc.uri !== uri || seen.has(n.name)) continue;
    seen.add(n.name);
    out.push({ name: n.name, kind: 'node', detail: `${n.inputs.map((r) => r.name).join(', ')} → ${n.outputs.map((r) => r.name).join(', ')}`, span: n.callLoc.span, selection: (n.explicitName?.loc ?? n.func?.loc ?? n.callLoc).span });
  }
  for (const p of model.registry.pipelines.values()) {
    if (p.loc?.uri === uri) out.push({ name: p.name, kind: 'pipeline', detail: `${p.pipeline.nodes.length} nodes`, span: p.loc.span, selection: p.loc.span });
  }
  return out.sort((a, b) => a.span.start.line - b.span.start.line || a.span.start.character - b.span.start.character);
}

export interface WorkspaceSymbolJson {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly container?: string;
  readonly loc: Loc;
}

/** Datasets, nodes and pipelines whose name contains the query's characters in order (case-insensitive). */
export function workspaceSymbols(model: ProjectModel, query: string): WorkspaceSymbolJson[] {
  const q = query.toLowerCase();
  const matches = (name: string): boolean => {
    let i = 0;
    for (const c of name.toLowerCase()) if (c === q[i]) i++;
    return i === q.length;
  };
  const out: WorkspaceSymbolJson[] = [];
  for (const [name, e] of model.catalog) if (matches(name)) out.push({ name, kind: 'dataset', container: e.fact.type?.value ?? 'catalog', loc: { uri: e.uri, span: e.fact.keySpan } });
  for (const p of model.patterns) if (matches(p.fact.name)) out.push({ name: p.fact.name, kind: 'pattern', container: 'dataset factory', loc: { uri: p.uri, span: p.fact.keySpan } });
  const seen = new Set<string>();
  for (const n of model.nodes) {
    if (seen.has(n.name) || !matches(n.name)) continue;
    seen.add(n.name);
    out.push({ name: n.name, kind: 'node', container: n.namespace ?? 'node', loc: n.explicitName?.loc ?? n.callLoc });
  }
  for (const p of model.registry.pipelines.values()) if (p.loc?.uri && matches(p.name)) out.push({ name: p.name, kind: 'pipeline', container: 'pipeline', loc: p.loc });
  return out.slice(0, 500);
}
