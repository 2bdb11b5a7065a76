import { nodeRule } from '../rule';
import { isProvided, namespacedTwin } from '../datasets';
import { isParamName } from '../../project/model';

/** A free input that a namespace prefixed (`ns.companies`) while the un-prefixed dataset exists: a missing `inputs=` mapping. */
export const namespacedInput = nodeRule({
  code: 'KL003',
  name: 'namespaced-input-not-mapped',
  defaultSeverity: 'error',
  summary: "An input renamed by a pipeline namespace ('ns.companies') whose un-namespaced name ('companies') is what exists.",
  docs: {
    why: `\`Pipeline(..., namespace="ns")\` prefixes every dataset of its nodes with \`ns.\` unless the name is listed in
\`inputs=\`, \`outputs=\` or \`parameters=\`. A node reading \`companies\` inside the namespace therefore reads
\`ns.companies\`, which nothing provides, and the run fails with "Pipeline input(s) {'ns.companies'} not found". List the
shared dataset in \`inputs=\` to keep its name.`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'Pipeline([Node(clean, "companies", "clean_companies")], namespace="eu")' },
    good: { lang: 'python', file: 'pipeline.py', code: 'Pipeline([Node(clean, "companies", "clean_companies")], namespace="eu", inputs={"companies"})' },
  },
  check(model, node, report) {
    if (model.unknownProducers || node.partial) return;
    for (const ref of node.inputs) {
      if (isParamName(ref.name) || isProvided(model, ref.name)) continue;
      const twin = namespacedTwin(model, node, ref);
      if (!twin) continue;
      report(
        ref.loc,
        `Dataset '${ref.name}' does not exist, but '${twin.original}' does: the namespace '${twin.namespace}' renamed it; add inputs={"${twin.original}"} to the Pipeline(namespace="${twin.namespace}") wrapper.`,
        { data: { name: ref.name, original: twin.original, namespace: twin.namespace } },
      );
    }
  },
});
