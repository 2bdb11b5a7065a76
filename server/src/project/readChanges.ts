// Which recorded reads (core/memo.ts) of cached node checks may answer differently in a new model than in the one
// they were last checked against: computed once per pair of models from what changed (the edited module, the
// catalog entries that differ, the datasets whose writers changed), so reused nodes re-read almost nothing.
import type { ReadChanges, Reader } from '../core/memo';
import { catalogKey, firstProducerOf, paramKey, patternReader, runtimeParamKeys, runtimeParamReader, soleProducerOf, wholeCatalog, wholeParams, type ProjectModel } from './model';
import { moduleFactsReader } from './pythonIndex';

/** The parts of a model that recorded reads come from. */
export interface ReadSources {
  readonly python: ProjectModel['python'];
  readonly catalog: ProjectModel['catalog'];
  readonly patterns: ProjectModel['patterns'];
  readonly params: ProjectModel['params'];
  readonly producers: ProjectModel['producers'];
  /** Keys the config reads as `${runtime_params:KEY}` (what runtimeParamReader answers from). */
  readonly runtimeParams: ReadonlySet<string>;
}

const sources = new WeakMap<ProjectModel, ReadSources>();

/** One object per model, so "last checked against" can be compared and diffs memoised. */
export function readSourcesOf(model: ProjectModel): ReadSources {
  let s = sources.get(model);
  if (!s) sources.set(model, (s = { python: model.python, catalog: model.catalog, patterns: model.patterns, params: model.params, producers: model.producers, runtimeParams: runtimeParamKeys(model) }));
  return s;
}

/** Every reader whose answers computeChanges can tell apart. */
export const KNOWN_READERS: ReadonlySet<Reader> = new Set<Reader>([moduleFactsReader, catalogKey, paramKey, soleProducerOf, firstProducerOf, patternReader, wholeCatalog, wholeParams, runtimeParamReader]);

const diffs = new WeakMap<ReadSources, WeakMap<ReadSources, ReadChanges>>();

export function readChanges(from: ReadSources, to: ReadSources): ReadChanges {
  let byTo = diffs.get(from);
  if (!byTo) diffs.set(from, (byTo = new WeakMap()));
  let changes = byTo.get(to);
  if (!changes) byTo.set(to, (changes = computeChanges(from, to)));
  return changes;
}

function changedKeys<V>(a: Iterable<string>, b: Iterable<string>, get: (which: 0 | 1, key: string) => V, same: (x: V, y: V) => boolean): Set<string> {
  const out = new Set<string>();
  for (const keys of [a, b]) for (const k of keys) if (!out.has(k) && !same(get(0, k), get(1, k))) out.add(k);
  return out;
}

const sameList = <T>(x: readonly T[] | undefined, y: readonly T[] | undefined): boolean => x === y || (!!x && !!y && x.length === y.length && x.every((v, i) => v === y[i]));

function computeChanges(from: ReadSources, to: ReadSources): ReadChanges {
  const modules =
    from.python === to.python
      ? new Set<string>()
      : changedKeys(from.python.byName.keys(), to.python.byName.keys(), (w, k) => (w ? to : from).python.byName.get(k)?.facts, (x, y) => x === y);
  const catalog = from.catalog === to.catalog ? new Set<string>() : changedKeys(from.catalog.peekKeys(), to.catalog.peekKeys(), (w, k) => (w ? to : from).catalog.peek(k), (x, y) => x === y);
  const params = from.params === to.params ? new Set<string>() : changedKeys(from.params.peekKeys(), to.params.peekKeys(), (w, k) => (w ? to : from).params.peek(k), (x, y) => x === y);
  const producers = from.producers === to.producers ? new Set<string>() : changedKeys(from.producers.keys(), to.producers.keys(), (w, k) => (w ? to : from).producers.get(k), sameList);
  const patterns = !sameList(from.patterns, to.patterns);
  // A runtime_params key answers differently only when it entered or left the set (KL201 reads it for every params: input).
  const runtime = from.runtimeParams === to.runtimeParams ? new Set<string>() : changedKeys(from.runtimeParams, to.runtimeParams, (w, k) => (w ? to : from).runtimeParams.has(k), (x, y) => x === y);
  const differing = new Map<Reader, true | ReadonlySet<string>>();
  const keys = (reader: Reader, set: ReadonlySet<string>): void => {
    if (set.size) differing.set(reader, set);
  };
  keys(moduleFactsReader, modules);
  keys(catalogKey, catalog);
  keys(paramKey, params);
  // Both record the dataset's base name, the key of `producers`.
  keys(soleProducerOf, producers);
  keys(firstProducerOf, producers);
  keys(runtimeParamReader, runtime);
  if (patterns) differing.set(patternReader, true);
  if (from.catalog !== to.catalog) differing.set(wholeCatalog, true);
  if (from.params !== to.params) differing.set(wholeParams, true);
  return { differing };
}

const READER_NAMES = new Map<Reader, string>([
  [moduleFactsReader, 'modules'],
  [catalogKey, 'catalog entries'],
  [paramKey, 'parameters'],
  [soleProducerOf, 'writers of'],
  [firstProducerOf, 'first writers of'],
  [patternReader, 'factory patterns'],
  [wholeCatalog, 'the catalog'],
  [wholeParams, 'the parameters'],
  [runtimeParamReader, 'runtime parameters'],
]);

/** What changed between two models, in words (for ReuseMismatch reports). */
export function describeChanges(from: ReadSources, to: ReadSources): string {
  const parts = [...readChanges(from, to).differing].map(([reader, keys]) => `${READER_NAMES.get(reader) ?? 'unknown reader'}${keys === true ? '' : ` ${[...keys].join(', ')}`}`);
  return parts.length ? parts.join('; ') : 'no change the runner tracks';
}
