import { nodeRule } from '../rule';
import { closestNames, suggestionsAsWritten } from '../suggest';
import { interpolationMode, isRuntimeParam, type NodeView } from '../../project/model';
import { wholeInterpolation } from '../paramTypes';
import type { DatasetRef, ResolvedNode } from '../../project/pipelines/types';
import { alwaysAtLeast, alwaysBelow } from '../../project/versions';
import { envChainText } from '../../../../common/words';

/** A `params:` input whose key path is not defined in the merged parameters of the selected environment. */
export const parameterNotFound = nodeRule({
  code: 'KL201',
  name: 'parameter-not-found',
  defaultSeverity: 'error',
  summary: "A 'params:' input whose key is not defined in the parameters of the selected environment.",
  docs: {
    why: `Kedro registers one in-memory catalog entry per parameter path (\`params:model_options\`,
\`params:model_options.test_size\`, …) from the merged parameters files (\`parameters*\`, \`**/parameters*\` in \`base\`, then
the run environment, whose top-level keys replace base's: the default *destructive* merge). A missing path fails the run
like a missing dataset: "Pipeline input(s) {'params:model_option'} not found". Lists are leaves (\`params:features.0\`
does not exist). Inside \`Pipeline(namespace="ns")\` a \`params:lr\` becomes \`params:ns.lr\` unless listed in \`parameters=\`
(from Kedro 0.18.0; before it namespaces left \`params:\` alone, so with a range that may be older a namespaced key is not
reported while the un-prefixed one exists). A key the config reads as \`\${runtime_params:key}\` without a default is
supplied by \`kedro run --params key=...\` and is not reported (KL905 informs). A key under a parameter whose value is one
whole \`\${...}\` the loader may fill with a mapping (\`\${globals:x}\` under OmegaConfigLoader, a TemplatedConfigLoader global
not known here) is not reported; TemplatedConfigLoader's known globals are filled in first (\`q: \${mapping}\` gives
\`params:q.a\`), and the plain \`ConfigLoader\` of Kedro 0.17/0.18 keeps the str, which has no keys.`,
    bad: { lang: 'python', file: 'pipelines/data_science/pipeline.py', code: 'Node(split_data, ["model_input_table", "params:model_option"], ["X_train", "X_test"])' },
    good: { lang: 'python', file: 'pipelines/data_science/pipeline.py', code: 'Node(split_data, ["model_input_table", "params:model_options"], ["X_train", "X_test"])' },
  },
  check(model, node, report) {
    if (node.partial) return;
    for (const ref of node.inputs) {
      const missing = undefinedParameter(model, node, ref);
      if (!missing) continue;
      const { key, unmapped } = missing;
      const ns = node.namespace;
      const suggestions = closestNames(key, model.params.keys());
      const where = `the parameters of ${envChainText(model.envChain)}`;
      report(
        ref.loc,
        unmapped
          ? `Parameter '${key}' is not defined in ${where}; '${unmapped}' is, so map it with parameters={"${unmapped}"} on the Pipeline(namespace="${ns}") wrapper or nest it under '${ns}'.`
          : `Parameter '${key}' is not defined in ${where}.`,
        {
          data: { name: ref.name, suggestions: suggestionsAsWritten(`params:${key}`, ref.written, suggestions.map((s) => `params:${s}`)) },
          related: suggestions.flatMap((s) => {
            const p = model.params.get(s);
            return p ? [{ loc: { uri: p.uri, span: p.fact.keySpan }, message: `Did you mean 'params:${s}'?` }] : [];
          }),
        },
      );
    }
  },
});

/**
 * The key a `params:` input names when no release of the project's Kedro range defines it (what KL201 reports; the
 * graph draws the same inputs as missing). `unmapped`: the un-namespaced key that does exist.
 */
export function undefinedParameter(model: NodeView, node: ResolvedNode, ref: DatasetRef): { key: string; unmapped?: string } | undefined {
  if (!ref.name.startsWith('params:')) return undefined;
  const range = model.versions.kedro;
  const ns = node.namespace;
  const writtenKey = ref.written.startsWith('params:') ? ref.written.slice('params:'.length) : undefined;
  // Kedro namespaces params: only from 0.18.0.
  const prefixed = !!ns && !!writtenKey && ref.name === `params:${ns}.${writtenKey}`;
  const key = prefixed && alwaysBelow(range, '0.18') ? (writtenKey as string) : ref.name.slice('params:'.length);
  if (model.params.has(key)) return undefined;
  if (prefixed && !alwaysAtLeast(range, '0.18') && model.params.has(writtenKey as string)) return undefined;
  // Before 0.18 no wrapper prefixed params: an outer namespace may have been added to a key a mapping wrote.
  if (ns && !alwaysAtLeast(range, '0.18') && outerPrefixes(ns).some((p) => key.startsWith(p) && model.params.has(key.slice(p.length)))) return undefined;
  if (isRuntimeParam(model, key)) return undefined;
  if (underInterpolation(model, key)) return undefined;
  const unmapped = ns && writtenKey && writtenKey !== key && model.params.has(writtenKey) ? writtenKey : undefined;
  return unmapped ? { key, unmapped } : { key };
}

/**
 * A mapping key whose value is one whole `${...}` the loader may fill with a mapping (OmegaConf's `${globals:x}`,
 * TemplatedConfigLoader's `${x}` not known here): its children are not known. ConfigLoader keeps the str; OmegaConf's
 * plain `${a.b}` references are already resolved in the merged parameters (one left names no key).
 */
function underInterpolation(model: NodeView, key: string): boolean {
  const mode = interpolationMode(model);
  if (mode === 'literal') return false;
  const parts = key.split('.');
  for (let i = 1; i < parts.length; i++) {
    const p = model.params.get(parts.slice(0, i).join('.'));
    if (p && wholeInterpolation(p.fact) && (mode !== 'omega' || p.fact.preview?.includes(':'))) return true;
  }
  return false;
}

/** `a.b.c` → `a.`, `a.b.`, `a.b.c.`: the prefixes nested namespace wrappers may have added. */
function outerPrefixes(ns: string): string[] {
  const parts = ns.split('.');
  return parts.map((_, i) => `${parts.slice(0, i + 1).join('.')}.`);
}
