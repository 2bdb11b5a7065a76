import { patternMatcher, type ProjectModel } from '../project/model';
import type { LoadedEntry } from '../project/catalogEntries';

export { entryType, loadedCatalogEntries, type LoadedEntry } from '../project/catalogEntries';

// By the uses list, which a catalog or parameters edit keeps (the node index is derived from the registry alone).
const usedCache = new WeakMap<readonly unknown[], ReadonlySet<string>>();

/** Names the registered pipelines read or write (final names), for "used" checks. */
export function usedDatasetNames(model: ProjectModel): ReadonlySet<string> {
  let names = usedCache.get(model.uses);
  if (!names) usedCache.set(model.uses, (names = new Set(model.uses.map((u) => u.name))));
  return names;
}

export function isEntryUsed(model: ProjectModel, used: ReadonlySet<string>, e: LoadedEntry): boolean {
  if (!e.fact.isPattern) return used.has(e.fact.name);
  const re = patternMatcher(e.fact.name);
  for (const n of used) if (re.test(n)) return true;
  return false;
}
