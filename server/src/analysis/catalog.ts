import { memoOn } from '../core/memo';
import { patternMatcher, type DatasetUse, type ProjectModel } from '../project/model';
import type { LoadedEntry } from '../project/catalogEntries';

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
