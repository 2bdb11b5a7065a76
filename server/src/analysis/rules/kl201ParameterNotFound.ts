import type { Rule } from '../rule';
import { closestNames } from '../suggest';

/** A `params:` input whose key path is not defined in the merged parameters of the selected environment. */
export const parameterNotFound: Rule = {
  code: 'KL201',
  name: 'parameter-not-found',
  defaultSeverity: 'error',
  summary: "A 'params:' input whose key is not defined in the parameters of the selected environment.",
  check(model, report) {
    for (const use of model.uses) {
      if (use.role !== 'input' || !use.name.startsWith('params:') || use.node.renamed) continue;
      const key = use.name.slice('params:'.length);
      if (model.params.has(key)) continue;
      const suggestions = closestNames(key, model.params.keys());
      report(
        { uri: use.uri, span: use.lit.span },
        `Parameter '${key}' is not defined in the parameters of environment '${model.envChain.join(' + ')}'.`,
        {
          data: { name: use.name, suggestions: suggestions.map((s) => `params:${s}`) },
          related: suggestions.flatMap((s) => {
            const p = model.params.get(s);
            return p ? [{ loc: { uri: p.uri, span: p.fact.keySpan }, message: `Did you mean 'params:${s}'?` }] : [];
          }),
        },
      );
    }
  },
};
