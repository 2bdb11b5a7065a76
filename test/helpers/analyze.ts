import type { Problem } from '../../server/src/core/types';
import { KedroWorkspace, type AnalysisOptions, type WorkspaceAnalysis } from '../../server/src/project/workspace';
import { MemoryHost } from './memoryHost';
import { testParser } from './parser';

export const ROOT = 'file:///proj';

export const PYPROJECT = `[tool.kedro]
package_name = "demo"
project_name = "Demo"
kedro_init_version = "1.5.0"
`;

/** Analyses an in-memory project (a pyproject with package `demo` is added unless given). */
export async function analyzeMemoryProject(
  files: Record<string, string>,
  options: AnalysisOptions = {},
): Promise<{ result: WorkspaceAnalysis; host: MemoryHost; ws: KedroWorkspace }> {
  const host = new MemoryHost(ROOT, { 'pyproject.toml': PYPROJECT, ...files });
  const ws = new KedroWorkspace(host, await testParser());
  await ws.discover([ROOT]);
  const result = await ws.analyze(options);
  if (!result) throw new Error('analysis was cancelled');
  return { result, host, ws };
}

/** Problems in the CLI's one-line format (1-based), sorted, optionally of one code. */
export function render(result: WorkspaceAnalysis, code?: string): string[] {
  return result.projects
    .flatMap((p) => p.problems)
    .filter((p: Problem) => !code || p.code === code)
    .map((p) => `${p.loc.uri.replace(`${ROOT}/`, '')}:${p.loc.span.start.line + 1}:${p.loc.span.start.character + 1} ${p.code} ${p.message}`)
    .sort();
}
