import type { Related } from '../core/types';
import { baseName, firstProducer, matchingPattern, type NodeView } from '../project/model';
import type { DatasetRef, ResolvedNode } from '../project/pipelines/types';

/** Explicit catalog entry (exact name, transcoding included), factory pattern, or a node output of the same base. */
export function isProvided(model: NodeView, name: string): boolean {
  return model.catalog.has(name) || model.producedNames.has(baseName(name)) || model.addedDatasets.has(baseName(name)) || !!matchingPattern(model, name);
}

/** For `ns.x` read inside namespace `ns`: the un-prefixed `x` when that one is provided. */
export function namespacedTwin(model: NodeView, node: ResolvedNode, ref: DatasetRef): { original: string; namespace: string } | undefined {
  const ns = node.namespace;
  if (!ns || ref.name === ref.written) return undefined;
  const parts = ns.split('.');
  // Outer namespaces are prefixed last; try the innermost written name first.
  for (let i = parts.length; i > 0; i--) {
    const prefix = `${parts.slice(0, i).join('.')}.`;
    if (!ref.name.startsWith(prefix)) continue;
    const original = ref.name.slice(prefix.length);
    if (isProvided(model, original)) return { original, namespace: parts.slice(0, i).join('.') };
  }
  return undefined;
}

/** "Did you mean" locations: the catalog key, or the first node output, of each suggestion. */
export function relatedForSuggestions(model: NodeView, suggestions: readonly string[]): Related[] {
  return suggestions.flatMap((s) => {
    const entry = model.catalog.get(s);
    const producer = firstProducer(model, s);
    const loc = entry ? { uri: entry.uri, span: entry.fact.keySpan } : producer ? producer.ref.loc : undefined;
    return loc ? [{ loc, message: `Did you mean '${s}'?` }] : [];
  });
}
