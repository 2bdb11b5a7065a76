import { nodeRule } from '../rule';
import { isProvided, namespacedTwin, relatedForSuggestions } from '../datasets';
import { baseName, catalogInOtherEnvs, isParamName, type NodeView } from '../../project/model';
import { memoPer } from '../../core/memo';
import { closestNames, suggestionsAsWritten } from '../suggest';
import { andList, envChainText, envText } from '../../../../common/words';

/** A node input that no catalog entry, factory pattern or node output provides: Kedro fails before the first node runs. */
export const datasetNotFound = nodeRule({
  code: 'KL001',
  name: 'dataset-not-found',
  defaultSeverity: 'error',
  summary: 'A node input that no catalog entry, factory pattern or node output provides.',
  docs: {
    why: `\`kedro run\` checks every free input of the pipeline it runs against the catalog before the first node starts. A
name that is not an explicit entry, matches no dataset factory pattern and is written by no node fails the run:
\`ValueError: Pipeline input(s) {'companys'} not found in the DataCatalog\`. The catalog is \`conf/base\` merged with the
selected environment (\`kedro.environment\`; by default the project's \`default_run_env\`, \`local\` in Kedro's template). Close names from the catalog and node outputs are offered
as "Did you mean" related locations and quick fixes. A name defined only in another environment's catalog
(\`conf/prod/catalog.yml\` while \`base + local\` is selected) is still reported, since this run fails, but the message
says where it is defined, a related location points at that entry, and a quick fix switches the editor to that
environment (\`kedro run --env=prod\` reads it). Nothing is reported while some pipeline could not be evaluated
statically (an unknown node might produce the name). Names a registered hook adds to the catalog by a literal name count
as provided (\`catalog.add("x", ...)\`, \`catalog["x"] = ...\` in \`after_catalog_created\`, or in Kedro 0.17's
\`register_catalog\`), as do those an installed plugin adds (kedro-neptune's \`neptune_run\`, where a dependency file names
the plugin or its \`neptune.yml\` is in the conf folder).`,
    bad: { lang: 'python', file: 'pipelines/data_processing/pipeline.py', code: 'Node(preprocess_companies, inputs="companys", outputs="preprocessed_companies")' },
    good: { lang: 'python', file: 'pipelines/data_processing/pipeline.py', code: 'Node(preprocess_companies, inputs="companies", outputs="preprocessed_companies")' },
  },
  check(model, node, report) {
    if (model.unknownProducers || node.partial) return;
    for (const ref of node.inputs) {
      if (isParamName(ref.name) || isProvided(model, ref.name) || namespacedTwin(model, node, ref)) continue;
      const suggestions = closestNames(ref.name, knownNames(model));
      // Defined only in an environment this run does not load (conf/prod while base + local is selected).
      const elsewhere = catalogInOtherEnvs(model, baseName(ref.name));
      const dirs = [...new Set(elsewhere.map((e) => e.dir))];
      const where = elsewhere.length ? `: it is defined in ${andList(dirs)} only, and the current environment is ${envChainText(model.envChain)}` : '';
      report(ref.loc, `Dataset '${ref.name}' is not in the catalog and no node produces it${where}.`, {
        data: { name: ref.name, written: ref.written, suggestions: suggestionsAsWritten(ref.name, ref.written, suggestions), literal: ref.literal, ...(elsewhere.length ? { otherEnvs: [...new Set(elsewhere.map((e) => e.env))] } : {}) },
        related: [...elsewhere.map((e) => ({ loc: { uri: e.uri, span: e.span }, message: `'${baseName(ref.name)}' in ${envText(e.env)}` })), ...relatedForSuggestions(model, suggestions)],
      });
    }
  },
});


// Only needed when something is missing: built once per model, on the first finding (and reads the whole catalog).
const knownNames = (model: NodeView): ReadonlySet<string> => knownNamesOf(model, 'all') as ReadonlySet<string>;
const knownNamesOf = memoPer((model: NodeView): ReadonlySet<string> => new Set([...model.catalog.keys(), ...model.producedNames]));
