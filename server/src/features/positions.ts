import { containsPos, type Loc, type Pos, type Span } from '../core/types';
import type { CatalogEntryFact, ParamFact } from '../parsing/yaml/confFacts';
import { isParamName, type ProjectModel } from '../project/model';
import type { DatasetRef, ResolvedNode } from '../project/pipelines/types';
import { keyMatches, nameAtStage, type WrapString } from '../project/pipelines/wrapSites';

/** What one written string becomes in one node: a template pipeline reused under several namespaces has several. */
export interface Instance {
  readonly name: string;
  readonly node: ResolvedNode;
  readonly ref: DatasetRef;
  readonly role: 'input' | 'output';
}

/** Something Kedro-specific under the cursor. */
export type Target =
  | { readonly kind: 'dataset'; readonly name: string; readonly ref: DatasetRef; readonly node: ResolvedNode; readonly role: 'input' | 'output'; readonly instances: readonly Instance[] }
  | { readonly kind: 'param'; readonly key: string; readonly ref: DatasetRef; readonly node: ResolvedNode; readonly instances: readonly Instance[] }
  /** A string in a wrapper's inputs/outputs/parameters; `instances`: the node refs its mapping key renames. */
  | { readonly kind: 'wrapString'; readonly wrap: WrapString; readonly instances: readonly Instance[] }
  /** A wrapper's literal `namespace=` string, with the nodes it namespaces (in every instance). */
  | { readonly kind: 'namespace'; readonly name: string; readonly loc: Loc; readonly prefix: boolean; readonly nodes: readonly ResolvedNode[] }
  | { readonly kind: 'catalogKey'; readonly name: string; readonly entry: CatalogEntryFact; readonly uri: string; readonly env: string }
  | { readonly kind: 'catalogType'; readonly entry: CatalogEntryFact; readonly uri: string; readonly env: string }
  | { readonly kind: 'paramKey'; readonly path: string; readonly fact: ParamFact; readonly uri: string; readonly env: string }
  | { readonly kind: 'catalogCall'; readonly name: string; readonly loc: Loc }
  | { readonly kind: 'func'; readonly node: ResolvedNode }
  | { readonly kind: 'node'; readonly node: ResolvedNode };

interface Entry {
  readonly span: Span;
  readonly target: Target;
}

const paramKey = (name: string): string => (name === 'parameters' ? '' : name.slice('params:'.length));

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
    // One target per written string: the nodes of a reused template share it, each adding its instance.
    const shared = new Map<string, Instance[]>();
    const sharedNodes = new Map<string, ResolvedNode[]>();
    const once = (loc: Loc, tag: string, make: (instances: Instance[]) => Target): Instance[] => {
      const key = `${tag}|${loc.uri}|${loc.span.start.line}:${loc.span.start.character}:${loc.span.end.line}:${loc.span.end.character}`;
      let list = shared.get(key);
      if (!list) {
        shared.set(key, (list = []));
        add(loc, make(list));
      }
      return list;
    };
    for (const node of model.nodes) {
      add(node.callLoc, { kind: 'node', node });
      if (node.func) add(node.func.loc, { kind: 'func', node });
      for (const [refs, role] of [[node.inputs, 'input'], [node.outputs, 'output']] as const) {
        for (const ref of refs) {
          if (!ref.literal) continue;
          const param = isParamName(ref.name) || isParamName(ref.written);
          const instances = param
            ? once(ref.loc, 'param', (instances) => ({ kind: 'param', key: paramKey(ref.name), ref, node, instances }))
            : once(ref.loc, role, (instances) => ({ kind: 'dataset', name: ref.name, ref, node, role, instances }));
          instances.push({ name: ref.name, node, ref, role });
        }
      }
      (node.wraps ?? []).forEach((w, stage) => {
        for (const str of w.source.strings) {
          const instances = once(str.loc, 'wrap', (instances) => ({ kind: 'wrapString', wrap: str, instances }));
          for (const [refs, role] of [[node.inputs, 'input'], [node.outputs, 'output']] as const) {
            for (const ref of refs) {
              const inner = nameAtStage(node, ref, stage);
              if (inner !== undefined && keyMatches(str.key, inner)) instances.push({ name: ref.name, node, ref, role });
            }
          }
        }
        const nsLoc = w.source.namespaceLoc;
        if (nsLoc && w.namespace) {
          const key = `${nsLoc.uri}|${nsLoc.span.start.line}:${nsLoc.span.start.character}|${w.namespace}`;
          let nodes = sharedNodes.get(key);
          if (!nodes) {
            sharedNodes.set(key, (nodes = []));
            add(nsLoc, { kind: 'namespace', name: w.namespace, loc: nsLoc, prefix: w.prefix, nodes });
          }
          nodes.push(node);
        }
      });
    }
    for (const { uri, call } of model.catalogCalls) add({ uri, span: call.name.span }, { kind: 'catalogCall', name: call.name.value, loc: { uri, span: call.name.span } });
    for (const f of model.confFiles) {
      if (f.kind === 'catalog') {
        for (const entry of f.catalog) {
          add({ uri: f.uri, span: entry.keySpan }, { kind: 'catalogKey', name: entry.name, entry, uri: f.uri, env: f.ref.env });
          if (entry.type) add({ uri: f.uri, span: entry.type.span }, { kind: 'catalogType', entry, uri: f.uri, env: f.ref.env });
        }
      } else if (f.kind === 'parameters') {
        for (const p of f.params) add({ uri: f.uri, span: p.keySpan }, { kind: 'paramKey', path: p.path, fact: p, uri: f.uri, env: f.ref.env });
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
