import type { Rule } from '../rule';
import { isEntryUsed, loadedCatalogEntries, usedDatasetNames } from '../catalog';
import { baseName } from '../../project/model';
import { memoOn } from '../../core/memo';

const basesOf = memoOn((used: ReadonlySet<string>): ReadonlySet<string> => new Set([...used].map(baseName)));

/** A catalog entry no registered pipeline (nor the package's own code, a hook's `catalog.save`) reads or writes. */
export const unusedCatalogEntry: Rule = {
  code: 'KL110',
  name: 'unused-catalog-entry',
  defaultSeverity: 'hint',
  summary: 'A catalog entry that no registered pipeline reads or writes.',
  docs: {
    why: `Entries no pipeline uses are often leftovers from renamed datasets (the pipeline then silently uses a
MemoryDataset under the new name) or are only used from notebooks. An entry the project package's own code loads or saves by name (a hook's
\`catalog.save("report", ...)\`) is used. Kedro 1.x creates datasets lazily, so they cost nothing
at run time; this is a hint. Not reported while some pipeline cannot be evaluated statically.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'preprocessed_companys:   # the pipeline writes preprocessed_companies\n  type: pandas.CSVDataset\n  filepath: data/02_intermediate/companies.csv' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'preprocessed_companies:\n  type: pandas.CSVDataset\n  filepath: data/02_intermediate/companies.csv' },
  },
  check(model, report) {
    if (model.unknownProducers || model.registry.pipelines.size === 0) return;
    // What the package's code (hooks, not scripts or notebooks) loads or saves by name runs with the pipelines.
    const byCode = model.catalogCalls.filter((c) => model.python.moduleAt(c.uri)).map((c) => c.call.name.value);
    const used = byCode.length ? new Set([...usedDatasetNames(model), ...byCode]) : usedDatasetNames(model);
    const usedBases = basesOf(used);
    for (const e of loadedCatalogEntries(model)) {
      if (e.fact.isPattern || isEntryUsed(model, used, e)) continue;
      // A transcoded entry counts as used when any variant of its family is.
      if (e.fact.name.includes('@') && usedBases.has(baseName(e.fact.name))) continue;
      report({ uri: e.uri, span: e.fact.keySpan }, `Catalog entry '${e.fact.name}' is not used by any registered pipeline.`, { data: { name: e.fact.name } });
    }
  },
};
