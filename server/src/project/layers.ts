import type { NodeView } from './model';
import { matchingPattern } from './model';

/** Kedro's data engineering layers, in order; names as in kedro-viz metadata or the data/ folders. */
export const LAYERS = ['raw', 'intermediate', 'primary', 'feature', 'model_input', 'models', 'model_output', 'reporting'] as const;

/** 0-based rank of a layer name (`raw`, `01_raw`, `Model Input`), undefined for custom layers. */
export function layerRank(layer: string): number | undefined {
  const norm = layer.toLowerCase().replace(/^\d\d_/, '').replace(/[\s-]+/g, '_');
  const i = (LAYERS as readonly string[]).indexOf(norm === 'features' ? 'feature' : norm === 'model' ? 'models' : norm);
  return i < 0 ? undefined : i;
}

/**
 * Layer of a dataset: catalog metadata first, else a `0N_<layer>` folder in its filepath, named without its number
 * (`06_models` → `models`) so that the Datasets view, hovers and graph group it with the same metadata layer.
 * `filepath`: the filepath with its `${...}` resolved, when the caller has it (`data/${globals:folders.raw}/x.csv`
 * names its folder only once resolved); else the filepath as written.
 */
export function datasetLayerInfo(model: NodeView, name: string, filepath?: string): { layer: string; folder?: string } | undefined {
  const e = model.catalog.get(name) ?? matchingPattern(model, name);
  if (!e) return undefined;
  if (e.fact.layer) return { layer: e.fact.layer };
  const m = /(?:^|\/)(0[1-8]_([a-z_]+))\//.exec(filepath ?? e.fact.filepath?.value ?? '');
  return m?.[1] && m[2] ? { layer: m[2], folder: m[1] } : undefined;
}

export function datasetLayer(model: NodeView, name: string, filepath?: string): string | undefined {
  return datasetLayerInfo(model, name, filepath)?.layer;
}
