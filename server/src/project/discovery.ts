import type { SourceHost } from '../core/types';
import { joinUri } from '../core/uri';
import { Boundary } from './boundary';

/** Folders that never hold project sources: environments, caches, build output, VCS data. */
const SKIP_DIRS = new Set([
  '.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', 'site-packages', '__pycache__', 'build', 'dist',
  '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.ipynb_checkpoints', '.idea', '.vscode',
  '.eggs', '.cache', 'mlruns', '.viz',
]);

// A folder named with a template placeholder (`{{ cookiecutter.repo_name }}`) holds a project template, not a project.
export const isSkippedDir = (name: string): boolean => SKIP_DIRS.has(name) || name.startsWith('.') || name.endsWith('.egg-info') || name.includes('{{');

export interface WalkLimits {
  readonly maxDepth: number;
  readonly maxFiles: number;
}

/** Recursively lists files under `dir` (skipping ignored folders) whose name passes `accept`. Bounded, so symlink loops end. */
export async function listFiles(
  host: SourceHost,
  dir: string,
  accept: (name: string) => boolean,
  limits: WalkLimits = { maxDepth: 12, maxFiles: 20000 },
  skipDir: (name: string, depth: number) => boolean = isSkippedDir,
  /** Folders and linked files whose real path leaves it are neither listed nor returned. */
  boundary?: Boundary,
): Promise<string[]> {
  const out: string[] = [];
  const visited = new Set<string>();
  const walk = async (uri: string, depth: number): Promise<void> => {
    if (depth > limits.maxDepth || out.length >= limits.maxFiles) return;
    // A folder reached twice (symlink loop, or a link into the tree) is walked once.
    const real = host.realPath ? await host.realPath(uri) : undefined;
    if (real !== undefined) {
      if (visited.has(real)) return;
      visited.add(real);
    }
    if (boundary && !(await boundary.allows(uri, real))) return;
    const entries = await host.readDir(uri);
    if (!entries) return;
    for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (out.length >= limits.maxFiles) return;
      const child = joinUri(uri, e.name);
      if (e.kind === 'dir') {
        if (!skipDir(e.name, depth)) await walk(child, depth + 1);
      } else if (accept(e.name) && (!e.link || !boundary || (await boundary.allows(child)))) out.push(child);
    }
  };
  await walk(dir, 0);
  return out;
}

/** Every folder under `workspace` whose `pyproject.toml` mentions `[tool.kedro]` (Kedro's own cheap check). */
export async function discoverKedroRoots(host: SourceHost, workspace: string, maxDepth = 6): Promise<string[]> {
  const candidates = await listFiles(
    host,
    workspace,
    (n) => n === 'pyproject.toml',
    { maxDepth, maxFiles: 5000 },
    (name) => isSkippedDir(name) || name === 'data' || name === 'conf',
    // Folders linked outside the workspace folder are not searched.
    await Boundary.of(host, workspace),
  );
  const roots: string[] = [];
  for (const uri of candidates) {
    const src = await host.read(uri);
    if (src?.text.includes('[tool.kedro]')) roots.push(uri.slice(0, -'/pyproject.toml'.length));
  }
  return roots;
}
