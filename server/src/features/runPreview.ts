import { maskSecretText } from '../core/secrets';
import type { MissingOutputsPreview, RunFilter, RunFix, RunPreviewJson } from '../../../common/pipelineModel';
import type { DirEntry } from '../core/types';
import { isUnder, joinUri, relativeUri } from '../core/uri';
import { baseName, catalogInOtherEnvs, isParamName, matchingPattern, patternValues, resolveCatalogScalar, type ProjectModel } from '../project/model';
import type { ResolvedNode } from '../project/pipelines/types';
import { alwaysAtLeast, alwaysBelow } from '../project/versions';

export type { RunFilter };
export type RunPreview = RunPreviewJson;

/**
 * Where each persistent output of the project can be looked up (`--only-missing-outputs`): a local path (versioned:
 * the folder holding one sub-folder per version), or why it cannot be checked from here. Ephemeral datasets (memory,
 * no catalog entry) are absent: Kedro never counts them as existing.
 */
export type OutputCheck = { readonly kind: 'local'; readonly uri: string; readonly versioned: boolean } | { readonly kind: 'unknown'; readonly why: string };

/** Kedro's ephemeral dataset classes (`_EPHEMERAL = True`): outputs that never exist between runs. */
const EPHEMERAL = /^(kedro\.io\.)?(MemoryDataset|MemoryDataSet|SharedMemoryDataset|CachedDataset|CachedDataSet)$/;

/**
 * The class name Kedro's runner puts in "Pipeline input(s) {…} not found in the <class>". Before 0.19.9 the text is
 * literally "DataCatalog"; from then it is the catalog's `__name__`: the project's DATA_CATALOG_CLASS, except that 1.x
 * composes Kedro's own DataCatalog with its CLI mixin (real Kedro 1.5.0: `DataCatalogWithCatalogCommandsMixin`) and
 * ParallelRunner gets a SharedMemoryDataCatalog whatever the setting (KedroSession.run). Undefined when the name
 * depends on what is not known here (a class not read statically, a release range across those changes).
 */
function catalogClassName(model: ProjectModel, parallel: boolean): string | undefined {
  const kedro = model.versions.kedro;
  const cls = model.settings.catalogClass;
  if (alwaysBelow(kedro, '0.19.9')) return 'DataCatalog';
  if (parallel && alwaysAtLeast(kedro, '1.0.0')) return 'SharedMemoryDataCatalog';
  if (!cls || (cls !== 'unknown' && cls.kedro)) return alwaysAtLeast(kedro, '1.0.0') ? 'DataCatalogWithCatalogCommandsMixin' : 'DataCatalog';
  if (cls === 'unknown' || !alwaysAtLeast(kedro, '0.19.9') || (parallel && !alwaysBelow(kedro, '1.0.0'))) return undefined;
  return cls.name;
}

/**
 * What `kedro run --pipelines … --tags … --from-nodes …` would run: Kedro's Pipeline.filter, statically, then its runner's
 * input check. With `disk` (whether each local persistent output exists now), also the inputs the run would fail to
 * load: files only unselected nodes write that are not there yet (real Kedro 1.5: `--pipelines=data_science` on a fresh
 * project exits 1 with `DatasetError: model_input_table: Failed while loading data …`, "No nodes ran").
 */
export function previewRun(model: ProjectModel, f: RunFilter, disk?: ReadonlyMap<string, boolean>, versionsOnDisk?: ReadonlyMap<string, boolean>): RunPreview {
  const names = f.pipelines?.length ? [...new Set(f.pipelines)] : [f.pipeline ?? '__default__'];
  const missingPipeline = names.find((n) => !model.registry.pipelines.get(n));
  // A registry changed in a loop over unknown keys may hold it: not known, not missing.
  if (missingPipeline && model.registry.incomplete) return { nodes: [], partial: true };
  if (missingPipeline) return { nodes: [], error: `Failed to find the pipeline named '${missingPipeline}'. It needs to be generated and returned by the 'register_pipelines' function.`, partial: false };
  const parts = names.map((n) => model.registry.pipelines.get(n)!.pipeline);
  const partial = parts.some((p) => p.open.length > 0);
  // `--pipelines=a,b` runs the sum of the pipelines: each node once.
  const all = unionNodes(parts.map((p) => p.nodes));
  const selection = select(all, f);
  if ('error' in selection) return { nodes: [], error: selection.error, partial: partial && selection.partialMatters };
  const selected = selection.nodes;
  const ordered = topoOrder(selected);
  // Kedro drops the nodes whose outputs exist first, then checks the inputs of what is left.
  const om = f.onlyMissingOutputs ? onlyMissing(model, ordered, disk ?? new Map()) : undefined;
  const running = om ? ordered.filter((n) => !om.skip.includes(n.name)) : selected;
  const missing = missingInputs(model, running);
  const lacking = (nodes: readonly ResolvedNode[]): string[] => [...missingInputs(model, nodes), ...(disk ? absentInputs(nodes, disk) : [])];
  if (missing.length) {
    const fixes = fixesFor(model, names, all, selected, lacking);
    return {
      nodes: ordered.map((n) => n.name),
      // Kedro prints a Python set; its order varies between runs, so the names are sorted here.
      // A catalog class not known here: words that hold for any class rather than a wrong name.
      error: `Pipeline input(s) {${missing.map((d) => `'${d}'`).join(', ')}} not found in the ${catalogClassName(model, !!f.parallel) ?? 'catalog'}`,
      partial,
      missingInputs: missing,
      ...unwritten(model, missing),
      ...(fixes.length ? { fixes } : {}),
      ...(om ? { onlyMissingOutputs: om } : {}),
    };
  }
  const absent = disk ? absentInputs(running, disk) : [];
  if (absent.length) {
    const fixes = fixesFor(model, names, all, selected, lacking);
    return {
      nodes: ordered.map((n) => n.name),
      error: `${absent.join(', ')} ${absent.length === 1 ? 'is' : 'are'} not on disk and no node of the selection writes ${absent.length === 1 ? 'it' : 'them'}: Kedro fails loading ${absent.length === 1 ? 'it' : 'them'} (DatasetError: ${absent[0]}: Failed while loading data from dataset …)`,
      partial,
      absentInputs: absent,
      ...(fixes.length ? { fixes } : {}),
      ...(om ? { onlyMissingOutputs: om } : {}),
    };
  }
  const lost = missingVersions(model, f, running, versionsOnDisk);
  if (lost.length) {
    const first = ordered.find((n) => n.inputs.some((r) => lost.some((l) => l.dataset === r.name)));
    return {
      nodes: ordered.map((n) => n.name),
      error: `${lost.map((l) => `'${l.dataset}' has no version '${l.version}' (${l.path} is not on disk)`).join('; ')}: Kedro fails${first ? ` at ${first.name}` : ''} loading it`,
      partial,
      missingVersions: lost,
      ...(om ? { onlyMissingOutputs: om } : {}),
    };
  }
  return { nodes: ordered.map((n) => n.name), partial, ...(om ? { onlyMissingOutputs: om } : {}) };
}

/** Where `--load-versions` entries of local versioned datasets are: `<filepath>/<version>/<file name>` (as Kedro loads). */
export function loadVersionPaths(model: ProjectModel, f: RunFilter): Map<string, { readonly version: string; readonly uri: string }> {
  const out = new Map<string, { version: string; uri: string }>();
  if (!f.loadVersions) return out;
  const checks = outputChecks(model);
  for (const [dataset, version] of Object.entries(f.loadVersions)) {
    const c = checks.get(dataset);
    if (c?.kind !== 'local' || !c.versioned || !/^[\w.:-]+$/.test(version)) continue;
    out.set(dataset, { version, uri: `${c.uri}/${encodeURIComponent(version)}/${c.uri.slice(c.uri.lastIndexOf('/') + 1)}` });
  }
  return out;
}

function missingVersions(model: ProjectModel, f: RunFilter, running: readonly ResolvedNode[], onDisk: ReadonlyMap<string, boolean> | undefined): { dataset: string; version: string; path: string }[] {
  if (!onDisk || !f.loadVersions) return [];
  const read = new Set(running.flatMap((n) => n.inputs.map((r) => r.name)));
  return [...loadVersionPaths(model, f)]
    .filter(([dataset, v]) => read.has(dataset) && onDisk.get(v.uri) === false)
    .map(([dataset, v]) => ({ dataset, version: v.version, path: relativeUri(model.layout.rootUri, v.uri) ?? v.uri }));
}

/**
 * Inputs of `nodes` that no node of them writes, that another node of the project writes to a local file, and that
 * `disk` says are not there (sorted). Raw inputs (no node writes them) and outputs that cannot be checked are left out.
 */
export function absentInputs(nodes: readonly ResolvedNode[], disk: ReadonlyMap<string, boolean>): string[] {
  const written = new Set(nodes.flatMap((n) => n.outputs.map((o) => baseName(o.name))));
  const free = new Set(nodes.flatMap((n) => n.inputs.map((i) => i.name)).filter((d) => !written.has(baseName(d))));
  return [...free].filter((d) => disk.get(d) === false).sort();
}

function unionNodes(lists: readonly (readonly ResolvedNode[])[]): ResolvedNode[] {
  const seen = new Set<string>();
  const out: ResolvedNode[] = [];
  for (const n of lists.flat()) {
    if (seen.has(n.name)) continue;
    seen.add(n.name);
    out.push(n);
  }
  return out;
}

type Selection = { readonly nodes: ResolvedNode[] } | { readonly error: string; readonly partialMatters: boolean };

/** Kedro's Pipeline.filter: every given filter applies (intersection). */
function select(all: readonly ResolvedNode[], f: RunFilter): Selection {
  const byName = new Map(all.map((n) => [n.name, n]));
  const unknown = [...(f.nodeNames ?? []), ...(f.fromNodes ?? []), ...(f.toNodes ?? [])].filter((n) => !byName.has(n));
  if (unknown.length) return { error: `Pipeline does not contain nodes named [${unknown.map((n) => `'${n}'`).join(', ')}].`, partialMatters: true };
  const datasets = new Set(all.flatMap((n) => [...n.inputs, ...n.outputs].map((r) => r.name)));
  const bases = new Set([...datasets].map(baseName));
  const missingDs = [...(f.fromInputs ?? []), ...(f.toOutputs ?? [])].filter((d) => !datasets.has(d) && !bases.has(d));
  if (missingDs.length) return { error: `Pipeline does not contain datasets named [${missingDs.map((d) => `'${d}'`).join(', ')}].`, partialMatters: true };
  const nsMissing = (f.namespaces ?? []).filter((ns) => !all.some((n) => n.namespace === ns || n.namespace?.startsWith(`${ns}.`)));
  if (nsMissing.length) return { error: `Pipeline does not contain nodes with the following namespaces: [${nsMissing.map((n) => `'${n}'`).join(', ')}].`, partialMatters: false };

  const reads = (n: ResolvedNode, ds: string): boolean => n.inputs.some((r) => r.name === ds || baseName(r.name) === ds);
  const writes = (n: ResolvedNode, ds: string): boolean => n.outputs.some((r) => r.name === ds || baseName(r.name) === ds);
  const downstream = (start: readonly ResolvedNode[]): Set<ResolvedNode> => closure(start, (n) => all.filter((m) => n.outputs.some((o) => reads(m, baseName(o.name)))));
  const upstream = (start: readonly ResolvedNode[]): Set<ResolvedNode> => closure(start, (n) => all.filter((m) => n.inputs.some((i) => writes(m, baseName(i.name)))));

  const sets: Set<ResolvedNode>[] = [];
  if (f.tags?.length) sets.push(new Set(all.filter((n) => n.tags.some((t) => f.tags?.includes(t)))));
  if (f.nodeNames?.length) sets.push(new Set(f.nodeNames.map((n) => byName.get(n) as ResolvedNode)));
  if (f.fromNodes?.length) sets.push(downstream(f.fromNodes.map((n) => byName.get(n) as ResolvedNode)));
  if (f.toNodes?.length) sets.push(upstream(f.toNodes.map((n) => byName.get(n) as ResolvedNode)));
  if (f.fromInputs?.length) sets.push(downstream(all.filter((n) => f.fromInputs?.some((d) => reads(n, d)))));
  if (f.toOutputs?.length) sets.push(upstream(all.filter((n) => f.toOutputs?.some((d) => writes(n, d)))));
  if (f.namespaces?.length) sets.push(new Set(all.filter((n) => f.namespaces?.some((ns) => n.namespace === ns || n.namespace?.startsWith(`${ns}.`)))));
  const selected = all.filter((n) => sets.every((s) => s.has(n)));
  if (!selected.length) return { error: 'Pipeline contains no nodes after applying all provided filters.', partialMatters: true };
  return { nodes: selected };
}

/**
 * Missing inputs no node of the project writes: a dataset defined only in another environment's catalog (`conf/prod`
 * while `base + local` is selected) or nowhere, which no selection of nodes can make up for.
 */
function unwritten(model: ProjectModel, missing: readonly string[]): Pick<RunPreview, 'unwrittenInputs' | 'envChain'> {
  const list = missing
    .filter((d) => !model.producedNames.has(baseName(d)) && !model.producedNames.has(d))
    .map((dataset) => ({ dataset, otherEnvs: uniqueBy(catalogInOtherEnvs(model, baseName(dataset)).map((e) => ({ env: e.env, dir: e.dir }))) }));
  return list.length ? { unwrittenInputs: list, envChain: model.envChain } : {};
}

const uniqueBy = <T extends { env: string }>(items: readonly T[]): T[] => items.filter((x, i) => items.findIndex((y) => y.env === x.env) === i);

/** A dataset the catalog knows (explicit entry, factory pattern, parameters): `ds in catalog` in Kedro's runner. */
function inCatalog(model: ProjectModel, name: string): boolean {
  return isParamName(name) || model.catalog.has(name) || !!matchingPattern(model, name);
}

/** Pipeline.inputs() of the selection (datasets no selected node writes) that the catalog cannot provide, sorted. */
export function missingInputs(model: ProjectModel, nodes: readonly ResolvedNode[]): string[] {
  const written = new Set(nodes.flatMap((n) => n.outputs.map((o) => baseName(o.name))));
  const free = new Set(nodes.flatMap((n) => n.inputs.map((i) => i.name)).filter((d) => !written.has(baseName(d))));
  return [...free].filter((d) => !inCatalog(model, d)).sort();
}

/**
 * Selections that run: the smallest (the selection plus, transitively, the nodes writing its memory inputs, as Kedro's
 * own resume hint searches) and `--to-nodes` of the selection. Producers are looked for in the asked pipelines, then
 * in `__default__`.
 */
function fixesFor(model: ProjectModel, names: readonly string[], all: readonly ResolvedNode[], selected: readonly ResolvedNode[], lacking: (nodes: readonly ResolvedNode[]) => string[]): RunFix[] {
  const def = model.registry.pipelines.get('__default__')?.pipeline.nodes;
  const pools: { nodes: readonly ResolvedNode[]; pipelines: readonly string[] }[] = [{ nodes: all, pipelines: names }];
  if (def && !(names.length === 1 && names[0] === '__default__')) pools.push({ nodes: def, pipelines: [] });
  for (const pool of pools) {
    const smallest = withProducers(pool.nodes, selected, lacking);
    if (!smallest) continue;
    const scope: RunFilter = pool.pipelines.length && !(pool.pipelines.length === 1 && pool.pipelines[0] === '__default__') ? { pipelines: pool.pipelines } : {};
    const upstream = closure(
      pool.nodes.filter((n) => selected.some((s) => s.name === n.name)),
      (n) => pool.nodes.filter((m) => n.inputs.some((i) => m.outputs.some((o) => baseName(o.name) === baseName(i.name)))),
    );
    const fixes: RunFix[] = [{ kind: 'smallest', filter: { ...scope, nodeNames: topoOrder(smallest).map((n) => n.name) }, nodes: topoOrder(smallest).map((n) => n.name) }];
    if (upstream.size > smallest.length && !lacking([...upstream]).length) {
      fixes.push({ kind: 'upstream', filter: { ...scope, toNodes: topoOrder(selected).map((n) => n.name) }, nodes: topoOrder([...upstream]).map((n) => n.name) });
    }
    return fixes;
  }
  return [];
}

/** `selected` plus the producers of what it lacks (memory inputs, files not on disk), repeated until nothing is; undefined when `pool` lacks a producer. */
function withProducers(pool: readonly ResolvedNode[], selected: readonly ResolvedNode[], lacking: (nodes: readonly ResolvedNode[]) => string[]): ResolvedNode[] | undefined {
  const byName = new Map(pool.map((n) => [n.name, n]));
  const chosen = new Map<string, ResolvedNode>(selected.map((n) => [n.name, byName.get(n.name) ?? n]));
  for (let round = 0; round <= pool.length; round++) {
    const missing = lacking([...chosen.values()]);
    if (!missing.length) return [...chosen.values()];
    const producers = pool.filter((n) => !chosen.has(n.name) && n.outputs.some((o) => missing.some((m) => baseName(m) === baseName(o.name))));
    const covered = new Set(producers.flatMap((n) => n.outputs.map((o) => baseName(o.name))));
    if (!missing.every((m) => covered.has(baseName(m)))) return undefined;
    for (const p of producers) chosen.set(p.name, p);
  }
  return undefined;
}

/** How each persistent output of `nodes` can be checked on disk (see OutputCheck). */
export function outputChecks(model: ProjectModel, nodes: readonly ResolvedNode[] = model.nodes): Map<string, OutputCheck> {
  const out = new Map<string, OutputCheck>();
  for (const n of nodes) {
    for (const o of n.outputs) {
      if (out.has(o.name) || isParamName(o.name)) continue;
      const explicit = model.catalog.get(o.name);
      const pattern = explicit ? undefined : matchingPattern(model, o.name);
      const e = explicit ?? pattern;
      if (!e) continue;
      const type = e.fact.type ? (resolveCatalogScalar(model, e.env, e.fact.type.value) ?? e.fact.type.value) : '';
      if (EPHEMERAL.test(type)) continue;
      const raw = e.fact.filepath?.value;
      if (raw === undefined) {
        out.set(o.name, { kind: 'unknown', why: `${type || 'its dataset'} has no filepath` });
        continue;
      }
      const values = pattern ? patternValues(pattern.fact.name, o.name) : undefined;
      const substituted = values ? raw.replace(/\{([^{}]*)\}/g, (m, k: string) => values.get(k) ?? m) : raw;
      const fp = resolveCatalogScalar(model, e.env, substituted);
      if (fp === undefined || fp.includes('${') || /\{[^}]*\}/.test(fp)) {
        out.set(o.name, { kind: 'unknown', why: `its filepath '${maskSecretText(raw)}' is resolved at run time` });
        continue;
      }
      const scheme = /^([a-z][\w+.-]*):\/\//i.exec(fp)?.[1]?.toLowerCase();
      if (scheme && scheme !== 'file') {
        out.set(o.name, { kind: 'unknown', why: `${fp} is remote` });
        continue;
      }
      const local = scheme ? fp.slice('file://'.length) : fp;
      if (/^[A-Za-z]:[\\/]/.test(local)) {
        out.set(o.name, { kind: 'unknown', why: `${fp} is a Windows path` });
        continue;
      }
      const uri = local.startsWith('/') ? `file://${local}` : joinUri(model.layout.rootUri, ...local.split('/').filter((s) => s && s !== '.'));
      // Folders outside the project are never listed (docs/workspace-boundary.md).
      if (!isUnder(model.layout.rootUri, uri)) {
        out.set(o.name, { kind: 'unknown', why: `${fp} is outside the project` });
        continue;
      }
      out.set(o.name, { kind: 'local', uri, versioned: e.fact.versioned });
    }
  }
  return out;
}

/**
 * Whether each checkable output exists, as Kedro's `catalog.exists` answers: the path exists; for a versioned dataset,
 * some `<filepath>/<version>/<file name>` exists (what its load-version lookup globs for).
 */
export async function statOutputs(checks: ReadonlyMap<string, OutputCheck>, readDir: (uri: string) => Promise<readonly DirEntry[] | undefined>): Promise<Map<string, boolean>> {
  const listings = new Map<string, Promise<readonly DirEntry[] | undefined>>();
  const list = (uri: string): Promise<readonly DirEntry[] | undefined> => {
    let hit = listings.get(uri);
    if (!hit) listings.set(uri, (hit = readDir(uri)));
    return hit;
  };
  const out = new Map<string, boolean>();
  for (const [name, c] of checks) {
    if (c.kind !== 'local') continue;
    const cut = c.uri.lastIndexOf('/');
    const dir = c.uri.slice(0, cut);
    const file = decodeURIComponent(c.uri.slice(cut + 1));
    if (!c.versioned) {
      out.set(name, (await list(dir))?.some((e) => e.name === file) ?? false);
      continue;
    }
    const versions = ((await list(c.uri)) ?? []).filter((e) => e.kind === 'dir');
    let found = false;
    for (const v of versions) {
      if ((await list(`${c.uri}/${encodeURIComponent(v.name)}`))?.some((e) => e.name === file)) {
        found = true;
        break;
      }
    }
    out.set(name, found);
  }
  return out;
}

type Fate = 'run' | 'skip' | 'unknown';

/**
 * Kedro's `_filter_pipeline_for_missing_outputs` (runner.py, 1.0+), over three values: walking the nodes in reverse
 * order, a node runs when it has no outputs, a persistent output is missing, or a running child needs an output that
 * is ephemeral or missing; a check that cannot be made here makes the node's fate unknown.
 */
function onlyMissing(model: ProjectModel, ordered: readonly ResolvedNode[], disk: ReadonlyMap<string, boolean>): MissingOutputsPreview {
  const checks = outputChecks(model, ordered);
  // true: exists; false: missing; undefined: cannot tell. Ephemeral (no check) counts as missing for children.
  const state = (ds: string): { ephemeral: boolean; exists: boolean | undefined } => {
    const c = checks.get(ds);
    if (!c) return { ephemeral: true, exists: false };
    return { ephemeral: false, exists: c.kind === 'local' ? disk.get(ds) : undefined };
  };
  const fate = new Map<ResolvedNode, Fate>();
  const children = (n: ResolvedNode): ResolvedNode[] => ordered.filter((m) => m !== n && m.inputs.some((i) => n.outputs.some((o) => o.name === i.name)));
  for (const n of [...ordered].reverse()) {
    if (!n.outputs.length) {
      fate.set(n, 'run');
      continue;
    }
    const votes: Fate[] = [];
    for (const o of n.outputs) {
      const s = state(o.name);
      if (s.ephemeral) continue;
      votes.push(s.exists === false ? 'run' : s.exists === undefined ? 'unknown' : 'skip');
    }
    for (const child of children(n)) {
      const cf = fate.get(child);
      if (cf === 'skip' || cf === undefined) continue;
      for (const o of n.outputs.filter((x) => child.inputs.some((i) => i.name === x.name))) {
        const s = state(o.name);
        const need: Fate = s.ephemeral || s.exists === false ? 'run' : s.exists === undefined ? 'unknown' : 'skip';
        votes.push(need === 'skip' ? 'skip' : cf === 'run' ? need : 'unknown');
      }
    }
    fate.set(n, votes.includes('run') ? 'run' : votes.includes('unknown') ? 'unknown' : 'skip');
  }
  const pick = (f: Fate): string[] => ordered.filter((n) => fate.get(n) === f).map((n) => n.name);
  const unchecked = [...checks].filter(([, c]) => c.kind === 'unknown').map(([dataset, c]) => ({ dataset, why: (c as { why: string }).why }));
  return { run: pick('run'), skip: pick('skip'), unknown: pick('unknown'), unchecked };
}

function closure(start: readonly ResolvedNode[], next: (n: ResolvedNode) => readonly ResolvedNode[]): Set<ResolvedNode> {
  const seen = new Set<ResolvedNode>(start);
  const stack = [...start];
  while (stack.length) {
    for (const m of next(stack.pop() as ResolvedNode)) {
      if (seen.has(m)) continue;
      seen.add(m);
      stack.push(m);
    }
  }
  return seen;
}

/** Kahn's algorithm by layers; ties sorted by name, as Kedro's toposort does. */
export function topoOrder(nodes: readonly ResolvedNode[]): ResolvedNode[] {
  const producer = new Map<string, ResolvedNode>();
  for (const n of nodes) for (const o of n.outputs) producer.set(baseName(o.name), n);
  const deps = new Map(nodes.map((n) => [n, new Set(n.inputs.map((i) => producer.get(baseName(i.name))).filter((m): m is ResolvedNode => !!m && m !== n))]));
  const out: ResolvedNode[] = [];
  const done = new Set<ResolvedNode>();
  while (out.length < nodes.length) {
    const ready = nodes.filter((n) => !done.has(n) && [...(deps.get(n) ?? [])].every((d) => done.has(d))).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!ready.length) break; // a cycle: KL011 reports it
    for (const n of ready) {
      done.add(n);
      out.push(n);
    }
  }
  return out;
}
