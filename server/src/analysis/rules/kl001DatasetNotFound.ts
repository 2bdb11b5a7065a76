import type { Rule } from '../rule';
import { baseName, isParamName, matchingPattern } from '../../project/model';
import { closestNames } from '../suggest';

/** A node input that no catalog entry, factory pattern or node output provides: Kedro fails before the first node runs. */
export const datasetNotFound: Rule = {
  code: 'KL001',
  name: 'dataset-not-found',
  defaultSeverity: 'error',
  summary: 'A node input that no catalog entry, factory pattern or node output provides.',
  check(model, report) {
    const known = new Set<string>([...model.catalog.keys(), ...model.producers.keys()]);
    for (const use of model.uses) {
      if (use.role !== 'input' || isParamName(use.name) || use.node.renamed) continue;
      if (model.catalog.has(use.name) || model.producers.has(baseName(use.name))) continue;
      if (matchingPattern(model, use.name)) continue;
      const suggestions = closestNames(use.name, known);
      report({ uri: use.uri, span: use.lit.span }, `Dataset '${use.name}' is not in the catalog and no node produces it.`, {
        data: { name: use.name, suggestions },
        related: suggestions.flatMap((s) => {
          const entry = model.catalog.get(s);
          const producer = model.producers.get(s)?.[0];
          const loc = entry ? { uri: entry.uri, span: entry.fact.keySpan } : producer ? { uri: producer.uri, span: producer.lit.span } : undefined;
          return loc ? [{ loc, message: `Did you mean '${s}'?` }] : [];
        }),
      });
    }
  },
};
