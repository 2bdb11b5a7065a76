import type { Rule } from '../rule';
import { isProvided, namespacedTwin, relatedForSuggestions } from '../datasets';
import { isParamName } from '../../project/model';
import { closestNames } from '../suggest';

/** A node input that no catalog entry, factory pattern or node output provides: Kedro fails before the first node runs. */
export const datasetNotFound: Rule = {
  code: 'KL001',
  name: 'dataset-not-found',
  defaultSeverity: 'error',
  summary: 'A node input that no catalog entry, factory pattern or node output provides.',
  docs: {
    why: `\`kedro run\` checks every free input of the pipeline it runs against the catalog before the first node starts. A
name that is not an explicit entry, matches no dataset factory pattern and is written by no node fails the run:
\`ValueError: Pipeline input(s) {'companys'} not found in the DataCatalog\`. The catalog is \`conf/base\` merged with the
selected environment (\`kedro.environment\`, default \`local\`). Close names from the catalog and node outputs are offered
as "Did you mean" related locations and quick fixes. Nothing is reported while some pipeline could not be evaluated
statically (an unknown node might produce the name).`,
    bad: { lang: 'python', file: 'pipelines/data_processing/pipeline.py', code: 'Node(preprocess_companies, inputs="companys", outputs="preprocessed_companies")' },
    good: { lang: 'python', file: 'pipelines/data_processing/pipeline.py', code: 'Node(preprocess_companies, inputs="companies", outputs="preprocessed_companies")' },
  },
  check(model, report) {
    if (model.unknownProducers) return;
    const known = new Set<string>([...model.catalog.keys(), ...model.producers.keys()]);
    for (const use of model.uses) {
      if (use.role !== 'input' || isParamName(use.name) || use.node.partial) continue;
      if (isProvided(model, use.name) || namespacedTwin(model, use)) continue;
      const suggestions = closestNames(use.name, known);
      report(use.ref.loc, `Dataset '${use.name}' is not in the catalog and no node produces it.`, {
        data: { name: use.name, written: use.ref.written, suggestions, literal: use.ref.literal },
        related: relatedForSuggestions(model, suggestions),
      });
    }
  },
};
