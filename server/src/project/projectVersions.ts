import { parse } from 'smol-toml';
import { joinUri } from '../core/uri';
import { Boundary } from './boundary';
import { resolverPluginsIn } from './pluginResolvers';
import { datasetPluginsIn } from './pluginDatasets';
import type { SourceHost } from '../core/types';
import type { KedroVersionJson, RunDialect } from '../../../common/pipelineModel';
import type { DatasetVersions } from './datasetAvailability';
import { alwaysAtLeast, alwaysBelow, ANY_VERSION, compareVersions, intersect, isAny, isEmpty, parseSpecifier, parseVersion, rangeText, type VersionRange } from './versions';

/** The Kedro (and kedro-datasets) releases the analysis judges a project by, and where that came from. */
export interface ProjectVersions extends DatasetVersions {
  /** `requirements.txt: kedro~=0.19.15`, `pyproject.toml [tool.kedro] kedro_init_version = "0.18.14"`, `kedro.version setting`. */
  readonly kedroSource: string;
  readonly datasetsSource: string;
  /** `kedro >=0.19.15,<0.20 · kedro-datasets >=2.0,<8.0`: one text for status bars, CLI summaries and cache keys. */
  readonly text: string;
  /** The pinned Kedro and the `[tool.kedro]` version cannot both hold: Kedro refuses to run the project (KL901). */
  readonly conflict?: string;
  /** Plugins the dependency files name whose hooks register config resolvers (pluginResolvers.ts). */
  readonly resolverPlugins?: readonly string[];
  /** Plugins the dependency files name whose hooks add datasets to the catalog (pluginDatasets.ts). */
  readonly datasetPlugins?: readonly string[];
}

interface Pin {
  readonly range: VersionRange;
  readonly source: string;
}

/** Files that may pin Kedro, in order of trust (requirements, pyproject, setup, lock files). */
export const DEPENDENCY_FILES = ['requirements.txt', 'src/requirements.txt', 'requirements-dev.txt', 'requirements/base.txt', 'requirements/requirements.txt', 'pyproject.toml', 'setup.py', 'src/setup.py', 'setup.cfg', 'uv.lock', 'poetry.lock', 'pdm.lock'];

/** Matches `kedro`, `kedro[pandas]>=0.19`, `kedro-datasets[pandas-csvdataset]~=3.0` (never `kedro-viz`). */
function requirement(line: string, pkg: 'kedro' | 'kedro-datasets'): VersionRange | undefined {
  const clean = line.replace(/#.*$/, '').split(';')[0]?.trim() ?? '';
  const name = pkg === 'kedro' ? 'kedro' : 'kedro[-_]datasets';
  const m = new RegExp(`^${name}(?![\\w.-])\\s*(\\[[^\\]]*\\])?\\s*(.*)$`, 'i').exec(clean);
  if (!m) return undefined;
  const spec = (m[2] ?? '').trim();
  // `kedro @ git+https://…` and other direct references say nothing about the release.
  return spec.startsWith('@') ? ANY_VERSION : parseSpecifier(spec.replace(/^\(|\)$/g, ''));
}

function fromLines(lines: readonly string[], pkg: 'kedro' | 'kedro-datasets'): VersionRange | undefined {
  let found: VersionRange | undefined;
  for (const line of lines) {
    const r = requirement(line, pkg);
    if (r) found = found ? intersect(found, r) : r;
  }
  return found;
}

/** The range one dependency file gives `pkg`; undefined when the file does not mention it. */
export function pinIn(file: string, text: string, pkg: 'kedro' | 'kedro-datasets'): VersionRange | undefined {
  const base = file.split('/').pop() ?? file;
  if (base.endsWith('.txt')) return fromLines(text.split(/\r?\n/), pkg);
  if (base === 'setup.py') return fromLines([...text.matchAll(/["']([^"'\n]+)["']/g)].map((m) => m[1] as string), pkg);
  if (base === 'setup.cfg') return fromLines(text.split(/\r?\n/), pkg);
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (base.endsWith('.lock')) {
    const packages = Array.isArray(data['package']) ? (data['package'] as Record<string, unknown>[]) : [];
    const hit = packages.find((p) => typeof p['name'] === 'string' && p['name'].toLowerCase().replace(/_/g, '-') === pkg);
    return typeof hit?.['version'] === 'string' ? parseSpecifier(`==${hit['version']}`) : undefined;
  }
  // pyproject.toml: PEP 621 dependencies, then Poetry's table.
  const project = data['project'] as Record<string, unknown> | undefined;
  const deps = Array.isArray(project?.['dependencies']) ? (project['dependencies'] as unknown[]).filter((d): d is string => typeof d === 'string') : [];
  const pep621 = fromLines(deps, pkg);
  if (pep621) return pep621;
  const poetry = ((data['tool'] as Record<string, unknown> | undefined)?.['poetry'] as Record<string, unknown> | undefined)?.['dependencies'] as Record<string, unknown> | undefined;
  const entry = poetry?.[pkg] ?? poetry?.[pkg.replace('-', '_')];
  const spec = typeof entry === 'string' ? entry : typeof (entry as Record<string, unknown> | undefined)?.['version'] === 'string' ? ((entry as Record<string, unknown>)['version'] as string) : undefined;
  return spec === undefined ? undefined : parseSpecifier(/^\d/.test(spec) ? `==${spec}` : spec);
}

/**
 * What `[tool.kedro]` says: Kedro refuses to run a project whose recorded version differs in MAJOR.MINOR (MAJOR only
 * from 1.1.1), so `kedro_init_version`/`project_version` 0.18.14 means 0.18.x, and 1.2.0 means 1.x.
 */
export function initVersionRange(version: string): VersionRange | undefined {
  const v = parseVersion(version);
  if (!v) return undefined;
  const [major = 0, minor = 0] = v;
  return major === 0 ? { min: [0, minor], max: [0, minor + 1] } : { min: [major], max: [major + 1] };
}

/**
 * kedro-datasets releases usable with a Kedro range (declared requirements, corrected by what the code imports:
 * 1.x needs kedro < 0.19, 2.0.0 needs >= 0.18.13, 8.x declares >= 1.0, < 2.0).
 */
const DATASETS_FOR_KEDRO: readonly [kedroFrom: string, kedroUntil: string | undefined, datasets: VersionRange][] = [
  ['0.18.0', '0.19.0', { min: [1, 0], max: [2, 1] }],
  ['0.18.13', undefined, { min: [2, 0], max: [2, 1] }],
  ['0.19.0', undefined, { min: [2, 1], max: [8] }],
  ['1.0.0', '2.0.0', { min: [8] }],
];

export function datasetsForKedro(kedro: VersionRange): VersionRange {
  let lo: VersionRange['min'];
  let hi: VersionRange['max'] | 'open' | undefined;
  for (const [from, until, ds] of DATASETS_FOR_KEDRO) {
    const span: VersionRange = { min: parseVersion(from), ...(until ? { max: parseVersion(until) } : {}) };
    if (isEmpty(intersect(kedro, span))) continue;
    if (!lo || (ds.min && compareVersions(ds.min, lo) < 0)) lo = ds.min;
    if (hi !== 'open') hi = !ds.max ? 'open' : !hi || compareVersions(ds.max, hi) > 0 ? ds.max : hi;
  }
  if (!lo) return ANY_VERSION;
  return { min: lo, ...(hi && hi !== 'open' ? { max: hi } : {}) };
}


/** Dependency pins in trust order, narrowed by each later one that agrees (a lock's exact version inside a range). */
function combine(pins: readonly Pin[]): Pin | undefined {
  let out: Pin | undefined;
  for (const pin of pins) {
    if (isAny(pin.range)) {
      out ??= pin;
      continue;
    }
    if (!out || isAny(out.range)) {
      out = pin;
      continue;
    }
    const narrowed = intersect(out.range, pin.range);
    if (!isEmpty(narrowed) && rangeText(narrowed) !== rangeText(out.range)) out = { range: narrowed, source: `${out.source} + ${pin.source}` };
  }
  return out;
}

export interface VersionInputs {
  /** Text of each dependency file present, by path relative to the project root. */
  readonly files: ReadonlyMap<string, string>;
  readonly initVersion?: { readonly key: 'kedro_init_version' | 'project_version'; readonly value: string };
  /** `kedro.version` from settings: a version or specifier that replaces what the files say. */
  readonly override?: string;
}

export function projectVersions(inputs: VersionInputs): ProjectVersions {
  let kedro: Pin | undefined;
  if (inputs.override?.trim()) {
    const o = inputs.override.trim();
    kedro = { range: parseSpecifier(/^\d/.test(o) ? `==${o}` : o), source: `kedro.version setting (${o})` };
  }
  const pinsOf = (pkg: 'kedro' | 'kedro-datasets'): Pin[] =>
    DEPENDENCY_FILES.flatMap((f) => {
      const text = inputs.files.get(f);
      const range = text === undefined ? undefined : pinIn(f, text, pkg);
      return range ? [{ range, source: `${f}: ${pkg} ${rangeText(range)}` }] : [];
    });
  let conflict: string | undefined;
  const init = inputs.initVersion ? initVersionRange(inputs.initVersion.value) : undefined;
  const initSource = inputs.initVersion ? `pyproject.toml [tool.kedro] ${inputs.initVersion.key} = "${inputs.initVersion.value}"` : '';
  if (!kedro) {
    let pinned = combine(pinsOf('kedro'));
    if (pinned && !isAny(pinned.range) && init) {
      // Kedro refuses a project recorded with another MAJOR.MINOR (MAJOR from 1.1.1), so both must hold.
      let both = intersect(pinned.range, init);
      if (isEmpty(both)) {
        // Files that disagree with each other (a template's stale src/requirements.txt beside pyproject's dependencies):
        // one that [tool.kedro] agrees with is what the project runs on; Kedro refuses it only when none does.
        const agreeing = combine(pinsOf('kedro').filter((p) => !isAny(p.range) && !isEmpty(intersect(p.range, init))));
        if (agreeing) {
          both = intersect(agreeing.range, init);
          pinned = { range: agreeing.range, source: `${agreeing.source} (${pinned.source.split(':')[0]} disagrees)` };
        }
      }
      if (isEmpty(both)) {
        conflict = `${initSource} cannot run on the pinned kedro ${rangeText(pinned.range)} (${pinned.source.split(':')[0]}): Kedro refuses a project recorded with another ${init.min?.[0] === 0 ? 'MAJOR.MINOR' : 'MAJOR'} version`;
        kedro = { range: ANY_VERSION, source: 'unknown: the pin and [tool.kedro] disagree' };
      } else kedro = rangeText(both) === rangeText(pinned.range) ? pinned : { range: both, source: `${pinned.source} + ${initSource}` };
    } else kedro = pinned;
  }
  if ((!kedro || isAny(kedro.range)) && init && !conflict) kedro = { range: init, source: initSource };
  const kedroRange = kedro?.range ?? ANY_VERSION;
  const plugins = resolverPluginsIn(inputs.files.values());
  const datasetPlugins = datasetPluginsIn(inputs.files.values());
  const pinned = combine(pinsOf('kedro-datasets'));
  const derived = datasetsForKedro(kedroRange);
  const datasets = pinned && !isAny(pinned.range) ? pinned : { range: derived, source: isAny(derived) ? 'unknown' : `usable with kedro ${rangeText(kedroRange)}` };
  return {
    kedro: kedroRange,
    datasets: datasets.range,
    kedroSource: kedro?.source ?? 'unknown: no pin, no [tool.kedro] version',
    datasetsSource: datasets.source,
    text: `kedro ${rangeText(kedroRange)} · kedro-datasets ${rangeText(datasets.range)}`,
    ...(conflict ? { conflict } : {}),
    ...(plugins.length ? { resolverPlugins: plugins } : {}),
    ...(datasetPlugins.length ? { datasetPlugins } : {}),
  };
}

/** Reads the dependency files of a project root that exist (the host caches unchanged ones). */
export async function readVersionFiles(host: SourceHost, rootUri: string): Promise<{ readonly files: Map<string, string>; readonly key: string }> {
  const out = new Map<string, string>();
  const versions: string[] = [];
  const boundary = await Boundary.of(host, rootUri);
  // A dependency file linked outside the root is not read (docs/workspace-boundary.md).
  const texts = await Promise.all(DEPENDENCY_FILES.map(async (f) => ((await boundary.allows(joinUri(rootUri, ...f.split('/')))) ? host.read(joinUri(rootUri, ...f.split('/'))) : undefined)));
  DEPENDENCY_FILES.forEach((f, i) => {
    const src = texts[i];
    if (src && !src.skipped) {
      out.set(f, src.text);
      versions.push(`${f}@${src.version}`);
    }
  });
  // The host's versions say whether anything changed: a multi-megabyte lock file is not re-serialised on every pass.
  return { files: out, key: versions.join('|') };
}

export const versionJson = (v: ProjectVersions): KedroVersionJson => ({ text: v.text, kedro: rangeText(v.kedro), kedroSource: v.kedroSource, datasets: rangeText(v.datasets), datasetsSource: v.datasetsSource, run: runDialect(v.kedro) });

/**
 * The `kedro run` forms every release of `kedro` accepts; where no form fits the whole range (an unknown release), the
 * current one.
 */
export function runDialect(kedro: VersionRange): RunDialect {
  // The singular flags exist up to 0.18.14 (deprecated from 0.18.5); the plural ones from 0.18.5.
  const singular = alwaysBelow(kedro, '0.19.0') && !alwaysAtLeast(kedro, '0.18.5');
  return {
    nodes: singular ? 'node' : 'nodes',
    tags: singular ? 'tag' : 'tags',
    loadVersions: singular ? 'load-version' : 'load-versions',
    pipelines: alwaysBelow(kedro, '1.2.0') ? 'pipeline' : 'pipelines',
    // One --namespace from 0.18.5 to 0.19.x, --namespaces from 1.0.0; a range holding a release without either has none.
    namespaces: alwaysAtLeast(kedro, '1.0.0') ? 'namespaces' : alwaysAtLeast(kedro, '0.18.5') && alwaysBelow(kedro, '1.0.0') ? 'namespace' : alwaysBelow(kedro, '1.0.0') ? undefined : 'namespaces',
    // Every 0.18 release reads key:value; from 0.19 only key=value.
    params: alwaysBelow(kedro, '0.19.0') ? ':' : '=',
    onlyMissingOutputs: !alwaysBelow(kedro, '1.0.0'),
  };
}
