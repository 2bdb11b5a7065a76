import { containsPos, type Loc, type Pos, type Span } from '../core/types';
import type { CatalogEntryFact, ParamFact } from '../parsing/yaml/confFacts';
import { isParamName, type ProjectModel } from '../project/model';
import type { DatasetRef, ResolvedNode } from '../project/pipelines/types';

/** Something Kedro-specific under the cursor. */
export type Target =
  | { readonly k: 'dataset'; readonly name: string; readonly ref: DatasetRef; readonly node: ResolvedNode; readonly role: 'input' | 'output' }
  | { readonly k: 'param'; readonly key: string; readonly ref: DatasetRef; readonly node: ResolvedNode }
  | { readonly k: 'catalogKey'; readonly name: string; readonly entry: CatalogEntryFact; readonly uri: string; readonly env: string }
  | { readonly k: 'catalogType'; readonly entry: CatalogEntryFact; readonly uri: string; readonly env: string }
  | { readonly k: 'paramKey'; readonly path: string; readonly fact: ParamFact; readonly uri: string; readonly env: string }
  | { readonly k: 'catalogCall'; readonly name: string; readonly loc: Loc }
  | { readonly k: 'func'; readonly node: ResolvedNode }
  | { readonly k: 'node'; readonly node: ResolvedNode };

interface Entry {
  readonly span: Span;
  readonly target: Target;
}

const size = (s: Span): number => (s.end.line - s.start.line) * 100000 + (s.end.character - s.start.character);

/** Per-file index of Kedro entities by range; the innermost range wins. Built once per analysis. */
export class PositionIndex {
  private readonly byUri = new Map<string, Entry[]>();

  constructor(readonly model: ProjectModel) {
    const add = (loc: Loc, target: Target): void => {
      const list = this.byUri.get(loc.uri) ?? [];
      list.push({ span: loc.span, target });
      this.byUri.set(loc.uri, list);
    };
    for (const node of model.nodes) {
      add(node.callLoc, { k: 'node', node });
      if (node.func) add(node.func.loc, { k: 'func', node });
      for (const [refs, role] of [[node.inputs, 'input'], [node.outputs, 'output']] as const) {
        for (const ref of refs) {
          if (!ref.literal) continue;
          if (isParamName(ref.name)) add(ref.loc, { k: 'param', key: ref.name === 'parameters' ? '' : ref.name.slice('params:'.length), ref, node });
          else add(ref.loc, { k: 'dataset', name: ref.name, ref, node, role });
        }
      }
    }
    for (const { uri, call } of model.catalogCalls) add({ uri, span: call.name.span }, { k: 'catalogCall', name: call.name.value, loc: { uri, span: call.name.span } });
    for (const f of model.confFiles) {
      if (f.kind === 'catalog') {
        for (const entry of f.catalog) {
          add({ uri: f.uri, span: entry.keySpan }, { k: 'catalogKey', name: entry.name, entry, uri: f.uri, env: f.ref.env });
          if (entry.type) add({ uri: f.uri, span: entry.type.span }, { k: 'catalogType', entry, uri: f.uri, env: f.ref.env });
        }
      } else if (f.kind === 'parameters') {
        for (const p of f.params) add({ uri: f.uri, span: p.keySpan }, { k: 'paramKey', path: p.path, fact: p, uri: f.uri, env: f.ref.env });
      }
    }
    for (const list of this.byUri.values()) list.sort((a, b) => size(a.span) - size(b.span));
  }

  at(uri: string, pos: Pos): Target | undefined {
    return this.byUri.get(uri)?.find((e) => containsPos(e.span, pos))?.target;
  }

  /** Every target in a file (for code lenses and symbols). */
  inFile(uri: string): readonly Entry[] {
    return this.byUri.get(uri) ?? [];
  }
}

const cache = new WeakMap<ProjectModel, PositionIndex>();

export function positionIndex(model: ProjectModel): PositionIndex {
  let idx = cache.get(model);
  if (!idx) {
    idx = new PositionIndex(model);
    cache.set(model, idx);
  }
  return idx;
}
