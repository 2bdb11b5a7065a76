import type { Rule } from '../rule';
import { isEntryUsed, loadedCatalogEntries, usedDatasetNames } from '../catalog';
import { baseName, isParamName, matchingPattern, type ProjectModel } from '../../project/model';
import { alwaysAtLeast } from '../../project/versions';
import { memoOn } from '../../core/memo';

const basesOf = memoOn((used: ReadonlySet<string>): ReadonlySet<string> => new Set([...used].map(baseName)));

/**
 * The factories some dataset takes its entry from: a name of a registered pipeline, or one any code, script or notebook
 * loads or saves (a factory is there to match names, also those only a notebook reads), that no explicit entry has and
 * whose best-ranked matching pattern it is (Kedro uses only that one).
 */
function usedFactories(model: ProjectModel, used: ReadonlySet<string>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const name of [...used, ...model.catalogCalls.map((c) => c.call.name.value)]) {
    if (isParamName(name) || model.catalog.has(name)) continue;
    const p = matchingPattern(model, name);
    if (p) out.add(p.fact.name);
  }
  return out;
}

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
    if (model.unknownProducers || model.registry.pipelines.size === 0) return;
    // What the package's code (hooks, not scripts or notebooks) loads or saves by name runs with the pipelines.
    const byCode = model.catalogCalls.filter((c) => model.python.moduleAt(c.uri)).map((c) => c.call.name.value);
    const used = byCode.length ? new Set([...usedDatasetNames(model), ...byCode]) : usedDatasetNames(model);
    const usedBases = basesOf(used);
    // Factories exist from 0.18.12 (before, a `{x}` key is a dataset of that name, used by no node either).
    const factories = alwaysAtLeast(model.versions.kedro, '0.18.12') ? usedFactories(model, used) : undefined;
    for (const e of loadedCatalogEntries(model)) {
      if (e.fact.isPattern) {
        if (factories && !factories.has(e.fact.name)) report({ uri: e.uri, span: e.fact.keySpan }, `Dataset factory '${e.fact.name}' matches no dataset of any registered pipeline.`, { data: { name: e.fact.name } });
        continue;
      }
      if (isEntryUsed(model, used, e)) continue;
      // A transcoded entry counts as used when any variant of its family is.
      if (e.fact.name.includes('@') && usedBases.has(baseName(e.fact.name))) continue;
      report({ uri: e.uri, span: e.fact.keySpan }, `Catalog entry '${e.fact.name}' is not used by any registered pipeline.`, { data: { name: e.fact.name } });
    }
  },
};
