import { relativeUri } from '../core/uri';
import { escapeControls } from '../core/escape';
import { maskSecretText } from '../core/secrets';
import { resolveDatasetType, type DatasetTypeInfo } from '../project/datasetTypes';
import { baseName, catalogInOtherEnvs, isParamName, matchingPattern, patternValues, resolveCatalogInterpolations, type ProjectModel } from '../project/model';
import { datasetLayerInfo } from '../project/layers';
import type { ResolvedNode } from '../project/pipelines/types';
import type { Instance, Target } from './positions';
import type { WrapString } from '../project/pipelines/wrapSites';
import { closestNames } from '../analysis/suggest';
import { catalogValueResolver } from './resolvedConfig';
import { paramTypeText } from '../analysis/paramTypes';
import { alwaysBelow, rangeText } from '../project/versions';
import { andList, envChainText } from '../../../common/words';

const code = (s: string): string => `\`${escapeControls(s).replace(/`/g, 'ˋ')}\``;
const list = (names: readonly string[], max = 6): string =>
  names.length === 0 ? '—' : names.slice(0, max).map(code).join(', ') + (names.length > max ? ` and ${names.length - max} more` : '');
/**
 * Who reads, writes or matches something: an empty list is not "none" while some pipeline cannot be evaluated
 * statically (KL909; a registry built in a loop over a config file showed "matches: —" on every factory).
 */
const flowList = (model: ProjectModel, names: readonly string[], max?: number): string => {
  if (names.length) return list(names, max);
  if (model.registry.pipelines.size === 0) return 'unknown (no pipeline could be analysed)';
  return model.unknownProducers ? '— in the pipelines analysed (some could not be)' : '—';
};
const types = (t: readonly string[] | undefined): string => (t ? t.map((x) => x.replace(/^pandas\./, 'pd.').replace(/^polars\./, 'pl.')).join(' | ') : 'not supported');

/** Markdown for the thing under the cursor; undefined where Kedro Lens has nothing to say. */
export function hoverFor(model: ProjectModel, t: Target): string | undefined {
  // An empty string is one being typed, not a dataset.
  if ((t.kind === 'dataset' || t.kind === 'catalogCall') && !t.name) return undefined;
  switch (t.kind) {
    case 'dataset':
      return instancesHover(t.ref.written, t.instances, (n) => datasetHover(model, n)) ?? datasetHover(model, t.name);
    case 'catalogKey':
      return t.entry.isPattern ? patternHover(model, t.name) : datasetHover(model, t.name);
    case 'param':
      return instancesHover(t.ref.written, t.instances, (n) => paramHover(model, paramPath(n))) ?? paramHover(model, t.key);
    case 'wrapString':
      return wrapStringHover(model, t.wrap, t.instances);
    case 'namespace':
      return namespaceHover(model, t.name, t.prefix, t.nodes);
    case 'catalogCall':
      return t.name.startsWith('params:') ? paramHover(model, t.name.slice('params:'.length)) : datasetHover(model, t.name);
    case 'paramKey':
      return paramHover(model, t.path);
    case 'catalogType': {
      const value = catalogValueResolver(model)(t.env, t.entry.type?.value ?? '');
      const r = resolveDatasetType(value, undefined, model.versions);
      if (r.kind === 'known') return typeHover(r.info);
      if (r.kind === 'opaque') return `**${code(value)}** — a class outside kedro-datasets; Kedro imports it by its dotted path.`;
      if (r.kind === 'unknown' && r.reason === 'version') return `**${code(value)}** — not in the releases this project uses (${model.versions.text}); it exists in ${r.availableIn}.`;
      return `**${code(value)}** — not a Kedro or kedro-datasets class in ${model.versions.text}.`;
    }
    case 'func':
    case 'node':
      return nodeHover(model, t.node);
  }
}

function rel(model: ProjectModel, uri: string): string {
  return relativeUri(model.layout.rootUri, uri) ?? uri;
}

function typeHover(info: DatasetTypeInfo): string {
  const req = info.required.map((r) => r.map(code).join(' or ')).join(', ');
  return [
    `**${code(info.short)}**`,
    '',
    `load() → ${types(info.load)} · save() ← ${types(info.save)}`,
    '',
    `required: ${req || '—'} · versioned: ${info.versioned ? 'yes' : 'no'}${info.note ? `\n\n${info.note}` : ''}`,
  ].join('\n');
}

function datasetHover(model: ProjectModel, name: string): string {
  const producers = [...new Set((model.producers.get(baseName(name)) ?? []).map((u) => u.node.name))];
  // Transcoded names (`x@spark`, `x@pandas`) are one dataset to Kedro: a reader of any variant reads what this one holds,
  // as the producers above already count; the variant is named when it is not this one.
  const consumers = [
    ...new Set(
      model.uses
        .filter((u) => u.role === 'input' && baseName(u.name) === baseName(name))
        .map((u) => (u.name === name ? u.node.name : `${u.node.name} (as ${u.name.slice(baseName(u.name).length)})`)),
    ),
  ];
  const flow = `written by ${flowList(model, producers)} · read by ${flowList(model, consumers)}`;
  const explicit = model.catalog.get(name);
  const pattern = explicit ? undefined : matchingPattern(model, name);
  const e = explicit ?? pattern;
  if (!e && model.addedDatasets.has(baseName(name))) {
    // KL001 counts it as provided: a hook or an installed plugin adds it when the catalog is created.
    return [`**${code(name)}** — added to the catalog at run time`, '', 'A hook of the project or an installed plugin adds this dataset when the catalog is created.', '', flow].join('\n');
  }
  if (!e && producers.length === 0 && !model.unknownProducers) {
    // What KL001 says under it: a name nobody provides is not a memory dataset, the run fails on it.
    const near = closestNames(name, new Set([...model.catalog.keys(), ...model.producedNames]));
    const elsewhere = [...new Set(catalogInOtherEnvs(model, baseName(name)).map((e) => code(e.dir)))];
    return [
      `**${code(name)}** — not found`,
      '',
      `No catalog entry in ${envChainText(model.envChain)}, no dataset factory and no node output has this name.`,
      ...(elsewhere.length ? ['', `Defined in ${andList(elsewhere)} only: another environment.`] : []),
      ...(near.length ? ['', `Did you mean ${near.map(code).join(', ')}?`] : []),
      '',
      `read by ${list(consumers)}`,
    ].join('\n');
  }
  if (!e) {
    // `processed.x` in the catalog and `x` in the node: a prefix is part of the name, the entry is not used.
    const prefixed = [...model.catalog.keys()].filter((k) => k.endsWith(`.${name}`)).sort();
    const twin = prefixed.length ? ['', `The catalog has ${andList(prefixed.slice(0, 3).map(code))}${prefixed.length > 3 ? ' …' : ''}: another name (its prefix is part of it), not this dataset.`] : [];
    return [`**${code(name)}** — MemoryDataset`, '', 'Not in the catalog: it lives in memory while the run lasts and is not saved.', ...twin, '', flow].join('\n');
  }
  const resolveValue = catalogValueResolver(model);
  // `type: ${globals:datasets.csv}` as the resolved catalog and the Datasets view show it.
  const typeValue = e.fact.type ? resolveValue(e.env, e.fact.type.value, e.uri) : undefined;
  const resolved = typeValue ? resolveDatasetType(typeValue, undefined, model.versions) : undefined;
  const values = pattern ? patternValues(pattern.fact.name, name) : undefined;
  const fill = (s: string): string => s.replace(/\{([^{}]*)\}/g, (w, f: string) => values?.get(f) ?? w);
  const lines = [`**${code(name)}** — ${typeValue ? code(typeValue) : 'no type'}`, ''];
  const rows: string[] = [];
  // ${globals:x} as the resolved catalog shows it.
  const filepath = e.fact.filepath ? fill(resolveValue(e.env, e.fact.filepath.value, e.uri)) : undefined;
  if (e.fact.filepath) {
    const path = resolveCatalogInterpolations(model, e.env, e.fact.filepath.value, e.uri);
    rows.push(`filepath: ${code(maskSecretText(filepath ?? ''))}`);
    for (const src of path.sources) rows.push(`${code(`\${${src.expr}}`)} = ${code(maskSecretText(src.value))} (${code(`${rel(model, src.uri)}:${src.span.start.line + 1}`)})`);
  }
  // A wrapper (MlflowArtifactDataset, CachedDataset…) keeps the real dataset under `dataset:`.
  const inner = e.fact.filepath ? undefined : (e.fact.scalars.get('dataset.type') ?? e.fact.scalars.get('dataset'));
  if (inner) {
    const innerPath = e.fact.scalars.get('dataset.filepath');
    rows.push(`dataset: ${code(inner)}${innerPath ? ` · filepath: ${code(maskSecretText(fill(resolveValue(e.env, innerPath, e.uri))))}` : ''}`);
  }
  const layer = datasetLayerInfo(model, name, filepath);
  // A folder-derived layer is a guess from Kedro's data convention, not something the catalog declares.
  if (layer) rows.push(`layer: ${layer.layer}${layer.folder ? ` (from its ${code(layer.folder)} folder; no metadata layer)` : ''}`);
  rows.push(`from: ${code(rel(model, e.uri))} (${e.env})`);
  if (pattern) rows.push(`factory: ${code(pattern.fact.name)}`);
  if (resolved?.kind === 'known') rows.push(`load() → ${types(resolved.info.load)} · save() ← ${types(resolved.info.save)}`);
  // Only the reference name is shown; credential values never leave the credentials file.
  for (const c of e.fact.credentials) rows.push(`credentials: ${code(c.value)} → ****`);
  if (e.fact.versioned) rows.push('versioned');
  lines.push(rows.join('  \n'), '', flow);
  return lines.join('\n');
}

function patternHover(model: ProjectModel, pattern: string): string {
  const matched = [...new Set(model.uses.map((u) => u.name))].filter((n) => !model.catalog.has(n) && matchingPattern(model, n)?.fact.name === pattern);
  return [`**${code(pattern)}** — dataset factory`, '', `matches: ${flowList(model, matched, 10)}`].join('\n');
}

function paramHover(model: ProjectModel, key: string): string {
  const users = [...new Set(model.uses.filter((u) => u.name === `params:${key}`).map((u) => u.node.name))];
  if (!key) return ['**`parameters`** — every parameter, as one dictionary', '', `read by ${flowList(model, users)}`].join('\n');
  const p = model.params.get(key);
  if (!p) return `**${code(`params:${key}`)}** — not defined in ${envChainText(model.envChain)}`;
  let value: string;
  if (p.fact.type === 'dict') value = `{${(p.fact.keys ?? []).slice(0, 8).join(', ')}${(p.fact.keys?.length ?? 0) > 8 ? ', …' : ''}}`;
  else if (p.fact.type === 'list') value = `[${(p.fact.itemTypes ?? []).length} items]`;
  else value = maskSecretText(p.fact.preview ?? 'null');
  // A node given `parameters` or an enclosing `params:a` gets this value too; "read by —" alone said nothing reads it.
  const parts = key.split('.');
  const enclosing = ['parameters', ...parts.slice(0, -1).map((_, i) => `params:${parts.slice(0, i + 1).join('.')}`)];
  const inside = enclosing
    .map((whole) => ({ whole, readers: [...new Set(model.uses.filter((u) => u.role === 'input' && u.name === whole).map((u) => u.node.name))] }))
    .filter((x) => x.readers.length)
    .map((x) => `also inside ${code(x.whole)}, read by ${list(x.readers)}`);
  return [
    `**${code(`params:${key}`)}** = ${code(value)} (${paramTypeText(p.fact, model.configLoaders)})`,
    '',
    [`from: ${code(rel(model, p.uri))} (${p.env}) · read by ${inside.length ? list(users) : flowList(model, users)}`, ...inside].join('  \n'),
  ].join('\n');
}

function nodeHover(model: ProjectModel, n: ResolvedNode): string {
  const pipelines = [...model.registry.pipelines.values()].filter((p) => p.pipeline.nodes.some((x) => x.name === n.name)).map((p) => p.name);
  const io = (refs: readonly { name: string }[]): string => (refs.length ? refs.map((r) => code(r.name)).join(', ') : '—');
  return [
    `**node ${code(n.name)}**${n.nameUncertain ? ' (name not exactly known)' : ''}`,
    '',
    [
      `function: ${code(n.func?.text ?? '?')}`,
      ...(n.namespace ? [`namespace: ${code(n.namespace)}`] : []),
      ...(n.tags.length ? [`tags: ${n.tags.map(code).join(', ')}`] : []),
      `${io(n.inputs.filter((r) => !isParamName(r.name)))}${n.inputs.some((r) => isParamName(r.name)) ? ` + ${io(n.inputs.filter((r) => isParamName(r.name)))}` : ''} → ${io(n.outputs)}`,
      `pipelines: ${list(pipelines)}`,
    ].join('  \n'),
  ].join('\n');
}

const paramPath = (name: string): string => (name === 'parameters' ? '' : name.replace(/^params:/, ''));
/** Full hovers shown for a string with several instances; the rest are only listed. */
const MAX_FULL = 3;

/** `gbm.X_train` (gbm) and `linear.X_train` (linear): every name a written string takes, with its nodes' namespaces. */
function usedAs(instances: readonly Instance[]): { names: string[]; text: string } {
  const byName = new Map<string, Set<string>>();
  for (const i of instances) {
    const set = byName.get(i.name) ?? new Set<string>();
    set.add(i.node.namespace ?? 'no namespace');
    byName.set(i.name, set);
  }
  const names = [...byName.keys()];
  const shown = names.slice(0, 8).map((n) => `${code(n)} (${[...(byName.get(n) as Set<string>)].join(', ')})`);
  return { names, text: `used as ${andList(names.length > 8 ? [...shown, `${names.length - 8} more`] : shown)}` };
}

function withInstances(header: string, names: readonly string[], one: (name: string) => string): string {
  const parts = [header];
  for (const n of names.slice(0, MAX_FULL)) parts.push('', '---', '', one(n));
  return parts.join('\n');
}

/** A string of a template pipeline reused under several namespaces: each name it takes, then each one's hover. */
function instancesHover(written: string, instances: readonly Instance[], one: (name: string) => string): string | undefined {
  const { names, text } = usedAs(instances);
  if (names.length < 2) return undefined;
  return withInstances(`**${code(written)}** in a reused pipeline — ${text}`, names, one);
}

function wrapStringHover(model: ProjectModel, s: WrapString, instances: readonly Instance[]): string {
  const param = s.arg === 'parameters';
  const one = (n: string): string => (param ? paramHover(model, paramPath(n)) : datasetHover(model, n));
  const arg = code(`${s.arg}=`);
  const same = s.key === s.value;
  const header =
    s.side === 'key'
      ? `**${code(s.key)}** — ${arg} key: the wrapped pipeline's ${param ? 'parameter' : 'dataset'}, ${same ? 'mapped to itself (no namespace prefix)' : `renamed to ${code(s.value)}`}`
      : s.side === 'value'
        ? `**${code(s.value)}** — ${arg} value: ${same ? 'the wrapped pipeline\'s name, kept (no namespace prefix)' : `what the wrapped pipeline's ${code(s.key)} becomes`}`
        : `**${code(s.key)}** — listed in ${arg}: keeps this name (no namespace prefix)`;
  const { names, text } = usedAs(instances);
  if (names.length === 0) {
    const none = `No analysed node of the wrapped pipeline uses ${code(s.key)}.`;
    return s.side === 'key' ? [header, '', none].join('\n') : withInstances([header, '', none].join('\n'), [s.value], one);
  }
  return withInstances([header, '', text].join('\n'), names, one);
}

function namespaceHover(model: ProjectModel, name: string, prefix: boolean, nodes: readonly ResolvedNode[]): string {
  const namespaces = [...new Set(nodes.map((n) => n.namespace ?? name))];
  const renamed = new Map<string, string>();
  for (const n of nodes) for (const r of [...n.inputs, ...n.outputs]) if (r.written !== r.name) renamed.set(r.written, r.name);
  // Only namespaces some parameter was actually prefixed with (a mapped parameter keeps its name).
  const prefixed = namespaces.filter((ns) => nodes.some((n) => n.inputs.some((r) => r.name.startsWith(`params:${ns}.`))));
  const params = prefixed.map((ns) => {
    const p = model.params.get(ns);
    return p ? `${code(`params:${ns}.…`)} from ${code(rel(model, p.uri))} (${p.env})` : `${code(`params:${ns}.…`)} (no ${code(ns)} key in ${envChainText(model.envChain)})`;
  });
  const rows = [
    `nodes: ${list([...new Set(nodes.map((n) => n.name))])}`,
    prefix
      ? `datasets and parameters not listed in inputs/outputs/parameters are prefixed with ${code(`${name}.`)}`
      : alwaysBelow(model.versions.kedro, '1.0.0')
        ? `${code('prefix_datasets_with_namespace')} is new in Kedro 1.0: Kedro ${rangeText(model.versions.kedro)} rejects it (TypeError)`
        : `${code('prefix_datasets_with_namespace=False')}: dataset and parameter names are left as written`,
    ...(renamed.size ? [`renamed: ${[...renamed].slice(0, 6).map(([a, b]) => `${code(a)} → ${code(b)}`).join(', ')}${renamed.size > 6 ? ` and ${renamed.size - 6} more` : ''}`] : []),
    ...(params.length ? [`parameters: ${params.join(', ')}`] : []),
  ];
  return [`**namespace ${code(name)}**${namespaces.length > 1 || namespaces[0] !== name ? ` (nodes in ${namespaces.map(code).join(', ')})` : ''}`, '', rows.join('  \n')].join('\n');
}
