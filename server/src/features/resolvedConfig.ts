import { isSecretPath, maskSecretText, MASK } from '../core/secrets';
import { relativeUri } from '../core/uri';
import { globalsValues, interpolationMode, isParamName, matchingPattern, patternValues, resolveCatalogInterpolations, type ProjectModel } from '../project/model';
import { alwaysAtLeast } from '../project/versions';
import { envChainText } from '../../../common/words';

/** A read-only YAML view of the catalog or parameters after env merge, interpolation and factory matching. */
export function resolvedConfig(model: ProjectModel, what: 'catalog' | 'parameters', dataset?: string): string {
  const rel = (uri: string): string => relativeUri(model.layout.rootUri, uri) ?? uri;
  const header = [
    `# Resolved ${what} of ${model.layout.pyproject.kedro?.projectName ?? model.layout.packageName ?? 'project'} — ${envChainText(model.envChain)}`,
    '# Read-only, computed by Kedro Lens without running Kedro: env overrides applied, ${_template.x}, ${_var} and ${globals:x}',
    '# resolved, factories expanded for the datasets pipelines use. Credentials are masked; ${oc.env:...} stays unresolved.',
    ...loaderNote(model),
    '',
  ];
  return [...header, ...(what === 'catalog' ? catalogLines(model, rel, dataset) : paramLines(model, rel))].join('\n') + '\n';
}

/** Those placeholders are OmegaConfigLoader's: under another loader a `${KEY}` left as written is not an unset value. */
function loaderNote(model: ProjectModel): string[] {
  const mode = interpolationMode(model);
  if (mode === 'omega') return [];
  if (mode === 'templated') return ['# This project loads config with TemplatedConfigLoader: ${key} and ${key|default} are filled from its globals_pattern files and globals_dict.'];
  if (mode === 'literal') return ['# This project loads config with ConfigLoader, which fills no ${...}: values are shown as written, as Kedro reads them.'];
  const names = [...new Set(model.configLoaders)].map((l) => (l === 'custom' ? 'a custom CONFIG_LOADER_CLASS' : l === 'TemplatedConfigLoader' ? 'TemplatedConfigLoader with globals not known here' : l)).join(' or ');
  return [`# This project loads config with ${names}: \${...} is shown as written.`];
}

const yamlKey = (k: string): string => (/^[\w.@-]+$/.test(k) ? k : JSON.stringify(k));
const yamlScalar = (v: string): string => (/^[\w./@:${}, -]*$/.test(v) && !/^\s|\s$|: /.test(v) ? v : JSON.stringify(v));

/** Resolves a catalog value; `globalsKey` changes exactly when the globals it reads do (for callers that keep results). */
export type CatalogValueResolver = ((env: string, value: string, uri?: string) => string) & { readonly globalsKey: string };

/**
 * A catalog value as the resolved catalog shows it: `${_template.x}`/`${_var}` from the catalog files of `env`, then
 * `${globals:x}` (or its default) from the globals files; the hover and the Datasets view show the same text.
 */
export function catalogValueResolver(model: ProjectModel): CatalogValueResolver {
  const globals = globalsFiller(model);
  const templated = !!model.templating;
  const resolve = (env: string, value: string, uri?: string): string => globals.fill(resolveCatalogInterpolations(model, env, value, uri).text);
  // Under TemplatedConfigLoader its globals are in the merged catalog, which callers compare by identity.
  return Object.assign(resolve, { globalsKey: JSON.stringify([templated, ...globals.key]) });
}

/**
 * `${globals:x}` (or its default) filled from the globals files, in catalog and parameters values alike (Kedro 1.5.0
 * gave polislike's `random_state: ${globals:random_state}` the int 42). Only OmegaConfigLoader has that resolver, from
 * Kedro 0.18.13: under any other loader (or an older release) the text stays as written. `key` changes with what it fills.
 */
function globalsFiller(model: ProjectModel): { readonly fill: (text: string) => string; readonly key: readonly unknown[] } {
  const has = interpolationMode(model) === 'omega' && alwaysAtLeast(model.versions.kedro, '0.18.13');
  const globals = has ? globalsValues(model) : new Map<string, string | undefined>();
  const fill = (text: string): string => (has ? text.replace(/\$\{globals:([\w.]+)(?:,\s*([^}]*))?\}/g, (m, k: string, d?: string) => globals.get(k) ?? d ?? m) : text);
  return { fill, key: [has, ...globals] };
}

function catalogLines(model: ProjectModel, rel: (u: string) => string, only?: string): string[] {
  const out: string[] = [];
  const resolve = catalogValueResolver(model);
  const render = (name: string, scalars: ReadonlyMap<string, string>, env: string, uri: string, origin: string, fill: (s: string) => string): void => {
    out.push(`${yamlKey(name)}:  # ${origin}`);
    const tree = new Map<string, unknown>();
    // `type` first, as people write entries; the rest in file order (merged template keys last).
    const ordered = [...scalars].sort(([a], [b]) => Number(b === 'type') - Number(a === 'type'));
    for (const [path, value] of ordered) {
      const parts = path.split('.');
      let cur = tree;
      for (const part of parts.slice(0, -1)) {
        if (!(cur.get(part) instanceof Map)) cur.set(part, new Map<string, unknown>());
        cur = cur.get(part) as Map<string, unknown>;
      }
      cur.set(parts[parts.length - 1] as string, value);
    }
    const emit = (m: Map<string, unknown>, indent: string, prefix: string): void => {
      for (const [k, v] of m) {
        const path = prefix ? `${prefix}.${k}` : k;
        if (v instanceof Map) {
          out.push(`${indent}${yamlKey(k)}:`);
          emit(v as Map<string, unknown>, `${indent}  `, path);
        } else if (isSecretPath(path)) out.push(`${indent}${yamlKey(k)}: ${yamlScalar(MASK)}`);
        else if (k === 'credentials') out.push(`${indent}credentials: ${yamlScalar(String(v))}  # → ${MASK}`);
        else out.push(`${indent}${yamlKey(k)}: ${yamlScalar(maskSecretText(fill(resolve(env, String(v), uri))))}`);
      }
    };
    emit(tree, '  ', '');
  };
  const names = only ? [only] : [...model.catalog.keys()].sort();
  for (const name of names) {
    const e = model.catalog.get(name);
    if (e) render(name, e.fact.scalars, e.env, e.uri, `${rel(e.uri)} (${e.env})`, (s) => s);
  }
  const used = [...new Set(model.uses.map((u) => u.name))].filter((n) => !isParamName(n) && !model.catalog.has(n) && (!only || n === only)).sort();
  const memory: string[] = [];
  for (const name of used) {
    const p = matchingPattern(model, name);
    if (!p) {
      memory.push(name);
      continue;
    }
    const values = patternValues(p.fact.name, name);
    render(name, p.fact.scalars, p.env, p.uri, `factory ${JSON.stringify(p.fact.name)} in ${rel(p.uri)} (${p.env})`, (s) => s.replace(/\{([^{}]*)\}/g, (w, f: string) => values?.get(f) ?? w));
  }
  if (memory.length) out.push('', `# MemoryDataset (not persisted): ${memory.join(', ')}`);
  return out;
}

function paramLines(model: ProjectModel, rel: (u: string) => string): string[] {
  const out: string[] = [];
  const { fill } = globalsFiller(model);
  const paths = [...model.params.keys()].sort((a, b) => {
    const pa = a.split('.');
    const pb = b.split('.');
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return (pa[i] as string) < (pb[i] as string) ? -1 : 1;
    return pa.length - pb.length;
  });
  for (const path of paths) {
    const p = model.params.get(path);
    if (!p) continue;
    const depth = path.split('.').length - 1;
    const key = yamlKey(path.split('.').pop() as string);
    const indent = '  '.repeat(depth);
    const origin = depth === 0 ? `  # ${rel(p.uri)} (${p.env})` : '';
    // TemplatedConfigLoader's formatting is already in the merged parameters.
    const preview = p.fact.preview;
    if (p.fact.type === 'dict') out.push(`${indent}${key}:${origin}`);
    else out.push(`${indent}${key}: ${p.fact.type === 'None' ? 'null' : maskSecretText(preview !== undefined ? fill(preview) : `[${(p.fact.itemTypes ?? []).length} items]`)}${origin}`);
  }
  return out;
}
