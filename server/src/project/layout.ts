import type { SourceHost } from '../core/types';
import { joinUri, relativeUri } from '../core/uri';
import { extractPyprojectFacts, type PyprojectFacts } from '../parsing/toml/pyproject';
import type { ConfKind } from '../parsing/yaml/confFacts';
import { confClassifier } from './confPatterns';
import { isSkippedDir, listFiles } from './discovery';
import type { ProjectSettings } from './settings';

export interface ConfFileRef {
  readonly uri: string;
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
  readonly pythonFiles: readonly string[];
  /** Python files of the project outside the package (scripts/, notebooks/*.py, tests/): only catalog calls are read. */
  readonly scriptFiles: readonly string[];
}

/** Where the configuration is, per settings.py (CONF_SOURCE, config patterns). */
export interface ConfLayout {
  readonly confUri: string;
  /** Folders directly under the conf source. */
  readonly envs: readonly string[];
  readonly confFiles: readonly ConfFileRef[];
}

/** Reads pyproject.toml and lists the package's Python files. */
export async function loadLayout(host: SourceHost, rootUri: string): Promise<ProjectLayout> {
  const pyUri = joinUri(rootUri, 'pyproject.toml');
  const pySrc = await host.read(pyUri);
  const pyproject = extractPyprojectFacts(pyUri, pySrc?.text ?? '');
  const packageName = pyproject.kedro?.packageName;
  const sourceDir = pyproject.kedro?.sourceDir ?? 'src';
  let packageUri: string | undefined;
  if (packageName) {
    const candidate = joinUri(rootUri, sourceDir, packageName);
    if (await host.readDir(candidate)) packageUri = candidate;
  }
  const pythonFiles = packageUri ? await listFiles(host, packageUri, (n) => n.endsWith('.py')) : [];
  const inPackage = new Set(pythonFiles);
  const scriptFiles = (
    await listFiles(host, rootUri, (n) => n.endsWith('.py'), { maxDepth: 5, maxFiles: 2000 }, (name, depth) => isSkippedDir(name) || (depth === 0 && (name === 'data' || name === 'conf')))
  ).filter((u) => !inPackage.has(u));
  return {
    rootUri,
    pyproject,
    ...(packageName ? { packageName } : {}),
    ...(packageUri ? { packageUri } : {}),
    pythonFiles,
    scriptFiles,
  };
}

/** Lists the config files OmegaConfigLoader would read in each environment folder. */
export async function loadConfLayout(host: SourceHost, rootUri: string, settings: ProjectSettings): Promise<ConfLayout> {
  const confUri = /^[a-z][\w+.-]*:\/\//i.test(settings.confSource) || settings.confSource.startsWith('/')
    ? joinUri(rootUri, 'conf') // remote/absolute conf sources are not read; fall back to the template location
    : joinUri(rootUri, ...settings.confSource.split('/').filter(Boolean));
  const envEntries = (await host.readDir(confUri)) ?? [];
  const envs = envEntries.filter((e) => e.kind === 'dir' && !e.name.startsWith('.')).map((e) => e.name).sort();
  const classify = confClassifier(settings.configPatterns);
  const confFiles: ConfFileRef[] = [];
  for (const env of envs) {
    const envUri = joinUri(confUri, env);
    const files = await listFiles(host, envUri, (n) => /\.(ya?ml|json)$/i.test(n), { maxDepth: 8, maxFiles: 5000 }, isSkippedDir);
    for (const uri of files) {
      const relPath = relativeUri(envUri, uri);
      if (relPath === undefined) continue;
      const kind = classify(relPath);
      if (kind) confFiles.push({ uri, env, relPath, kind });
    }
  }
  return { confUri, envs, confFiles };
}
