import type { Problem } from '../../server/src/core/types';
import { KedroWorkspace, type AnalysisOptions, type WorkspaceAnalysis } from '../../server/src/analysis/workspace';
import type { SourceHost } from '../../server/src/core/types';
import { MemoryHost } from './memoryHost';
import { testParser } from './parser';

export const ROOT = 'file:///proj';

export const PYPROJECT = `[tool.kedro]
package_name = "demo"
project_name = "Demo"
kedro_init_version = "1.5.0"
`;

export const REGISTRY = `from kedro.framework.project import find_pipelines


def register_pipelines():
    pipelines = find_pipelines(raise_errors=True)
    pipelines["__default__"] = sum(pipelines.values())
    return pipelines
`;

/**
 * The files of a realistic project around `files`: pyproject (package `demo`), the template registry and, for each
 * `src/demo/pipelines/<x>/pipeline.py`, the `__init__.py` that re-exports create_pipeline. Given files win.
 */
export function withProjectScaffold(files: Record<string, string>): Record<string, string> {
  // A project pinned to another Kedro records that release (Kedro refuses a mismatched one: KL901); one pinned to a
  // range records none, so the range is what the analysis sees.
  const req = /^kedro\s*(==|~=|[<>]=?)\s*([\d.]+)/m.exec(files['requirements.txt'] ?? '');
  const recorded = !req ? '1.5.0' : req[1] === '==' || req[1] === '~=' ? req[2] : undefined;
  const scaffold: Record<string, string> = {
    'pyproject.toml': recorded ? PYPROJECT.replace('"1.5.0"', `"${recorded}"`) : PYPROJECT.replace(/kedro_init_version.*\n/, ''),
    'src/demo/__init__.py': '',
    'src/demo/pipeline_registry.py': REGISTRY,
    'conf/base/.gitkeep': '',
    'conf/local/.gitkeep': '',
  };
  for (const path of Object.keys(files)) {
    const m = /^src\/demo\/pipelines\/([^/]+)\/pipeline\.py$/.exec(path);
    if (m) scaffold[`src/demo/pipelines/${m[1]}/__init__.py`] = 'from .pipeline import create_pipeline\n';
  }
  return { ...scaffold, ...files };
}

/** A workspace as tests make it: reused node checks are verified when the test run asks (vitest.config.mts). */
export async function testWorkspace(host: SourceHost): Promise<KedroWorkspace> {
  return new KedroWorkspace(host, await testParser(), undefined, { verifyReuse: process.env['KEDRO_LENS_VERIFY_REUSE'] === '1' });
}

/** Analyses an in-memory project built by withProjectScaffold. */
export async function analyzeMemoryProject(
  files: Record<string, string>,
  options: AnalysisOptions = {},
  root = ROOT,
): Promise<{ result: WorkspaceAnalysis; host: MemoryHost; ws: KedroWorkspace }> {
  const host = new MemoryHost(root, withProjectScaffold(files));
  const ws = await testWorkspace(host);
  await ws.discover([root]);
  const result = await ws.analyze(options);
  if (!result) throw new Error('analysis was cancelled');
  return { result, host, ws };
}

/**
 * Writes (or, with `text` undefined, deletes) a file of an analysed memory project and analyses again, as the server
 * does after an edit: a file that appears or goes also invalidates the layouts (what its file watcher does).
 */
export async function editAndAnalyze(
  project: { readonly current: Record<string, string>; readonly host: MemoryHost; readonly ws: KedroWorkspace },
  rel: string,
  text: string | undefined,
): Promise<WorkspaceAnalysis> {
  const { current, host, ws } = project;
  const created = text !== undefined && !(rel in current);
  if (text === undefined) {
    delete current[rel];
    host.delete(rel);
  } else {
    current[rel] = text;
    host.set(rel, text);
  }
  if (created || text === undefined) ws.invalidateLayouts();
  const after = await ws.analyze();
  if (!after) throw new Error('analysis was cancelled');
  return after;
}

/** Hygiene findings most fixtures trigger on purpose-free catalogs (unused entries, data files not on disk). */
const HYGIENE = new Set(['KL110', 'KL111']);

/** Problems in the CLI's one-line format (1-based), sorted; one code, or all but the hygiene ones. */
export function render(result: WorkspaceAnalysis, code?: string): string[] {
  return result.projects
    .flatMap((p) => p.problems)
    .filter((p: Problem) => (code ? p.code === code : !HYGIENE.has(p.code)))
    .map((p) => `${p.loc.uri.replace(`${ROOT}/`, '')}:${p.loc.span.start.line + 1}:${p.loc.span.start.character + 1} ${p.code} ${p.message}`)
    .sort();
}
