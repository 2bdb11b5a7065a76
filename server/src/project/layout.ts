import type { SourceHost } from '../core/types';
import { joinUri, relativeUri } from '../core/uri';
import { extractPyprojectFacts, type PyprojectFacts } from '../parsing/toml/pyproject';
import type { ConfKind } from '../parsing/yaml/confFacts';
import { confClassifier } from './confPatterns';
import { Boundary, segmentsInside, type OutsidePath } from './boundary';
import { isSkippedDir, listFiles } from './discovery';
import { DEPENDENCY_FILES } from './projectVersions';
import type { ProjectSettings } from './settings';

export interface ConfFileRef {
  readonly uri: string;
  /** The environment folder; '' for a file directly in the conf folder (read only by a pass over the conf folder itself). */
  readonly env: string;
  /** Path relative to the env folder. */
  readonly relPath: string;
  readonly kind: ConfKind;
}

/** Where the code of one Kedro project is; recomputed when files are added/removed or pyproject changes. */
export interface ProjectLayout {
  readonly rootUri: string;
  readonly pyproject: PyprojectFacts;
  readonly packageName?: string;
  /** `<root>/<source_dir>/<package_name>`, when it exists. */
  readonly packageUri?: string;
  /**
   * package_name names no folder under source_dir: Kedro cannot import the project (KL901). `caseVariant`: the folder
   * whose name differs only in case (imports are case-sensitive, on Windows and macOS too).
   */
  readonly packageMissing?: { readonly sourceDir: string; readonly caseVariant?: string };
  /** The package's Python files, then those of its sibling packages under source_dir (importable by their names). */
  readonly pythonFiles: readonly string[];
  /** Python files of the project outside the package (scripts/, notebooks/*.py, tests/): only catalog calls are read. */
  readonly scriptFiles: readonly string[];
  /** Jupyter notebooks of the project (`.ipynb`): their code cells' catalog calls are read from disk. */
  readonly notebookFiles: readonly string[];
  /** Settings and links that point outside the root: not read (KL907). */
  readonly outside?: readonly OutsidePath[];
}

/** Where the configuration is, per settings.py (CONF_SOURCE, config patterns). */
export interface ConfLayout {
  readonly confUri: string;
  /** Folders directly under the conf source. */
  readonly envs: readonly string[];
  readonly confFiles: readonly ConfFileRef[];
  /** A CONF_SOURCE or links that point outside the root: not read (KL907). */
  readonly outside?: readonly OutsidePath[];
}

/** Reads pyproject.toml and lists the package's Python files. */
export async function loadLayout(host: SourceHost, rootUri: string): Promise<ProjectLayout> {
  const pyUri = joinUri(rootUri, 'pyproject.toml');
  const pySrc = await host.read(pyUri);
  const pyproject = extractPyprojectFacts(pyUri, pySrc?.text ?? '');
  const packageName = pyproject.kedro?.packageName;
  const sourceDir = pyproject.kedro?.sourceDir ?? 'src';
  const boundary = await Boundary.of(host, rootUri);
  // Dependency files are read on every pass (readVersionFiles skips links out); they are reported here, once.
  for (const f of DEPENDENCY_FILES) await boundary.allows(joinUri(rootUri, ...f.split('/')));
  // Kedro joins source_dir to the root as is; an absolute one or one climbing out with `..` is not followed.
  const sourceSegments = segmentsInside(sourceDir);
  if (!sourceSegments) boundary.outside.push({ what: 'source_dir', value: sourceDir });
  let packageUri: string | undefined;
  let packageFound = false;
  if (packageName && sourceSegments) {
    const candidate = joinUri(rootUri, ...sourceSegments, ...packageName.split('/'));
    packageFound = !!(await host.readDir(candidate));
    if (packageFound && (await boundary.allows(candidate))) packageUri = candidate;
  }
  let packageMissing: ProjectLayout['packageMissing'];
  if (packageName && sourceSegments && !packageFound) {
    const top = packageName.split('/')[0] as string;
    const entries = (await host.readDir(joinUri(rootUri, ...sourceSegments))) ?? [];
    const variant = entries.find((e) => e.kind === 'dir' && e.name !== top && e.name.toLowerCase() === top.toLowerCase());
    packageMissing = { sourceDir: sourceSegments.join('/'), ...(variant && !packageName.includes('/') ? { caseVariant: variant.name } : {}) };
  }
  const pythonFiles = packageUri ? await listFiles(host, packageUri, (n) => n.endsWith('.py'), undefined, undefined, boundary) : [];
  // Kedro puts source_dir on sys.path: the package's sibling packages and modules there (`src/utils/`, `src/hooks.py`)
  // are importable by their own names. Not when source_dir is the root itself (its folders are scripts, notebooks,
  // docs), nor tests.
  if (packageUri && packageName && sourceSegments?.length) {
    const sourceUri = joinUri(rootUri, ...sourceSegments);
    const top = packageName.split('/')[0];
    for (const e of (await host.readDir(sourceUri)) ?? []) {
      // Top-level modules too (`src/hooks.py` for `from hooks import ...`), but not the packaging script.
      if (e.kind !== 'dir' && /^[A-Za-z_]\w*\.py$/.test(e.name) && e.name !== 'setup.py' && e.name !== 'conftest.py') {
        const file = joinUri(sourceUri, e.name);
        if (!e.link || (await boundary.allows(file))) pythonFiles.push(file);
        continue;
      }
      if (e.kind !== 'dir' || e.name === top || e.name === 'tests' || e.name === 'test' || isSkippedDir(e.name) || !/^[A-Za-z_]\w*$/.test(e.name)) continue;
      pythonFiles.push(...(await listFiles(host, joinUri(sourceUri, e.name), (n) => n.endsWith('.py'), undefined, undefined, boundary)));
    }
  }
  const inPackage = new Set(pythonFiles);
  const outsidePackage = (
    await listFiles(host, rootUri, (n) => n.endsWith('.py') || n.endsWith('.ipynb'), { maxDepth: 5, maxFiles: 2000 }, (name, depth) => isSkippedDir(name) || (depth === 0 && (name === 'data' || name === 'conf')), boundary)
  ).filter((u) => !inPackage.has(u));
  const scriptFiles = outsidePackage.filter((u) => u.endsWith('.py'));
  const notebookFiles = outsidePackage.filter((u) => u.endsWith('.ipynb'));
  return {
    rootUri,
    pyproject,
    ...(packageName ? { packageName } : {}),
    ...(packageUri ? { packageUri } : {}),
    ...(packageMissing ? { packageMissing } : {}),
    pythonFiles,
    scriptFiles,
    notebookFiles,
    ...(boundary.outside.length ? { outside: boundary.outside } : {}),
  };
}

/** Lists the config files OmegaConfigLoader would read in each environment folder. */
export async function loadConfLayout(host: SourceHost, rootUri: string, settings: ProjectSettings): Promise<ConfLayout> {
  const boundary = await Boundary.of(host, rootUri);
  const remote = /^[a-z][\w+.-]*:\/\//i.test(settings.confSource);
  const segments = remote ? undefined : segmentsInside(settings.confSource);
  // Remote conf sources are not read (the template location is used); one outside the root is not read at all.
  if (!remote && !segments) return { confUri: rootUri, envs: [], confFiles: [], outside: [{ what: 'CONF_SOURCE', value: settings.confSource }] };
  const confUri = joinUri(rootUri, ...(segments ?? ['conf']));
  const envEntries = ((await boundary.allows(confUri)) ? await host.readDir(confUri) : undefined) ?? [];
  const envs = envEntries.filter((e) => e.kind === 'dir' && !e.name.startsWith('.')).map((e) => e.name).sort();
  const classify = confClassifier(settings.configPatterns);
  const confFiles: ConfFileRef[] = [];
  for (const env of envs) {
    const envUri = joinUri(confUri, env);
    const files = await listFiles(host, envUri, (n) => /\.(ya?ml|json)$/i.test(n), { maxDepth: 8, maxFiles: 5000 }, isSkippedDir, boundary);
    for (const uri of files) {
      const relPath = relativeUri(envUri, uri);
      if (relPath === undefined) continue;
      const kind = classify(relPath);
      if (kind) confFiles.push({ uri, env, relPath, kind });
    }
  }
  // Files directly in the conf folder: only a pass over the conf folder itself (an empty environment) reads them, as
  // `catalog.yml` matches `catalog*` from there. Other files (logging.yml) are no kind's and are not listed.
  for (const e of envEntries) {
    if (e.kind === 'dir' || !/\.(ya?ml|json)$/i.test(e.name)) continue;
    const kind = classify(e.name);
    const uri = joinUri(confUri, e.name);
    if (kind && kind !== 'other' && (!e.link || (await boundary.allows(uri)))) confFiles.push({ uri, env: '', relPath: e.name, kind });
  }
  return { confUri, envs, confFiles, ...(boundary.outside.length ? { outside: boundary.outside } : {}) };
}
