import { memoOn } from '../core/memo';
import { loadedCatalogEntries, type LoadedEntry } from '../project/catalogEntries';
import { baseName, isParamName, matchingPattern, patternMatcher, type DatasetUse, type ProjectModel } from '../project/model';
import { alwaysAtLeast } from '../project/versions';

export { entryType, loadedCatalogEntries, type LoadedEntry } from '../project/catalogEntries';

// By the uses list, which a catalog or parameters edit keeps (the node index is derived from the registry alone).
const namesOf = memoOn((uses: readonly DatasetUse[]): ReadonlySet<string> => new Set(uses.map((u) => u.name)));

/** Names the registered pipelines read or write (final names), for "used" checks. */
export const usedDatasetNames = (model: ProjectModel): ReadonlySet<string> => namesOf(model.uses);

export function isEntryUsed(model: ProjectModel, used: ReadonlySet<string>, e: LoadedEntry): boolean {
  if (!e.fact.isPattern) return used.has(e.fact.name);
  const re = patternMatcher(e.fact.name);
  for (const n of used) if (re.test(n)) return true;
  return false;
}

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

/**
 * Catalog entries no registered pipeline (nor the package's own code, a hook's `catalog.save`) reads or writes, and
 * dataset factories no such dataset takes its entry from: what KL110 reports and the Datasets view dims. Undefined while
 * some pipeline cannot be evaluated statically (unknown).
 */
export function unusedCatalogEntries(model: ProjectModel): readonly LoadedEntry[] | undefined {
  if (model.unknownProducers || model.registry.pipelines.size === 0) return undefined;
  // What the package's code (hooks, not scripts or notebooks) loads or saves by name runs with the pipelines.
  const byCode = model.catalogCalls.filter((c) => model.python.moduleAt(c.uri)).map((c) => c.call.name.value);
  const used = byCode.length ? new Set([...usedDatasetNames(model), ...byCode]) : usedDatasetNames(model);
  const usedBases = basesOf(used);
  // Factories exist from 0.18.12 (before, a `{x}` key is a dataset of that name, used by no node either).
  const factories = alwaysAtLeast(model.versions.kedro, '0.18.12') ? usedFactories(model, used) : undefined;
  return loadedCatalogEntries(model).filter((e) =>
    e.fact.isPattern
      ? !!factories && !factories.has(e.fact.name)
      : // A transcoded entry counts as used when any variant of its family is.
        !isEntryUsed(model, used, e) && !(e.fact.name.includes('@') && usedBases.has(baseName(e.fact.name))),
  );
}
