import { maskSecretText } from '../core/secrets';
import type { DatasetJson, LocationJson, NodeJson, ProjectJson } from '../../../common/pipelineModel';
import type { Loc } from '../core/types';
import type { ResolvedNode } from '../project/pipelines/types';
import { nodeIdentity } from '../project/pipelines/kedroSemantics';
import { baseName, isParamName, matchingPattern, patternValues, type ProjectModel } from '../project/model';
import { datasetLayer } from '../project/layers';
import { versionJson } from '../project/projectVersions';
import { isHookImpl } from '../project/settings';
import { selectiveLoadingOf } from '../analysis/selectiveLoading';
import { paramTypeText } from '../analysis/paramTypes';
import { undefinedParameter } from '../analysis/rules/kl201ParameterNotFound';
import { unusedCatalogEntries } from '../analysis/catalog';
import { catalogValueResolver, type CatalogValueResolver } from './resolvedConfig';

const loc = (l: Loc): LocationJson => ({ uri: l.uri, range: l.span });

const built = new WeakMap<ProjectModel, ProjectJson>();

/** The resolved registry of one project as plain JSON (CLI `pipelines`, tree view, graph); built once per model. */
export function projectJson(model: ProjectModel): ProjectJson {
  let json = built.get(model);
  if (!json) {
    json = buildProjectJson(model);
    built.set(model, json);
  }
  return json;
}

// A node's JSON depends on the node alone: kept while the node object is (the model request after a keystroke then
// rebuilds only the edited pipeline's nodes, and the connection's ModelEncoder reuses their encoding).
const nodeJsons = new WeakMap<ResolvedNode, NodeJson>();

function nodeJson(n: ResolvedNode): NodeJson {
  let json = nodeJsons.get(n);
  if (!json) {
    json = {
      name: n.name,
      nameUncertain: n.nameUncertain,
      func: n.func?.text ?? '?',
      ...(n.namespace ? { namespace: n.namespace } : {}),
      tags: n.tags,
      inputs: n.inputs.map((r) => r.name),
      outputs: n.outputs.map((r) => r.name),
      location: loc(n.callLoc),
      ...(n.func?.target ? { funcLocation: { uri: n.func.target.module.uri, range: n.func.target.fn.nameSpan } } : {}),
      ...(n.conditional ? { conditional: true as const } : {}),
    };
    nodeJsons.set(n, json);
  }
  return json;
}

type KeptDataset = { readonly catalog: unknown; readonly params: unknown; readonly globals: string; readonly key: string; readonly json: DatasetJson };
/**
 * The datasets of the last model JSON built on a catalog map: the map belongs to one workspace's project (its merge
 * cache), so the entry dies with it and no other workspace sees it.
 */
const datasetJsons = new WeakMap<object, ReadonlyMap<string, KeptDataset>>();

/**
 * Nodes whose names are not exactly known (a name from a value the analysis cannot compute) may come out the same:
 * each such node is listed apart, its name marked, so that views keyed by name (tree ids, graph vertices) do too. Keyed as the model's node index
 * is (call site and identity), since a pipeline may hold another copy of the same node.
 */
function shownNames(model: ProjectModel): { readonly of: (n: ResolvedNode) => string } {
  const key = (n: ResolvedNode): string => `${n.callLoc.uri}:${n.callLoc.span.start.line}:${n.callLoc.span.start.character}|${nodeIdentity(n)}`;
  const count = new Map<string, number>();
  for (const n of model.nodes) count.set(n.name, (count.get(n.name) ?? 0) + 1);
  const shown = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const n of model.nodes) {
    const total = count.get(n.name) ?? 0;
    if (!n.nameUncertain || total < 2) continue;
    const k = (seen.get(n.name) ?? 0) + 1;
    seen.set(n.name, k);
    shown.set(key(n), `${n.name} (name not exactly known, ${k} of ${total})`);
  }
  return { of: (n) => (shown.size ? (shown.get(key(n)) ?? n.name) : n.name) };
}

function buildProjectJson(model: ProjectModel): ProjectJson {
  const names = shownNames(model);
  const nodes: NodeJson[] = model.nodes.map((n) => {
    const json = nodeJson(n);
    const shown = names.of(n);
    return shown === json.name ? json : { ...json, name: shown };
  });
  const producers = new Map<string, Set<string>>();
  const consumers = new Map<string, Set<string>>();
  for (const u of model.uses) {
    const [map, key] = u.role === 'output' ? [producers, baseName(u.name)] : [consumers, u.name];
    map.set(key, (map.get(key) ?? new Set()).add(names.of(u.node)));
  }
  const used = new Set(model.uses.map((u) => u.name));
  // Dimmed as unused exactly where KL110 reports it: nothing while some pipeline cannot be evaluated (every entry of a
  // registry built at run time was dimmed).
  const unused = new Set((unusedCatalogEntries(model) ?? []).map((e) => e.fact.name));
  // Parameters KL201 reports: the graph draws them missing, as it draws datasets nothing provides.
  const undefinedParams = new Set<string>();
  for (const n of model.nodes) if (!n.partial) for (const r of n.inputs) if (undefinedParameter(model, n, r)) undefinedParams.add(r.name);
  // Catalog entries nobody uses are datasets too: the Datasets view lists them, marked unused.
  const datasetNames = new Set([...used, ...model.catalog.keys()]);
  // A dataset's JSON is kept while the conf maps and its writers and readers are the same (a Python edit changes a
  // few hundred of thousands): the connection's ModelEncoder then reuses its encoding too.
  const previous = datasetJsons.get(model.catalog);
  const next = new Map<string, KeptDataset>();
  // Filepaths and types as the hover and Show Resolved Catalog show them (one resolver; globals files may change alone).
  const resolve = catalogValueResolver(model);
  const datasets: DatasetJson[] = [...datasetNames].sort().map((name) => {
    const p = [...(producers.get(baseName(name)) ?? [])];
    const c = [...(consumers.get(name) ?? [])];
    const missing = undefinedParams.has(name);
    const key = `${p.join('\u0000')}\u0001${c.join('\u0000')}\u0001${unused.has(name)}\u0001${missing}`;
    const hit = previous?.get(name);
    const kept =
      hit && hit.catalog === model.catalog && hit.params === model.params && hit.globals === resolve.globalsKey && hit.key === key
        ? hit
        : { catalog: model.catalog, params: model.params, globals: resolve.globalsKey, key, json: { ...datasetJson(model, resolve, name, p, c), ...(unused.has(name) ? { unused: true } : {}), ...(missing ? { missing: true } : {}) } };
    next.set(name, kept);
    return kept.json;
  });
  datasetJsons.set(model.catalog, next);
  return {
    rootUri: model.layout.rootUri,
    ...(model.layout.pyproject.kedro?.projectName ? { projectName: model.layout.pyproject.kedro.projectName } : {}),
    ...(model.layout.packageName ? { packageName: model.layout.packageName } : {}),
    env: model.env,
    envChain: model.envChain,
    envs: model.conf.envs,
    ...(model.settings.defaultRunEnvUnread ? {} : { defaultRunEnv: model.settings.defaultRunEnv }),
    kedroVersion: versionJson(model.versions),
    pipelines: [...model.registry.pipelines.values()].map((p) => {
      const notByName = selectiveLoadingOf(model).notByName.get(p.name);
      return {
        name: p.name,
        partial: p.pipeline.open.length > 0,
        nodes: p.pipeline.nodes.map(names.of),
        ...(p.loc?.uri ? { location: loc(p.loc) } : {}),
        ...(notByName ? { notRunnableByName: notByName.reason } : {}),
      };
    }),
    nodes,
    datasets,
    tags: [...new Set(model.nodes.flatMap((n) => n.tags))].sort(),
    namespaces: [...new Set(model.nodes.flatMap((n) => (n.namespace ? n.namespace.split('.').map((_, i, a) => a.slice(0, i + 1).join('.')) : [])))].sort(),
    runners: customRunners(model),
    hooks: hookClasses(model),
    parameters: [...model.params.entries()].filter(([, p]) => p.fact.type !== 'dict').map(([path, p]) => ({ path, value: maskSecretText(p.fact.preview ?? (p.fact.type === 'None' ? 'null' : '')), type: paramTypeText(p.fact, model.configLoaders) })),
  };
}

const RUNNER_BASES = /(^|\.)(AbstractRunner|SequentialRunner|ThreadRunner|ParallelRunner)$/;

/** Project classes deriving (directly or through another project class) from a Kedro runner. */
function customRunners(model: ProjectModel): string[] {
  const classes = [...model.python.modules].flatMap((m) => m.facts.classes.map((c) => ({ m, c })));
  const runnerNames = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const { c } of classes) {
      if (runnerNames.has(c.name)) continue;
      if (c.bases.some((b) => RUNNER_BASES.test(b) || runnerNames.has(b.split('.').pop() as string))) {
        runnerNames.add(c.name);
        grew = true;
      }
    }
  }
  return classes.filter(({ c }) => runnerNames.has(c.name)).map(({ m, c }) => `${m.name}.${c.name}`).sort();
}

function datasetJson(model: ProjectModel, resolve: CatalogValueResolver, name: string, producers: string[], consumers: string[]): DatasetJson {
  const common = { name, producers, consumers };
  if (isParamName(name)) {
    const p = name === 'parameters' ? undefined : model.params.get(name.slice('params:'.length));
    return { ...common, type: 'parameter', source: 'parameter', ...(p ? { env: p.env, location: { uri: p.uri, range: p.fact.keySpan } } : {}) };
  }
  const explicit = model.catalog.get(name);
  const pattern = explicit ? undefined : matchingPattern(model, name);
  const e = explicit ?? pattern;
  if (!e) return { ...common, type: 'MemoryDataset', source: 'memory' };
  const values = pattern ? patternValues(pattern.fact.name, name) : undefined;
  const type = e.fact.type ? resolve(e.env, e.fact.type.value, e.uri) : '?';
  const written = e.fact.filepath ? maskSecretText(e.fact.filepath.value) : undefined;
  const filepath = e.fact.filepath ? maskSecretText(substitute(resolve(e.env, e.fact.filepath.value, e.uri), values)) : undefined;
  const layer = datasetLayer(model, name, filepath);
  return {
    ...common,
    type,
    ...(e.fact.type && type !== e.fact.type.value ? { typeWritten: e.fact.type.value } : {}),
    source: explicit ? 'catalog' : 'factory',
    ...(pattern ? { pattern: pattern.fact.name } : {}),
    ...(filepath !== undefined ? { filepath } : {}),
    ...(written !== undefined && written !== filepath && written.includes('${') ? { filepathWritten: written } : {}),
    ...(layer ? { layer } : {}),
    env: e.env,
    location: { uri: e.uri, range: e.fact.keySpan },
    ...(e.fact.versioned ? { versioned: true } : {}),
  };
}

/** Registered hook classes (settings.py HOOKS) first, then classes with @hook_impl methods nobody registers. */
function hookClasses(model: ProjectModel): ProjectJson['hooks'] {
  const out: { name: string; registered: boolean; implements: string[]; location?: LocationJson }[] = [];
  const seen = new Set<string>();
  for (const h of model.settings.hooks) {
    const cls = h.cls;
    const key = cls ? `${cls.module.uri}#${cls.fact.name}` : h.text;
    seen.add(key);
    out.push({
      name: h.text,
      registered: true,
      implements: cls ? cls.fact.methods.filter((m) => m.decorators.some(isHookImpl)).map((m) => m.name) : [],
      ...(cls ? { location: { uri: cls.module.uri, range: cls.fact.nameSpan } } : { location: loc(h.loc) }),
    });
  }
  for (const m of model.python.modules) {
    for (const c of m.facts.classes) {
      const impls = c.methods.filter((x) => x.decorators.some(isHookImpl)).map((x) => x.name);
      if (!impls.length || seen.has(`${m.uri}#${c.name}`)) continue;
      out.push({ name: c.name, registered: false, implements: impls, location: { uri: m.uri, range: c.nameSpan } });
    }
  }
  return out;
}

/** A factory's `{placeholder}`s filled with what the dataset's name matched. */
const substitute = (value: string, values: Map<string, string> | undefined): string =>
  value.replace(/\{([^{}]*)\}/g, (whole, field: string) => values?.get(field) ?? whole);
