import type { Rule } from '../rule';
import { unusedCatalogEntries } from '../catalog';

/** A catalog entry (or dataset factory) no registered pipeline (nor the package's own code, a hook's `catalog.save`) reads or writes. */
export const unusedCatalogEntry: Rule = {
  code: 'KL110',
  name: 'unused-catalog-entry',
  defaultSeverity: 'hint',
  summary: 'A catalog entry (or dataset factory) that no registered pipeline reads or writes.',
  docs: {
    why: `Entries no pipeline uses are often leftovers from renamed datasets (the pipeline then silently uses a
MemoryDataset under the new name) or are only used from notebooks. An entry the project package's own code loads or saves by name (a hook's
\`catalog.save("report", ...)\`) is used. Kedro 1.x creates datasets lazily, so they cost nothing
at run time; this is a hint. A dataset factory (a \`{placeholder}\` key, Kedro 0.18.12 and later) is unused when no dataset
of a registered pipeline takes its entry from it (an explicit entry, or a better-ranked factory, comes first) and no
\`catalog.load/save/exists\` call in the project, its scripts or notebooks names a dataset it matches. Not reported while
some pipeline cannot be evaluated statically.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'preprocessed_companys:   # the pipeline writes preprocessed_companies\n  type: pandas.CSVDataset\n  filepath: data/02_intermediate/companies.csv' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'preprocessed_companies:\n  type: pandas.CSVDataset\n  filepath: data/02_intermediate/companies.csv' },
  },
  check(model, report) {
    for (const e of unusedCatalogEntries(model) ?? []) {
      const message = e.fact.isPattern ? `Dataset factory '${e.fact.name}' matches no dataset of any registered pipeline.` : `Catalog entry '${e.fact.name}' is not used by any registered pipeline.`;
      report({ uri: e.uri, span: e.fact.keySpan }, message, { data: { name: e.fact.name } });
    }
  },
};
