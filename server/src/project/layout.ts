import type { SourceHost } from '../core/types';
import { joinUri, relativeUri } from '../core/uri';
import { extractPyprojectFacts, type PyprojectFacts } from '../parsing/toml/pyproject';
import type { ConfKind } from '../parsing/yaml/confFacts';
import { confClassifier } from './confPatterns';
import { isSkippedDir, listFiles } from './discovery';

export interface ConfFileRef {
  readonly uri: string;
  readonly env: string;
  /** Path relative to the env folder. */
  readonly relPath: string;
  readonly kind: ConfKind;
}

/** Where things are in one Kedro project; recomputed only when pyproject/settings/conf folders change. */
export interface ProjectLayout {
  readonly rootUri: string;
  readonly pyproject: PyprojectFacts;
  readonly packageName?: string;
  /** `<root>/<source_dir>/<package_name>`, when it exists. */
  readonly packageUri?: string;
  readonly confUri: string;
  readonly baseEnv: string;
  readonly defaultRunEnv: string;
  /** Folders directly under conf/. */
  readonly envs: readonly string[];
  readonly pythonFiles: readonly string[];
  readonly confFiles: readonly ConfFileRef[];
}

/** Reads pyproject.toml and lists the package's Python files and the conf files Kedro would load. */
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

  const confUri = joinUri(rootUri, 'conf');
  const envEntries = (await host.readDir(confUri)) ?? [];
  const envs = envEntries.filter((e) => e.kind === 'dir' && !e.name.startsWith('.')).map((e) => e.name).sort();
  const classify = confClassifier();
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
  return {
    rootUri,
    pyproject,
    ...(packageName ? { packageName } : {}),
    ...(packageUri ? { packageUri } : {}),
    confUri,
    baseEnv: 'base',
    defaultRunEnv: 'local',
    envs,
    pythonFiles,
    confFiles,
  };
}
