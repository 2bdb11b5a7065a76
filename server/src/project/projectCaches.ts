import type { Reads } from '../core/memo';
import type { Registry, ResolvedNode } from './pipelines/types';
import type { CallCache } from './pipelines/evaluator';
import type { PyModuleFacts } from '../parsing/python/facts';
import type { DatasetUse, MergedCatalog, MergedParams, NodeIndex } from './model';

/** The last value built from `key` (compared item by item, by identity). */
export interface Last<T> {
  readonly key: readonly unknown[];
  readonly value: T;
}

/**
 * What one project's analysis keeps from pass to pass so that an edit re-derives only what it touched. Owned by the
 * workspace (one per project root): a new workspace starts from nothing, and `dispose()` lets it all go.
 */
export class ProjectCaches {
  /** The last merges, reused while their input files are the same objects. */
  catalogMerge: Last<MergedCatalog> | undefined;
  paramMerge: Last<MergedParams> | undefined;
  /** The last registry, reused while every module's facts are the same objects (catalog/YAML edits). */
  registry: { readonly modules: readonly PyModuleFacts[]; readonly scope: string; readonly registry: Registry; readonly confReads: Reads | undefined } | undefined;
  /** create_pipeline() results reused across Python edits that do not touch what they read. */
  calls: CallCache | undefined;
  /** The node index of the last registry: a catalog or parameters edit (same registry) reuses it. */
  index: { readonly registry: Registry; readonly index: NodeIndex } | undefined;
  /** The last produced-names set, kept as the same object while its names are the same. */
  producedNames: ReadonlySet<string> | undefined;
  /** The last hook- and plugin-added dataset names, the same object while the names are the same. */
  addedDatasets: ReadonlySet<string> | undefined;
  /** Per node object: its identity key and DatasetUse objects, so unchanged nodes keep them across passes. */
  nodeParts = new WeakMap<ResolvedNode, { readonly key: string; readonly uses: readonly DatasetUse[] }>();

  dispose(): void {
    this.catalogMerge = this.paramMerge = this.registry = this.calls = this.index = this.producedNames = this.addedDatasets = undefined;
    this.nodeParts = new WeakMap();
  }
}
