import { memoPer } from '../core/memo';
import type { CatalogEntryFact } from '../parsing/yaml/confFacts';
import { resolveDatasetType, type TypeResolution } from '../project/datasetTypes';
import { loadedConfFiles, patternMatcher, resolveCatalogScalar, type NodeView, type ProjectModel } from '../project/model';

export interface LoadedEntry {
  readonly fact: CatalogEntryFact;
  readonly uri: string;
  readonly env: string;
}

/** Catalog entries (and patterns) of every file Kedro loads for the selected env; templates (`_x`) excluded. */
export function loadedCatalogEntries(model: ProjectModel): LoadedEntry[] {
  return loadedConfFiles(model, 'catalog').flatMap((f) => f.catalog.filter((e) => !e.isTemplate).map((fact) => ({ fact, uri: f.uri, env: f.ref.env })));
}

/** The entry's `type`, interpolation resolved; undefined when absent or not statically known. */
export const entryType = memoPer(computeEntryType, (e: LoadedEntry) => e.fact);

function computeEntryType(model: NodeView, e: LoadedEntry): { value: string; resolution: TypeResolution } | undefined {
  if (!e.fact.type) return undefined;
  const value = resolveCatalogScalar(model, e.env, e.fact.type.value);
  if (value === undefined) return undefined;
  const isProjectClass = (dotted: string): boolean => {
    const at = dotted.lastIndexOf('.');
    const mod = at > 0 ? model.python.module(dotted.slice(0, at)) : undefined;
    return !!mod?.facts.classes.some((c) => c.name === dotted.slice(at + 1));
  };
  return { value, resolution: resolveDatasetType(value, isProjectClass, model.versions) };
}

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
