import { memoPer } from '../core/memo';
import type { CatalogEntryFact } from '../parsing/yaml/confFacts';
import { resolveDatasetType, type TypeResolution } from './datasetTypes';
import { loadedConfFiles, resolveCatalogScalar, type NodeView, type ProjectModel } from './model';

// The catalog entries Kedro loads and their resolved types: project facts (KL111's input files need them too), read by
// the catalog rules in analysis/.

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
